"""What release 2's writes got wrong, found by a probe from outside, each fixed once in an
action (tasks.actions). Through the pages, as the probe met them, so each of these fails on
the code before the actions layer."""

from __future__ import annotations

import html
import re
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import MAX_LABELS_PER_TASK, MAX_PROJECTS, Label, Project, Task, TaskLabel
from tasks.recurrence import days_in_month
from tests.factories import add_label, as_user, make_label, make_project, make_task, reload

JSON = {"HTTP_ACCEPT": "application/json"}


def row_form(client, task, url_name: str = "toggle") -> dict:
    """The fields of a row's form as the list page shows them (hidden inputs included)."""
    page = client.get("/").content.decode()
    action = reverse(f"tasks:{url_name}", args=[task.pk])
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"(?! form=)', form))


def bulk_fields(client) -> dict:
    """The hidden inputs the list page gives the bulk form (form="bulk-form"), outside it."""
    page = client.get("/").content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)" form="bulk-form">', page))


def at_once(*calls) -> list:
    """Run each call in a thread of its own (each with its own connection), released together."""
    barrier = threading.Barrier(len(calls))
    errors: list = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# 1. Undo restores only what nothing changed since.


@pytest.mark.django_db
def test_undoing_a_completion_after_the_date_was_edited_keeps_the_edit(owner_client, owner):
    today = owner.today()
    task = make_task(owner, title="Water plants", due_date=today, recurrence="FREQ=DAILY")
    answer = owner_client.post(reverse("tasks:toggle", args=[task.pk]), row_form(owner_client, task), **JSON).json()
    edited = today + timedelta(days=10)
    with as_user(owner):
        Task.objects.filter(pk=task.pk).update(due_date=edited)  # another tab's edit
    again = owner_client.post(answer["undo_url"], **JSON).json()
    assert "nothing was changed" in again["message"]
    assert reload(owner, task).due_date == edited


@pytest.mark.django_db
def test_a_used_project_undo_link_does_nothing_after_a_second_delete(owner_client, owner):
    project = make_project(owner, "Trip")
    make_task(owner, title="Pack", project=project)
    first = owner_client.post(f"/projects/{project.pk}/delete/", follow=True)
    undo = next(iter(first.context["messages"])).extra_tags.removeprefix("undo:")
    owner_client.post(undo)
    owner_client.post(f"/projects/{project.pk}/delete/")  # deleted again, with a link of its own
    owner_client.post(undo)  # the first link, once more
    with as_user(owner):
        assert not Project.objects.exists()
        assert [(t.title, t.project_id, t.in_trash) for t in Task.objects.all()] == [("Pack", None, True)]


@pytest.mark.django_db
def test_an_undo_link_works_once(owner_client, owner):
    task = make_task(owner, title="Oops")
    answer = owner_client.post(reverse("tasks:delete", args=[task.pk]), **JSON).json()
    owner_client.post(answer["undo_url"], **JSON)
    owner_client.post(reverse("tasks:delete", args=[task.pk]), **JSON)  # trashed again, later
    second = owner_client.post(answer["undo_url"], **JSON)
    assert second.status_code in (200, 400)
    assert reload(owner, task).deleted_at is not None


# 2. Completing names its occurrence.


@pytest.mark.django_db
def test_two_tabs_completing_one_repeating_task_move_it_on_once(owner_client, owner):
    today = owner.today()
    task = make_task(owner, title="Take pills", due_date=today, recurrence="FREQ=DAILY")
    form = row_form(owner_client, task)  # both tabs show today's occurrence
    owner_client.post(reverse("tasks:toggle", args=[task.pk]), form)
    second = owner_client.post(reverse("tasks:toggle", args=[task.pk]), form, **JSON).json()
    assert reload(owner, task).due_date == today + timedelta(days=1)
    assert "already" in second["message"]


