"""The person's clock (17:30 or 5:30 pm): from the browser's locale at signup, kept on the
profile, in the export, checked by the database, and followed wherever a task's time is shown."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, connection

from accounts.tests.test_time_zone import sign_up
from tests.factories import PASSWORD, make_task

pytestmark = pytest.mark.django_db


def on_a_12_hour_clock(user) -> None:
    user.time_format = "12h"
    user.save(update_fields=["time_format"])


@pytest.mark.parametrize(("sent", "kept"), [("12h", "12h"), ("24h", "24h"), (None, "24h"), ("h12", "24h"), ("", "24h")])
def test_signup_keeps_the_clock_the_browser_sent_or_24_hours(client, sent, kept):
    extra = {} if sent is None else {"time_format": sent}
    assert sign_up(client, "someone@example.com", **extra).time_format == kept


def test_the_signup_form_asks_the_browser_for_its_clock(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="time_format"' in page and "data-browser-time-format" in page


def test_the_profile_changes_the_clock_and_keeps_it_when_a_post_leaves_it_out(owner_client, owner):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert '<option value="24h" selected>24-hour (17:30)</option>' in page
    owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": "UTC", "time_format": "12h"})
    owner.refresh_from_db()
    assert owner.time_format == "12h"
    owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": "UTC"})
    owner.refresh_from_db()
    assert owner.time_format == "12h"


def test_an_unknown_clock_is_refused_on_the_profile(owner_client, owner):
    response = owner_client.post(
        "/accounts/profile/", {"name": "", "image": "", "timezone": "UTC", "time_format": "13h"}
    )
    assert "time_format" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.time_format == "24h"


def test_the_database_refuses_an_unknown_clock(owner):
    with pytest.raises(IntegrityError, match="users_time_format_valid"), connection.cursor() as cursor:
        cursor.execute("UPDATE users SET time_format = '13h' WHERE id = %s", [owner.pk])


def test_the_export_has_the_clock(client, owner):
    on_a_12_hour_clock(owner)
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/export/").json()["user"]["time_format"] == "12h"


def test_a_rows_time_follows_the_persons_clock(owner_client, owner):
    make_task(owner, title="Call", due_date=owner.today() + timedelta(days=1), due_time=time(17, 30))
    assert ">Tomorrow 17:30</time>" in owner_client.get("/").content.decode()
    on_a_12_hour_clock(owner)
    assert ">Tomorrow 5:30 pm</time>" in owner_client.get("/").content.decode()
    assert ">Tomorrow 5:30 pm</time>" in owner_client.get("/upcoming/").content.decode()


def test_the_row_a_change_answers_with_follows_the_persons_clock(owner_client, owner):
    on_a_12_hour_clock(owner)
    task = make_task(owner, title="Call", due_date=owner.today(), due_time=time(9, 0))
    answer = owner_client.post(
        f"/tasks/{task.pk}/edit/", {"title": "Call Ann", "inline": "1"}, HTTP_ACCEPT="application/json"
    )
    assert ">Today 9:00 am</time>" in answer.json()["row"]


def test_quick_adds_preview_and_the_repeat_sentence_follow_the_persons_clock(owner_client, owner):
    said = owner_client.get("/tasks/parse/", {"title": "Water the plants every day at 5pm"}).json()["summary"]
    assert "Every day at 17:00, from the due date" in said
    on_a_12_hour_clock(owner)
    said = owner_client.get("/tasks/parse/", {"title": "Dentist tomorrow at 5:30pm"}).json()["summary"]
    assert said == "“Dentist” · Tomorrow 5:30 pm"
    said = owner_client.get("/tasks/parse/", {"title": "Water the plants every day at 5pm"}).json()["summary"]
    assert "Every day at 5:00 pm, from the due date" in said
    sentence = owner_client.get("/tasks/parse/", {"repeat": "every monday at 9am"}).json()["sentence"]
    assert sentence == "Every Monday at 9:00 am, from the due date"


def test_the_edit_pages_repeat_sentence_follows_the_persons_clock(owner_client, owner):
    on_a_12_hour_clock(owner)
    task = make_task(owner, title="Stand-up", due_date=owner.today(), due_time=time(9, 30), recurrence="FREQ=DAILY")
    assert "Every day at 9:30 am, from the due date" in owner_client.get(f"/tasks/{task.pk}/edit/").content.decode()


@pytest.mark.parametrize(
    ("days", "expected"),
    [(-3, "due is-overdue"), (0, "due due-today"), (1, "due due-tomorrow"), (4, "due due-week"), (9, "due")],
)
def test_a_rows_due_date_is_coloured_by_how_near_it_is(owner_client, owner, days, expected):
    make_task(owner, title="Thing", due_date=owner.today() + timedelta(days=days))
    assert f'<span class="{expected}"><time' in owner_client.get("/").content.decode()


def test_a_completed_rows_due_date_is_not_coloured(owner_client, owner):
    make_task(owner, title="Done", due_date=owner.today(), completed=True)
    assert '<span class="due"><time' in owner_client.get("/?status=completed").content.decode()
