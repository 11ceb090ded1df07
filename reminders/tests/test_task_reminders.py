"""A task's own reminders, on its edit form and its new-task form (field `reminders`, offsets
before it is due; the reminders app adds the field through the tasks app's hook)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from bench.measure import Forms
from reminders.forms import parse_offset
from reminders.models import Reminder
from tasks.models import Task
from tests.factories import as_user, make_task


@pytest.mark.parametrize(
    ("text", "minutes"), [("0", 0), ("10", 10), ("30m", 30), ("2 hours", 120), ("1d", 1440), ("1 week", 10080)]
)
def test_an_offset_is_read_in_minutes_or_with_a_unit(text, minutes):
    assert parse_offset(text) == minutes


def edit_form(client, task) -> dict[str, str]:
    fields = Forms.with_field(client.get(reverse("tasks:edit", args=[task.pk])).content.decode(), "reminders")
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def own_offsets(person) -> list[int]:
    with as_user(person):
        return sorted(Reminder.objects.values_list("offset_minutes", flat=True))


@pytest.mark.django_db
def test_a_tasks_own_reminders_are_saved_shown_and_cleared_on_its_edit_form(owner_client, owner):
    task = make_task(owner, title="Dentist", due_date=date(2030, 1, 1), due_time=time(9))
    form = edit_form(owner_client, task)
    assert form["reminders"] == ""
    form["reminders"] = "1d, 0, 30m"
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), form).status_code == 302
    assert own_offsets(owner) == [0, 30, 1440]
    page = owner_client.get(reverse("tasks:edit", args=[task.pk])).text
    assert 'value="0, 30, 1d"' in page
    assert "default, when it is due" in page  # the default is said beside the field
    form = edit_form(owner_client, task)
    form["reminders"] = ""
    owner_client.post(reverse("tasks:edit", args=[task.pk]), form)
    assert own_offsets(owner) == []


@pytest.mark.django_db
def test_an_edit_of_other_fields_leaves_the_reminders_alone(owner_client, owner):
    task = make_task(owner, title="Dentist", due_date=date(2030, 1, 1), due_time=time(9))
    form = edit_form(owner_client, task)
    form["reminders"] = "10"
    owner_client.post(reverse("tasks:edit", args=[task.pk]), form)
    stale = form | {"initial-reminders": ""}  # a tab read before the reminder was set
    stale |= {"title": "Dentist at 9", "reminders": ""}
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), stale).status_code == 302
    assert own_offsets(owner) == [10]  # this tab did not change the field: the other tab's value stays
    with as_user(owner):
        assert Task.objects.get(pk=task.pk).title == "Dentist at 9"


@pytest.mark.django_db
def test_a_new_task_takes_its_reminders_from_the_full_form(owner_client, owner):
    response = owner_client.post(
        reverse("tasks:create"),
        {"title": "Call the bank", "due_date": "2030-01-02", "due_time": "10:00", "priority": "4", "reminders": "1h"},
    )
    assert response.status_code == 302
    assert own_offsets(owner) == [60]


@pytest.mark.django_db
def test_bad_offsets_are_refused_with_a_message_and_save_nothing(owner_client, owner):
    task = make_task(owner, title="Dentist", due_date=date(2030, 1, 1), due_time=time(9))
    for typed, said in (("soon", "is not a time before"), ("5w", "at most four weeks"), ("1,2,3,4,5,6", "At most")):
        form = edit_form(owner_client, task) | {"reminders": typed, "title": "Dentist!"}
        response = owner_client.post(reverse("tasks:edit", args=[task.pk]), form)
        assert response.status_code == 200
        assert said in response.text
    assert own_offsets(owner) == []
    with as_user(owner):
        assert Task.objects.get(pk=task.pk).title == "Dentist"


@pytest.mark.django_db
def test_quick_add_and_the_inline_title_have_no_reminders_field(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "Milk", "quick_add": "1", "reminders": "10"})
    assert response.status_code == 302
    assert own_offsets(owner) == []


@pytest.mark.django_db
def test_another_persons_task_has_no_edit_form(owner_client, stranger):
    theirs = make_task(stranger, title="Theirs", due_date=date(2030, 1, 1), due_time=time(9))
    response = owner_client.post(reverse("tasks:edit", args=[theirs.pk]), {"title": "x", "reminders": "10"})
    assert response.status_code == 404
    assert own_offsets(stranger) == []
