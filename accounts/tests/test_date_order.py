"""How a person writes a date with numbers alone (27/01 or 01/27): from the browser's locale at
signup, kept on the profile, in the export, and checked by the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from accounts.tests.test_time_zone import sign_up
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("sent", "kept"), [("MDY", "MDY"), ("DMY", "DMY"), (None, "DMY"), ("YMD", "DMY"), ("", "DMY")])
def test_signup_keeps_the_date_order_the_browser_sent_or_day_first(client, sent, kept):
    extra = {} if sent is None else {"date_order": sent}
    assert sign_up(client, "someone@example.com", **extra).date_order == kept


def test_the_signup_form_asks_the_browser_for_its_date_order(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="date_order"' in page and "data-browser-date-order" in page


def test_the_profile_changes_the_date_order_and_keeps_it_when_a_post_leaves_it_out(owner_client, owner):
    page = owner_client.get("/accounts/profile/").content.decode()
    assert '<option value="DMY" selected>Day first (27/01)</option>' in page
    owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": "UTC", "date_order": "MDY"})
    owner.refresh_from_db()
    assert owner.date_order == "MDY"
    owner_client.post("/accounts/profile/", {"name": "", "image": "", "timezone": "UTC"})
    owner.refresh_from_db()
    assert owner.date_order == "MDY"


def test_an_unknown_date_order_is_refused_on_the_profile(owner_client, owner):
    response = owner_client.post(
        "/accounts/profile/", {"name": "", "image": "", "timezone": "UTC", "date_order": "YDM"}
    )
    assert "date_order" in response.context["form"].errors


def test_the_database_refuses_an_unknown_date_order(owner):
    with pytest.raises(IntegrityError, match="users_date_order_valid"), connection.cursor() as cursor:
        cursor.execute("UPDATE users SET date_order = 'YMD' WHERE id = %s", [owner.pk])


def test_the_export_has_the_date_order(client, owner):
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/export/").json()["user"]["date_order"] == "DMY"


@pytest.mark.parametrize(("order", "due"), [("DMY", (4, 3)), ("MDY", (3, 4))])
def test_quick_add_reads_a_numeric_date_in_the_persons_order(owner_client, owner, order, due):
    from tasks.models import Task
    from tests.factories import as_user

    owner.date_order = order
    owner.save(update_fields=["date_order"])
    owner_client.post("/tasks/new/", {"title": "Dentist 03/04/2031", "quick_add": "1"})
    with as_user(owner):
        task = Task.objects.get()
    assert (task.title, task.due_date.month, task.due_date.day) == ("Dentist", *due)
