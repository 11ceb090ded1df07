"""Quick add and repeating tasks through the pages: what a person types becomes the task, a
repeating task moves on when completed (with Undo), and its occurrences are kept apart by the
database like every other row of a person's."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tasks.actions import undo
from tasks.models import Label, Task, TaskCompletion, TaskCounts
from tests.factories import as_user, make_project, make_task, reload

pytestmark = pytest.mark.django_db


def completions(owner, task) -> list[date]:
    with as_user(owner):
        return list(TaskCompletion.objects.filter(task=task).values_list("due_date", flat=True))


def quick_add(client, text: str, **fields):
    return client.post(reverse("tasks:create"), {"title": text, "quick_add": "1", **fields}, follow=True)


def test_the_quick_add_box_makes_exactly_the_task_typed(owner_client, owner):
    make_project(owner, "Home")
    before = timezone.localtime(timezone=owner.zone)
    quick_add(owner_client, "Water the plants every! 3 days at 8am #Home @garden p2")
    after = timezone.localtime(timezone=owner.zone)
    with as_user(owner):
        task = Task.objects.get()
        labels = list(Label.objects.values_list("name", flat=True))
    # Today at 8:00, or the repeat's next occurrence when 8:00 has passed where the person is.
    first = {moment.date() + timedelta(days=0 if moment.time() < time(8) else 3) for moment in (before, after)}
    assert (task.title, task.project.name, task.priority) == ("Water the plants", "Home", 2)
    assert task.due_date in first and task.due_time == time(8)
    assert (task.recurrence, task.recur_from_completion) == ("FREQ=DAILY;INTERVAL=3", True)
    assert labels == ["garden"]


def test_an_unknown_project_stays_in_the_title_and_the_person_is_told(owner_client, owner):
    response = quick_add(owner_client, "Plant bulbs #Garden tomorrow")
    with as_user(owner):
        task = Task.objects.get()
    assert (task.title, task.due_date) == ("Plant bulbs #Garden", owner.today() + timedelta(days=1))
    assert "There is no project named “Garden”; it stays in the title." in response.content.decode()


def test_on_the_full_form_a_field_set_by_hand_wins_over_the_title(owner_client, owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    owner_client.post(reverse("tasks:create"), {"title": "Report #Home", "project": work.pk, "priority": "4"})
    with as_user(owner):
        task = Task.objects.get()
    assert (task.title, task.project_id) == ("Report", work.pk)
    assert home.pk != work.pk


def test_the_full_form_reads_its_title_and_its_repeat_field(owner_client, owner):
    owner_client.post(
        reverse("tasks:create"), {"title": "Book club", "priority": "4", "repeat": "every 3rd friday", "due_time": ""}
    )
    with as_user(owner):
        task = Task.objects.get()
    assert task.recurrence == "FREQ=MONTHLY;BYDAY=3FR"
    assert task.due_date >= owner.today() and task.due_date.weekday() == 4 and 15 <= task.due_date.day <= 21


def edit(client, task, **changes):
    page = client.get(reverse("tasks:edit", args=[task.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in ("title", "description", "priority", "due_date", "due_time")}
    data |= {f"initial-{name}": value for name, value in data.items()}
    data |= {"repeat": form["repeat"].value() or "", "initial-repeat": form["repeat"].value() or ""}
    data |= changes
    return client.post(reverse("tasks:edit", args=[task.pk]), {k: v for k, v in data.items() if v is not None})


def test_the_edit_form_sets_changes_and_clears_a_repeat_and_says_it_back(owner_client, owner):
    task = make_task(owner, title="Team call", due_date=date(2027, 1, 15))
    edit(owner_client, task, repeat="every other monday at 10am")
    task = reload(owner, task)
    assert (task.recurrence, task.due_date, task.due_time) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        date(2027, 1, 18),
        time(10),
    )
    page = owner_client.get(reverse("tasks:edit", args=[task.pk])).content.decode()
    assert "Every other Monday at 10:00, from the due date" in page
    assert 'value="every other monday"' in page
    response = edit(owner_client, task, repeat="every blue moon")
    assert "is not a repeat this app understands" in response.content.decode()
    assert reload(owner, task).recurrence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    edit(owner_client, task, repeat="")
    assert reload(owner, task).recurrence is None


def test_completing_a_repeating_task_moves_it_on_and_undo_moves_it_back(owner_client, owner):
    today = owner.today()
    task = make_task(
        owner, title="Water", due_date=today, recurrence="FREQ=DAILY;INTERVAL=3", recur_from_completion=True
    )
    response = owner_client.post(reverse("tasks:toggle", args=[task.pk]), HTTP_ACCEPT="application/json").json()
    moved = reload(owner, task)
    assert (moved.completed, moved.due_date) == (False, today + timedelta(days=3))
    assert completions(owner, task) == [today]
    assert response["message"].startswith("Done for ") and "Next: " in response["message"]
    assert 'class="repeats"' in response["row"]
    owner_client.post(response["undo_url"], HTTP_ACCEPT="application/json")
    assert (reload(owner, task).due_date, completions(owner, task)) == (today, [])


def test_an_overdue_repeating_task_moves_to_its_next_date_after_today(owner_client, owner):
    """`every` keeps to its own dates (10 days late, every 3 days: the one 12 days after the
    old due date), skipping the missed ones as Todoist does; `every!` counts from today."""
    today = owner.today()
    late = today - timedelta(days=10)
    every = make_task(owner, title="every", due_date=late, recurrence="FREQ=DAILY;INTERVAL=3")
    bang = make_task(
        owner, title="every!", due_date=late, recurrence="FREQ=DAILY;INTERVAL=3", recur_from_completion=True
    )
    for task in (every, bang):
        owner_client.post(reverse("tasks:toggle", args=[task.pk]))
    assert reload(owner, every).due_date == late + timedelta(days=12)
    assert reload(owner, bang).due_date == today + timedelta(days=3)
    assert completions(owner, every) == [late]  # the occurrence that was due is the one recorded


def test_a_spent_repeat_completes_the_task(owner_client, owner):
    task = make_task(owner, title="Course", due_date=owner.today(), recurrence="FREQ=DAILY;COUNT=2")
    owner_client.post(reverse("tasks:toggle", args=[task.pk]))
    assert reload(owner, task).completed is False
    response = owner_client.post(reverse("tasks:toggle", args=[task.pk]), follow=True)
    assert reload(owner, task).completed is True
    assert "it does not repeat any more" in response.content.decode()


def test_bulk_complete_and_toggle_all_move_repeating_tasks_on(owner_client, owner):
    today = owner.today()
    daily = make_task(owner, title="Daily", due_date=today, recurrence="FREQ=DAILY")
    once = make_task(owner, title="Once")
    owner_client.post(reverse("tasks:bulk"), {"ids": [daily.pk, once.pk], "action": "complete"})
    assert (reload(owner, daily).due_date, reload(owner, daily).completed) == (today + timedelta(days=1), False)
    assert reload(owner, once).completed is True
    owner_client.post(reverse("tasks:toggle_all"), {"action": "complete"})
    assert reload(owner, daily).due_date == today + timedelta(days=1)  # not due yet: left as it is
    with as_user(owner):
        assert TaskCounts.of(owner) == {"all": 2, "active": 1, "completed": 1}


def test_the_preview_says_what_will_be_saved(owner_client, owner):
    make_project(owner, "Home")
    text = "Water the plants every! 3 days at 8am #Home @garden p2"
    data = owner_client.get(reverse("tasks:parse"), {"title": text}).json()
    assert [(text[s["start"] : s["end"]], s["kind"]) for s in data["spans"]] == [
        ("every! 3 days at 8am", "repeat"),
        ("#Home", "project"),
        ("@garden", "label"),
        ("p2", "priority"),
    ]
    # Today at 8:00, or in three days when 8:00 has passed where the person is.
    assert data["summary"].startswith("“Water the plants” · ")
    assert " 08:00 · Every 3 days at 8:00, from completion · #Home · @garden · P2" in data["summary"]
    assert owner_client.get(reverse("tasks:parse"), {"title": "x" * 10_000}).status_code == 200


def test_the_export_has_the_completed_occurrences(client, owner):
    from tests.factories import PASSWORD

    task = make_task(owner, title="Water", due_date=owner.today(), recurrence="FREQ=DAILY")
    client.force_login(owner)
    client.post(reverse("tasks:toggle", args=[task.pk]))
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    data = client.get("/accounts/export/").json()
    assert [(c["task_id"], c["due_date"]) for c in data["task_completions"]] == [(str(task.pk), str(owner.today()))]
    assert data["tasks"][0]["recurrence"] == "FREQ=DAILY"


def test_another_persons_completions_cannot_be_read_undone_or_made(owner_client, owner, stranger):
    theirs = make_task(stranger, title="Theirs", due_date=date(2027, 1, 1), recurrence="FREQ=DAILY")
    with as_user(stranger):
        record = TaskCompletion.objects.create(task=theirs, user=stranger, due_date=date(2027, 1, 1))
    # Their Undo token, however it was had, is refused to anyone else.
    token = undo.token(
        stranger, "completion", task=str(theirs.pk), completion=str(record.pk), due="2027-01-01", next="2027-01-02"
    )
    assert owner_client.post(f"/undo/?token={token}").status_code == 400
    assert reload(stranger, theirs).due_date == date(2027, 1, 1)
    mine = make_task(owner, title="Mine")
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM task_completions")
        assert cursor.fetchone() == (0,)
        cursor.execute("DELETE FROM task_completions WHERE id = %s", [record.pk])
        assert cursor.rowcount == 0
        with pytest.raises(IntegrityError, match="task_completions_task_id_fkey"), transaction.atomic():
            cursor.execute(
                "INSERT INTO task_completions (task_id, user_id, due_date) VALUES (%s, %s, '2027-01-01')",
                [theirs.pk, owner.pk],
            )
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO task_completions (task_id, user_id, due_date) VALUES (%s, %s, '2027-01-01')",
                [mine.pk, stranger.pk],
            )
    with as_user(stranger):
        Task.objects.filter(pk=theirs.pk).delete()
        assert not TaskCompletion.objects.exists()  # cascaded with the task


def test_a_phrase_past_the_title_limit_is_refused_with_a_message(owner_client, owner):
    response = quick_add(owner_client, "every day " * 1000)
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    with as_user(owner):
        assert not Task.objects.exists()


def test_typed_dates_and_projects_win_over_the_page_in_the_add_box(owner_client, owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    today = owner.today()
    quick_add(owner_client, "Call mom tomorrow at 5pm", due_date=today.isoformat())
    quick_add(owner_client, "Report #Work", project=home.pk)
    with as_user(owner):
        call, report = Task.objects.get(title="Call mom"), Task.objects.get(title="Report")
    assert (call.due_date, call.due_time) == (today + timedelta(days=1), time(17))
    assert report.project_id == work.pk


def test_the_add_box_of_an_archived_project_adds_to_it(owner_client, owner):
    project = make_project(owner, "Old")
    owner_client.post(f"/projects/{project.pk}/archive/")
    quick_add(owner_client, "Still here", project=project.pk)
    with as_user(owner):
        assert Task.objects.get().project_id == project.pk


def test_only_the_latest_completion_can_be_undone(owner_client, owner):
    today = owner.today()
    task = make_task(owner, title="Daily", due_date=today, recurrence="FREQ=DAILY")
    first = owner_client.post(reverse("tasks:toggle", args=[task.pk]), HTTP_ACCEPT="application/json").json()
    owner_client.post(reverse("tasks:toggle", args=[task.pk]))
    answer = owner_client.post(first["undo_url"], HTTP_ACCEPT="application/json").json()
    assert "has moved on since" in answer["message"]
    assert reload(owner, task).due_date == today + timedelta(days=2)


def test_toggle_all_moves_on_only_the_repeating_tasks_that_are_due(owner_client, owner):
    today = owner.today()
    due = make_task(owner, title="Due", due_date=today, recurrence="FREQ=DAILY")
    later = make_task(owner, title="Later", due_date=today + timedelta(days=30), recurrence="FREQ=MONTHLY")
    owner_client.post(reverse("tasks:toggle_all"), {"action": "complete"})
    assert reload(owner, due).due_date == today + timedelta(days=1)
    assert reload(owner, later).due_date == today + timedelta(days=30)
    assert completions(owner, later) == []


def test_an_edit_form_read_with_a_bad_or_vanished_value_is_no_crash(owner_client, owner):
    task = make_task(owner, title="x", due_date=date(2027, 1, 1))
    response = edit(
        owner_client, task, due_date="2027-02-02", **{"initial-due_date": "not a date", "initial-labels": "gone"}
    )
    assert response.status_code == 302
    assert reload(owner, task).due_date == date(2027, 2, 2)


def test_a_bulk_completion_says_which_tasks_moved_on(owner_client, owner):
    daily = make_task(owner, title="Daily", due_date=owner.today(), recurrence="FREQ=DAILY")
    once = make_task(owner, title="Once")
    response = owner_client.post(
        reverse("tasks:bulk"), {"ids": [daily.pk, once.pk], "action": "complete"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["message"] == "Marked 1 task as done; 1 repeating task moved to the next date."
