"""Profile, export, account deletion and two-factor login."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.utils import timezone

from accounts.models import User
from tasks.models import Task
from tests.factories import PASSWORD, as_user, make_task


def sign_in(client, user, password=PASSWORD):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, response.content
    return response


def reauthenticate(client, password=PASSWORD):
    """Type the password again, as allauth asks before sensitive pages."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content


@pytest.mark.django_db
def test_the_profile_saves_a_name_and_an_avatar_url(owner_client, owner):
    assert b'avatar-initials" aria-hidden="true">O<' in owner_client.get("/accounts/profile/").content
    response = owner_client.post(
        "/accounts/profile/", {"name": "  Ada Lovelace ", "image": "https://example.com/a.png"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.name, owner.image) == ("Ada Lovelace", "https://example.com/a.png")
    assert b'src="https://example.com/a.png"' in owner_client.get("/").content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://example.com/a.png"])
def test_the_avatar_must_be_an_http_or_https_url(owner_client, owner, url):
    response = owner_client.post("/accounts/profile/", {"name": "", "image": url})
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.image is None


@pytest.mark.django_db
def test_initials_come_from_the_name(owner_client, owner):
    owner.name = "Grace Brewster Hopper"
    owner.save()
    assert b">GB<" in owner_client.get("/accounts/profile/").content


@pytest.mark.django_db
def test_export_asks_for_the_password_again(owner_client):
    response = owner_client.get("/accounts/export/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2Fexport%2F"
    reauthenticate(owner_client)
    assert owner_client.get("/accounts/export/").status_code == 200


@pytest.mark.django_db
def test_export_as_json_has_every_own_task_and_nothing_else(client, owner, stranger):
    make_task(owner, title="Open")
    make_task(owner, title="Done", completed=True, description="with notes")
    make_task(owner, title="Trashed", deleted_at=timezone.now())
    make_task(stranger, title="Not mine")
    client.force_login(owner)
    reauthenticate(client)
    response = client.get("/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="todo-export-')
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("todo-export", 2)
    assert data["user"]["email"] == owner.email
    assert sorted(task["title"] for task in data["tasks"]) == ["Done", "Open", "Trashed"]
    done = next(task for task in data["tasks"] if task["title"] == "Done")
    assert done["completed"] is True
    assert done["description"] == "with notes"


@pytest.mark.django_db
def test_export_as_csv_lists_the_tasks(client, owner):
    make_task(owner, title='Comma, "quotes" and ünïcode')
    client.force_login(owner)
    reauthenticate(client)
    response = client.get("/accounts/export/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["title"] for row in rows] == ['Comma, "quotes" and ünïcode']
    assert set(rows[0]) == {
        "id",
        "title",
        "description",
        "completed",
        "created_at",
        "updated_at",
        "deleted_at",
        "project_id",
        "project",
        "priority",
        "due_date",
        "due_time",
        "recurrence",
        "repeat",
        "recur_from_completion",
        "completed_at",
        "labels",
        "archived",
        "parent_id",
        "section_id",
        "section",
        "position",
        "collapsed",
    }


@pytest.mark.django_db
def test_deleting_the_account_needs_the_password(owner_client, owner):
    response = owner_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That password is not correct." in response.context["form"].errors["password"]
    assert User.objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_deleting_the_account_removes_it_and_every_task_by_cascade(owner_client, owner, stranger):
    make_task(owner, title="Mine")
    make_task(owner, title="Mine, trashed", deleted_at=timezone.now())
    make_task(stranger, title="Theirs")
    response = owner_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert not User.objects.filter(pk=owner.pk).exists()
    # The staff connection sees every row: only the stranger's task is left.
    assert list(Task.objects.using("staff").values_list("title", flat=True)) == ["Theirs"]
    assert owner_client.get("/").status_code == 302


@pytest.mark.django_db
def test_with_two_factor_on_a_login_needs_a_code(client, owner):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    response = sign_in(client, owner)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not signed in yet

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    window = list(counters())  # the accepted time steps, the current one in the middle
    code = format_hotp_value(hotp_value(secret, window[len(window) // 2]))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    with as_user(owner):
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_export_as_csv_neutralises_cells_a_spreadsheet_would_run(client, owner):
    for title in ('=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", "Plain - text"):
        make_task(owner, title=title, description="=1+1")
    client.force_login(owner)
    reauthenticate(client)
    response = client.get("/accounts/export/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert sorted(row["title"] for row in rows) == sorted(
        ['\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)", "'\tTab", "'\rReturn", "Plain - text"]
    )
    assert {row["description"] for row in rows} == {"'=1+1"}


@pytest.mark.django_db
def test_export_as_json_leaves_out_the_servers_one_time_form_ids(client, owner):
    submission = str(uuid.uuid4())
    client.force_login(owner)
    client.post("/tasks/new/", {"title": "Added", "submission": submission})
    reauthenticate(client)
    response = client.get("/accounts/export/")
    data = json.loads(response.content)
    assert "task_submissions" not in data
    assert submission not in response.content.decode()
    assert [task["title"] for task in data["tasks"]] == ["Added"]


@pytest.mark.django_db
def test_export_as_csv_names_the_project_and_labels_and_says_the_repeat_in_words(client, owner):
    client.force_login(owner)
    client.post("/projects/", {"name": "Home"})
    client.post(
        "/tasks/new/", {"title": "Water the plants every 3rd friday #Home @garden @balcony", "submission": uuid.uuid4()}
    )
    client.post("/tasks/new/", {"title": "Inbox thing", "submission": uuid.uuid4()})
    reauthenticate(client)
    rows = list(csv.DictReader(io.StringIO(client.get("/accounts/export/?format=csv").content.decode())))
    plants = next(row for row in rows if row["title"] == "Water the plants")
    assert (plants["project"], plants["labels"]) == ("Home", "balcony, garden")
    assert (plants["recurrence"], plants["repeat"]) == ("FREQ=MONTHLY;BYDAY=3FR", "every 3rd friday")
    columns = list(plants)
    assert columns.index("project") == columns.index("project_id") + 1
    assert columns.index("repeat") == columns.index("recurrence") + 1
    inbox = next(row for row in rows if row["title"] == "Inbox thing")
    assert (inbox["project"], inbox["labels"], inbox["repeat"]) == ("", "", "")
