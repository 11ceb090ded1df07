"""Many tasks at once through the API, as the pages do them (tasks.actions.bulk): the bulk bar's
every action, Today's Reschedule, "Clear completed", emptying the trash; and each one's Undo."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks.models import Section, Task, TaskCompletion
from tests.factories import add_tasks, as_user, make_label, make_project, make_task, reload

pytestmark = pytest.mark.django_db


def bulk(api, tasks, action: str, value=None, **extra):
    body = {"ids": [str(task.pk) for task in tasks], "action": action} | ({"value": value} if value is not None else {})
    return api.post("/tasks/bulk", body | extra)


def undo(api, response):
    token = response.json()["undo"]
    assert token, response.json()
    answer = api.post("/undo", {"token": token})
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_bulk_complete_marks_them_done_and_undo_reopens_them(api, owner):
    tasks = [make_task(owner, title="One"), make_task(owner, title="Two")]
    response = bulk(api, tasks, "complete")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["changed"], body["count"], body["message"]) == (True, 2, "Marked 2 tasks as done.")
    assert all(reload(owner, task).completed for task in tasks)
    assert undo(api, response)["changed"] is True
    assert not any(reload(owner, task).completed for task in tasks)


def test_bulk_complete_moves_a_repeating_task_on_by_one_occurrence(api, owner):
    today = owner.today()
    task = make_task(owner, title="Stretch", due_date=today, recurrence="FREQ=DAILY")
    response = bulk(api, [task], "complete")
    assert "moved to the next date" in response.json()["message"]
    assert reload(owner, task).due_date == today + timedelta(days=1)
    undo(api, response)
    assert reload(owner, task).due_date == today
    with as_user(owner):
        assert not TaskCompletion.objects.filter(task=task).exists()


@pytest.mark.parametrize(
    ("action", "value", "field", "after"),
    [("priority", 1, "priority", 1), ("due", "2030-03-04", "due_date", date(2030, 3, 4))],
)
def test_bulk_field_changes_are_saved_and_undone(api, owner, action, value, field, after):
    task = make_task(owner, title="Field")
    before = getattr(task, field)
    response = bulk(api, [task], action, value)
    assert response.json()["count"] == 1, response.content
    assert getattr(reload(owner, task), field) == after
    undo(api, response)
    assert getattr(reload(owner, task), field) == before


def test_bulk_move_takes_a_project_a_section_or_the_inbox(api, owner):
    home = make_project(owner, "Home")
    with as_user(owner):
        kitchen = Section.objects.create(user=owner, project=home, name="Kitchen")
    task = make_task(owner, title="Mop")

    def place():
        moved = reload(owner, task)
        return moved.project_id, moved.section_id

    assert bulk(api, [task], "move", str(home.pk)).json()["message"] == "Moved 1 task to Home."
    assert place() == (home.pk, None)
    to_section = bulk(api, [task], "move", str(kitchen.pk))
    assert place() == (home.pk, kitchen.pk)
    undo(api, to_section)
    assert place() == (home.pk, None)
    assert bulk(api, [task], "move").json()["message"] == "Moved 1 task to the Inbox."
    assert place() == (None, None)


def test_bulk_label_and_unlabel(api, owner):
    label = make_label(owner, "errands")
    task = make_task(owner, title="Buy stamps")
    added = bulk(api, [task], "label", str(label.pk))
    assert added.json()["message"] == "Labelled 1 task @errands."
    assert api.get(f"/tasks/{task.pk}").json()["labels"] == ["errands"]
    removed = bulk(api, [task], "unlabel", str(label.pk))
    assert removed.json()["count"] == 1
    assert api.get(f"/tasks/{task.pk}").json()["labels"] == []
    undo(api, removed)
    assert api.get(f"/tasks/{task.pk}").json()["labels"] == ["errands"]


def test_bulk_trash_and_reopen(api, owner):
    done = make_task(owner, title="Done", completed=True)
    assert bulk(api, [done], "reopen").json()["count"] == 1
    assert not reload(owner, done).completed
    trashed = bulk(api, [done], "trash")
    assert reload(owner, done).deleted_at is not None
    undo(api, trashed)
    assert reload(owner, done).deleted_at is None


def test_another_persons_ids_and_unknown_ids_are_ignored_as_on_the_pages(api, owner, stranger):
    theirs = make_task(stranger, title="Theirs")
    mine = make_task(owner, title="Mine")
    response = api.post(
        "/tasks/bulk", {"ids": [str(theirs.pk), str(uuid.uuid4()), str(mine.pk)], "action": "priority", "value": 1}
    )
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert reload(stranger, theirs).priority == 4
    assert reload(owner, mine).priority == 1
    alone = api.post("/tasks/bulk", {"ids": [str(theirs.pk)], "action": "trash"}).json()
    assert (alone["changed"], alone["count"], alone["undo"]) == (False, 0, None)
    assert reload(stranger, theirs).deleted_at is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": [], "action": "complete"}, "ids"),
        ({"ids": ["nope"], "action": "complete"}, "ids"),
        ({"ids": ["{task}"], "action": "explode"}, "action"),
        ({"ids": ["{task}"], "action": "priority"}, "value"),
        ({"ids": ["{task}"], "action": "priority", "value": 7}, "value"),
        ({"ids": ["{task}"], "action": "priority", "value": "1"}, "value"),
        ({"ids": ["{task}"], "action": "label", "value": "{their_label}"}, "value"),
        ({"ids": ["{task}"], "action": "move", "value": "{their_project}"}, "value"),
        ({"ids": ["{task}"], "action": "due", "value": "03/04/2030"}, "value"),
        ({"ids": ["{task}"], "action": "due", "value": "9999-01-01"}, "value"),
        ({"ids": ["{task}"], "action": "complete", "value": 1}, "value"),
        ({"ids": ["{task}"] * 501, "action": "complete"}, "ids"),
    ],
)
def test_bad_bulk_input_is_a_422_and_changes_nothing(api, owner, stranger, body, field):
    task = make_task(owner, title="Keep", priority=3)
    ids = {"task": task.pk, "their_label": make_label(stranger).pk, "their_project": make_project(stranger).pk}
    body = {
        key: [str(v).format(**ids) for v in value] if isinstance(value, list) else value for key, value in body.items()
    }
    if isinstance(body.get("value"), str):
        body["value"] = body["value"].format(**ids)
    response = api.post("/tasks/bulk", body)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"detail", "errors"}
    assert field in response.json()["errors"], response.json()
    kept = reload(owner, task)
    assert (kept.priority, kept.completed, kept.project_id, kept.due_date) == (3, False, None, None)


def bulk_statements(api, tasks, action: str, value=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = bulk(api, tasks, action, value)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == len(tasks)
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


@pytest.mark.parametrize(
    ("action", "value"), [("complete", None), ("priority", 1), ("label", "label"), ("trash", None)]
)
def test_a_bulk_call_runs_the_same_statements_for_2_tasks_as_for_200(api, owner, action, value):
    label = make_label(owner, "label")
    value = str(label.pk) if value == "label" else value
    bulk_statements(api, add_tasks(owner, 1), action, value)  # the token's last use and rate counters, made
    few = bulk_statements(api, add_tasks(owner, 2, project=None), action, value)
    many = bulk_statements(api, add_tasks(owner, 200), action, value)
    assert len(few) == len(many), "\n".join(many)
    assert len(many) <= 25, "\n".join(many)


def test_reschedule_moves_the_overdue_tasks_to_today_and_undo_puts_them_back(api, owner):
    today = owner.today()
    late = make_task(owner, title="Late", due_date=today - timedelta(days=3))
    later = make_task(owner, title="Later", due_date=today + timedelta(days=3))
    response = api.post("/tasks/reschedule-overdue")
    assert response.status_code == 200, response.content
    assert response.json()["message"].startswith("Moved 1 overdue task to ")
    assert reload(owner, late).due_date == today
    assert reload(owner, later).due_date == today + timedelta(days=3)
    undo(api, response)
    assert reload(owner, late).due_date == today - timedelta(days=3)


def test_reschedule_takes_a_day_and_refuses_a_past_one(api, owner):
    today = owner.today()
    late = make_task(owner, title="Late", due_date=today - timedelta(days=3))
    day = (today + timedelta(days=2)).isoformat()
    assert api.post("/tasks/reschedule-overdue", {"date": day}).json()["count"] == 1
    assert reload(owner, late).due_date.isoformat() == day
    make_task(owner, title="Late again", due_date=today - timedelta(days=1))
    for body in ({"date": (today - timedelta(days=1)).isoformat()}, {"date": "soon"}, {"day": day}, []):
        refused = api.post("/tasks/reschedule-overdue", body)
        assert refused.status_code == 422, (body, refused.content)
    nothing = api.post("/tasks/reschedule-overdue", {"date": day}).json()
    assert nothing["count"] == 1
    assert api.post("/tasks/reschedule-overdue").json() == {
        "changed": False, "count": 0, "message": "Nothing is overdue.", "undo": None,
    }  # fmt: skip


def test_clear_completed_trashes_the_done_tasks_with_an_undo(api, owner):
    done, open_ = make_task(owner, title="Done", completed=True), make_task(owner, title="Open")
    response = api.post("/tasks/clear-completed")
    assert response.json()["count"] == 1
    assert reload(owner, done).deleted_at is not None and reload(owner, open_).deleted_at is None
    undo(api, response)
    assert reload(owner, done).deleted_at is None


def test_empty_trash_deletes_only_the_trash_for_good(api, owner, stranger):
    gone, kept = make_task(owner, title="Gone"), make_task(owner, title="Kept")
    theirs = make_task(stranger, title="Theirs")
    api.delete(f"/tasks/{gone.pk}")
    with as_user(stranger):
        Task.objects.filter(pk=theirs.pk).move_to_trash()
    response = api.post("/trash/empty")
    assert response.status_code == 200
    assert response.json() == {"changed": True, "count": 1, "message": "Deleted 1 task for good.", "undo": None}
    with as_user(owner):
        assert list(Task.objects.values_list("pk", flat=True)) == [kept.pk]
    with as_user(stranger):
        assert Task.objects.filter(pk=theirs.pk).exists()
