"""A task's own reminders, from its page (field `reminders`, offsets before it is due)."""

from __future__ import annotations

from datetime import date, time

import pytest

from reminders.forms import parse_offset
from reminders.models import Reminder
from tests.factories import as_user, make_task


@pytest.mark.parametrize(
    ("text", "minutes"), [("0", 0), ("10", 10), ("30m", 30), ("2 hours", 120), ("1d", 1440), ("1 week", 10080)]
)
def test_an_offset_is_read_in_minutes_or_with_a_unit(text, minutes):
    assert parse_offset(text) == minutes


@pytest.mark.django_db
def test_a_tasks_own_reminders_are_saved_shown_and_cleared(owner_client, owner):
    task = make_task(owner, title="Dentist", due_date=date(2030, 1, 1), due_time=time(9))
    assert f"/tasks/{task.pk}/reminders/" in owner_client.get(f"/tasks/{task.pk}/edit/").text
    response = owner_client.post(f"/tasks/{task.pk}/reminders/", {"reminders": "1d, 0, 30m"}, follow=True)
    assert "Saved the reminders." in response.text
    assert 'value="0, 30, 1d"' in response.text
    with as_user(owner):
        assert sorted(Reminder.objects.values_list("offset_minutes", flat=True)) == [0, 30, 1440]
    owner_client.post(f"/tasks/{task.pk}/reminders/", {"reminders": ""})
    with as_user(owner):
        assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_bad_offsets_are_refused_with_a_message(owner_client, owner):
    task = make_task(owner, title="Dentist", due_date=date(2030, 1, 1), due_time=time(9))
    response = owner_client.post(f"/tasks/{task.pk}/reminders/", {"reminders": "soon"})
    assert "is not a time before" in response.text
    response = owner_client.post(f"/tasks/{task.pk}/reminders/", {"reminders": "5w"})
    assert "at most four weeks" in response.text


@pytest.mark.django_db
def test_another_persons_task_is_a_404(owner_client, stranger):
    theirs = make_task(stranger, title="Theirs")
    assert owner_client.get(f"/tasks/{theirs.pk}/reminders/").status_code == 404
    assert owner_client.post(f"/tasks/{theirs.pk}/reminders/", {"reminders": "10"}).status_code == 404
