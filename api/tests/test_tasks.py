"""The task operations behave as the pages do: quick add, the fields, repeats, completion,
the trash, ETags and If-Match, Idempotency-Key, the lists' filters, sorts and cursor."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Task, TaskCompletion
from tests.factories import add_tasks, as_user, make_label, make_project, make_task

pytestmark = pytest.mark.django_db


def test_quick_add_text_sets_the_fields_it_names(api, owner):
    make_project(owner, "Home")
    response = api.post("/tasks", {"text": "Pay rent every 1st p1 #Home @bills"})
    assert response.status_code == 201, response.content
    task = response.json()
    assert task["title"] == "Pay rent"
    assert task["priority"] == 1
    assert task["labels"] == ["bills"]
    assert task["recurrence"] and "BYMONTHDAY=1" in task["recurrence"]
    assert task["due_date"] is not None
    assert response["Location"].endswith(f"/api/v1/tasks/{task['id']}")
    assert response["ETag"]


def test_a_create_with_the_fields_takes_the_title_as_it_is(api, owner):
    project = make_project(owner, "Work")
    body = {
        "title": "Call Bob tomorrow p1",
        "description": "About the *roof*",
        "project_id": str(project.pk),
        "labels": ["phone", "Phone"],
        "priority": 2,
        "due_date": "2030-01-27",
        "due_time": "09:30",
        "repeat": "every week",
    }
    task = api.post("/tasks", body).json()
    assert task["title"] == "Call Bob tomorrow p1"
    assert task["project_id"] == str(project.pk)
    assert task["labels"] == ["phone"]
    assert (task["priority"], task["due_date"], task["due_time"]) == (2, "2030-01-27", "09:30")
    assert task["recurrence"].startswith("FREQ=WEEKLY")


def test_a_create_takes_an_rrule(api):
    task = api.post("/tasks", {"title": "Standup", "due_date": "2030-01-07", "recurrence": "FREQ=WEEKLY;BYDAY=MO"})
    assert task.status_code == 201, task.content
    assert task.json()["recurrence"].startswith("FREQ=WEEKLY")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "a", "title": "b"}, "text"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Due time alone", "due_time": "10:00"}, "due_time"),
        ({"title": "Bad rule", "recurrence": "FREQ=SOMETIMES"}, "recurrence"),
        ({"title": "Both", "repeat": "every day", "recurrence": "FREQ=DAILY"}, "recurrence"),
        ({"title": "Nope", "project_id": str(uuid.UUID(int=1))}, "project_id"),
        ({"title": "Nope", "priority": 9}, "priority"),
        ({"title": "Nope", "colour": "red"}, "colour"),
        ({"title": "Nul\u0000"}, "title"),
        ({"title": "Nope", "labels": ["\u202e"]}, "labels"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(api, body, field):
    response = api.post("/tasks", body)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"detail", "errors"}
    assert field in response.json()["errors"], response.json()


@pytest.mark.parametrize("body", ["{", "[]", '"text"', "\xff"])
def test_a_body_that_is_not_a_json_object_is_a_4xx(api, body):
    response = api.post("/tasks", body)
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"detail", "errors"}


def test_an_idempotency_key_makes_one_task_of_a_retried_create(api, owner):
    headers = {"Idempotency-Key": "retry-me-1"}
    first = api.post("/tasks", {"text": "Buy milk"}, **headers)
    again = api.post("/tasks", {"text": "Buy milk"}, **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    with as_user(owner):
        assert Task.objects.count() == 1
    other = api.post("/tasks", {"text": "Buy milk"}, **{"Idempotency-Key": "retry-me-2"})
    assert other.json()["id"] != first.json()["id"]


def test_an_idempotency_key_reused_for_another_body_is_refused(api):
    api.post("/tasks", {"text": "Buy milk"}, **{"Idempotency-Key": "k"})
    response = api.post("/tasks", {"text": "Buy bread"}, **{"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]


def test_a_failed_create_leaves_its_key_free(api, owner):
    assert api.post("/tasks", {"title": " "}, **{"Idempotency-Key": "k"}).status_code == 422
    assert api.post("/tasks", {"title": "Now right"}, **{"Idempotency-Key": "k"}).status_code == 201


def test_an_etag_and_if_match_refuse_a_stale_change(api, owner):
    task = make_task(owner, title="Draft")
    read = api.get(f"/tasks/{task.pk}")
    tag = read["ETag"]
    first = api.patch(f"/tasks/{task.pk}", {"title": "Mine"}, **{"If-Match": tag})
    assert first.status_code == 200
    assert first["ETag"] != tag
    stale = api.patch(f"/tasks/{task.pk}", {"title": "Theirs"}, **{"If-Match": tag})
    assert stale.status_code == 412
    assert set(stale.json()) == {"detail", "errors"}
    assert api.get(f"/tasks/{task.pk}").json()["title"] == "Mine"
    assert api.patch(f"/tasks/{task.pk}", {"title": "Ok"}, **{"If-Match": first["ETag"]}).status_code == 200


def test_a_change_saves_only_the_fields_sent(api, owner):
    task = make_task(owner, title="Keep me", description="Keep this too", priority=2)
    response = api.patch(f"/tasks/{task.pk}", {"labels": ["home"], "due_date": "2030-05-01"})
    body = response.json()
    assert (body["title"], body["description"], body["priority"]) == ("Keep me", "Keep this too", 2)
    assert body["labels"] == ["home"] and body["due_date"] == "2030-05-01"
    cleared = api.patch(f"/tasks/{task.pk}", {"due_date": None, "labels": []}).json()
    assert cleared["due_date"] is None and cleared["labels"] == []


def test_a_repeating_task_keeps_a_due_date(api, owner):
    task = api.post("/tasks", {"text": "Water plants every day"}).json()
    response = api.patch(f"/tasks/{task['id']}", {"due_date": None})
    assert response.status_code == 422
    assert api.patch(f"/tasks/{task['id']}", {"due_date": None, "repeat": ""}).status_code == 200


def test_completing_a_repeating_task_answers_with_its_next_date_and_the_occurrence(api, owner):
    today = owner.today()
    task = api.post("/tasks", {"title": "Stretch", "due_date": today.isoformat(), "repeat": "every day"}).json()
    response = api.post(f"/tasks/{task['id']}/complete")
    assert response.status_code == 200
    body = response.json()
    assert body["occurrence"] == today.isoformat()
    assert body["next_date"] == (today + timedelta(days=1)).isoformat()
    assert body["task"]["due_date"] == body["next_date"] and body["task"]["completed"] is False
    with as_user(owner):
        assert TaskCompletion.objects.filter(task_id=task["id"]).count() == 1
    done = api.get(f"/tasks/{task['id']}/completions").json()
    assert [row["due_date"] for row in done] == [today.isoformat()]
    # The same occurrence sent again (a retry) completes nothing more.
    again = api.post(f"/tasks/{task['id']}/complete", {"occurrence": today.isoformat()}).json()
    assert again["changed"] is False and again["task"]["due_date"] == body["next_date"]


def test_complete_reopen_trash_and_restore(api, owner):
    task = make_task(owner, title="Plain")
    done = api.post(f"/tasks/{task.pk}/complete").json()
    assert done["task"]["completed"] and done["next_date"] is None
    assert api.post(f"/tasks/{task.pk}/reopen").json()["task"]["completed"] is False
    assert api.delete(f"/tasks/{task.pk}").status_code == 200
    assert api.patch(f"/tasks/{task.pk}", {"title": "x"}).status_code == 404
    assert api.get(f"/tasks/{task.pk}").status_code == 404
    assert api.delete(f"/tasks/{task.pk}").status_code == 404
    assert api.get("/tasks").json()["results"] == []
    assert [row["id"] for row in api.get("/tasks", {"status": "trashed"}).json()["results"]] == [str(task.pk)]
    restored = api.post(f"/tasks/{task.pk}/restore")
    assert restored.status_code == 200
    assert [row["id"] for row in api.get("/tasks").json()["results"]] == [str(task.pk)]
    assert api.get("/tasks", {"status": "trashed"}).json()["results"] == []


def test_lists_take_the_pages_filters(api, owner):
    home = make_project(owner, "Home")
    label = make_label(owner, "errands")
    make_task(owner, title="In the inbox")
    at_home = make_task(owner, title="Fix the door", project=home, priority=1, due_date=date(2030, 1, 2))
    make_task(owner, title="Done one", completed=True)
    api.patch(f"/tasks/{at_home.pk}", {"labels": ["errands"]})

    def titles(**params):
        response = api.get("/tasks", params)
        assert response.status_code == 200, response.content
        return [task["title"] for task in response.json()["results"]]

    assert titles(status="completed") == ["Done one"]
    assert titles(project=str(home.pk)) == ["Fix the door"]
    assert titles(project="inbox", status="active") == ["In the inbox"]
    assert titles(label=str(label.pk)) == ["Fix the door"]
    assert titles(q="door") == ["Fix the door"]
    assert titles(q="#Home p1") == ["Fix the door"]
    assert titles(due_after="2030-01-01", due_before="2030-01-03") == ["Fix the door"]
    assert titles(due_before="2030-01-02") == []
    assert titles(sort="title", status="all") == ["Done one", "Fix the door", "In the inbox"]
    assert api.get("/tasks", {"project": str(uuid.uuid4())}).status_code == 404
    assert api.get("/tasks", {"sort": "sideways"}).status_code == 422
    assert api.get("/tasks", {"limit": 201}).status_code == 422


def test_the_cursor_walks_every_task_once(api, owner):
    add_tasks(owner, 7)
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "sort": "oldest"} | ({"cursor": cursor} if cursor else {})
        page = api.get("/tasks", params).json()
        seen += [task["id"] for task in page["results"]]
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == len(set(seen)) == 7


def test_a_cursor_that_is_not_ours_is_a_400(api):
    response = api.get("/tasks", {"cursor": "bm90IG91cnM"})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def list_statements(api, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/tasks", params)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_list_call_runs_the_same_few_statements_whatever_the_number_of_tasks(api, owner):
    label = make_label(owner, "l")
    list_statements(api)  # the token's last use, and the minute's rate-limit counter, made
    add_tasks(owner, 1)
    few = list_statements(api, limit=50, label=str(label.pk))
    add_tasks(owner, 80)
    many = list_statements(api, limit=50, label=str(label.pk))
    assert len(few) == len(many)
    # The context (nobody's, then the token's), the token with its person, the labels, the
    # page, the context put back; and the rate limit's counters: the address's read and the
    # token's counted, here in the database's cache (four statements on its own connection;
    # one command each on Redis, the production cache).
    assert len(many) <= 12, "\n".join(many)
    assert sum('FROM "tasks"' in sql for sql in many) == 1


def test_a_list_answers_what_its_schema_says(api, owner):
    from api.schemas import TaskOut, TaskPage

    api.post("/tasks", {"title": "Full", "description": "d", "due_date": "2030-01-01", "due_time": "08:15",
                        "labels": ["a"], "repeat": "every day"})  # fmt: skip
    listed = api.get("/tasks").json()
    TaskPage.model_validate(listed)
    assert listed["results"][0] == TaskOut.model_validate(listed["results"][0]).model_dump(mode="json") | {
        "created_at": listed["results"][0]["created_at"],
        "updated_at": listed["results"][0]["updated_at"],
        "completed_at": None,
    }
    assert listed["results"][0] == api.get(f"/tasks/{listed['results'][0]['id']}").json()


def test_todays_tasks_as_the_readme_lists_them(api, owner):
    today = owner.today()
    make_task(owner, title="Due today", due_date=today)
    make_task(owner, title="Overdue", due_date=today - timedelta(days=3))
    make_task(owner, title="Later", due_date=today + timedelta(days=3))

    def titles(**params):
        return sorted(task["title"] for task in api.get("/tasks", params).json()["results"])

    assert titles(status="active", q="today") == ["Due today"]
    assert titles(status="active", q="overdue") == ["Overdue"]
    assert titles(status="active", due_before=(today + timedelta(days=1)).isoformat()) == ["Due today", "Overdue"]