@pytest.mark.django_db
def test_a_bulk_completion_sent_twice_moves_a_repeating_task_on_once(owner_client, owner):
    today = owner.today()
    task = make_task(owner, title="Stretch", due_date=today, recurrence="FREQ=DAILY")
    form = {"action": "complete", "ids": [task.pk], **bulk_fields(owner_client)}
    owner_client.post(reverse("tasks:bulk"), form)
    owner_client.post(reverse("tasks:bulk"), form)
    assert reload(owner, task).due_date == today + timedelta(days=1)


# 3. Limits hold under concurrency.


@pytest.mark.django_db(transaction=True)
def test_two_project_creates_at_once_never_pass_the_limit(owner):
    with as_user(owner):
        Project.objects.bulk_create(Project(user=owner, name=f"P{i}") for i in range(MAX_PROJECTS - 1))
    clients = [signed_in(owner), signed_in(owner)]
    errors = at_once(*(lambda c=c, i=i: c.post("/projects/", {"name": f"New {i}"}) for i, c in enumerate(clients)))
    assert errors == []
    with as_user(owner):
        assert Project.objects.count() == MAX_PROJECTS


@pytest.mark.django_db(transaction=True)
def test_two_bulk_labels_at_once_never_pass_the_labels_per_task_limit(owner):
    task = make_task(owner, title="Busy")
    labels = [make_label(owner, f"l{i}") for i in range(MAX_LABELS_PER_TASK + 1)]
    add_label(labels[0], [task])
    for label in labels[1 : MAX_LABELS_PER_TASK - 1]:
        add_label(label, [task])
    last_two = labels[MAX_LABELS_PER_TASK - 1 :]
    clients = [signed_in(owner), signed_in(owner)]
    errors = at_once(
        *(
            lambda c=c, label=label: c.post(
                reverse("tasks:bulk"), {"action": "label", "label": label.pk, "ids": [task.pk]}
            )
            for c, label in zip(clients, last_two, strict=True)
        )
    )
    assert errors == []
    with as_user(owner):
        assert TaskLabel.objects.filter(task=task).count() == MAX_LABELS_PER_TASK
        assert Label.objects.count() == MAX_LABELS_PER_TASK + 1


# 4. No write is unbounded.


def complete_all_statements(client, owner, count: int) -> int:
    today = owner.today()
    rules = ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=DAILY;COUNT=3"]
    with as_user(owner):
        Task.objects.all().delete()
        Task.objects.bulk_create(
            Task(user=owner, title=f"R{i}", due_date=today - timedelta(days=i % 3), recurrence=rules[i % len(rules)])
            for i in range(count)
        )
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("tasks:toggle_all"), {"action": "complete"}).status_code == 302
    with as_user(owner):
        assert not Task.objects.filter(due_date__lte=today - timedelta(days=3)).exists()
    return len(queries)


@pytest.mark.django_db
def test_complete_all_takes_as_many_statements_for_300_repeating_tasks_as_for_30(owner_client, owner):
    assert complete_all_statements(owner_client, owner, 300) == complete_all_statements(owner_client, owner, 30)


@pytest.mark.django_db
def test_complete_all_moves_each_repeating_task_to_its_own_next_date(owner_client, owner):
    due = date(2026, 1, 31)  # long overdue: each moves on to its next date after today, as in Todoist
    with as_user(owner):
        monthly = Task.objects.create(
            user=owner, title="Rent", due_date=due, recurrence="FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1"
        )
        daily = Task.objects.create(user=owner, title="Walk", due_date=due, recurrence="FREQ=DAILY")
        spent = Task.objects.create(user=owner, title="Once", due_date=due, recurrence="FREQ=DAILY;COUNT=1")
    owner_client.post(reverse("tasks:toggle_all"), {"action": "complete"})
    today = owner.today()
    month_end = today.replace(day=days_in_month(today.year, today.month))  # from the 31st: each month's last day
    if month_end == today:
        month_end += timedelta(days=days_in_month((today + timedelta(days=1)).year, (today + timedelta(days=1)).month))
    assert reload(owner, monthly).due_date == month_end
    assert reload(owner, daily).due_date == today + timedelta(days=1)
    assert reload(owner, spent).completed


def undo_form(page: str) -> str:
    return html.unescape(re.search(r'<form method="post" action="(/undo/[^"]+)"', page).group(1))
