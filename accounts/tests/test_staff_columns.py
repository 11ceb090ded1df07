"""The web process' role cannot make anyone staff; everything else about a user it still saves.

The suite runs as the app role, the one the web process uses.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from psycopg import errors

from accounts.management.commands.createsuperuser import Command as CreateSuperuser
from accounts.models import User
from tests.factories import PASSWORD, link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 42"


@pytest.mark.parametrize("column", ["is_staff", "is_superuser"])
def test_the_app_role_may_not_make_anyone_staff(owner, column):
    with pytest.raises(ProgrammingError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE users SET {column} = true WHERE id = %s", [owner.pk])  # noqa: S608
    assert isinstance(refused.value.__cause__, errors.InsufficientPrivilege)
    owner.refresh_from_db()
    assert not owner.is_staff and not owner.is_superuser


def test_the_app_role_still_updates_the_other_columns(owner):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE users SET name = 'Ada', is_active = true WHERE id = %s", [owner.pk])
    owner.refresh_from_db()
    assert owner.name == "Ada"


def test_the_schema_owner_and_so_the_staff_role_keep_every_column(owner, owner_connection):
    staff = owner_connection.execute(
        "SELECT has_column_privilege(%s, 'users', 'is_staff', 'UPDATE'),"
        " has_column_privilege(%s, 'users', 'is_staff', 'UPDATE')",
        [settings.DATABASE_ROLES["staff"], settings.DATABASE_ROLES["app"]],
    ).fetchone()
    assert staff == (True, False)


def test_password_change_profile_email_change_and_login_still_work(client, owner):
    assert client.login(username=owner.email, password=PASSWORD)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    response = client.post("/accounts/profile/", {"name": "Ada", "image": ""})
    assert response.status_code == 302
    client.post("/accounts/email/", {"action_add": "", "email": "moved@example.com"})
    client.post(link_in(mail.outbox[-1]))
    owner.refresh_from_db()
    assert (owner.name, owner.email) == ("Ada", "moved@example.com")
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "moved@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_createsuperuser_uses_the_staff_connection_by_default():
    assert CreateSuperuser().create_parser("manage.py", "createsuperuser").parse_args([]).database == "staff"


@pytest.mark.parametrize("column", ["is_staff", "is_superuser"])
def test_the_app_role_may_not_create_a_staff_member_either(column):
    with pytest.raises(ProgrammingError, match="may not make anyone staff"), transaction.atomic():
        User.objects.create_user("sneaky@example.com", PASSWORD, **{column: True})
    assert not User.objects.filter(email="sneaky@example.com").exists()


@pytest.mark.parametrize("table", ["users_groups", "users_user_permissions", "auth_group"])
def test_the_app_role_may_not_put_anyone_in_a_group_or_give_a_permission(owner, table):
    with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE {table} SET id = id")  # noqa: S608 (a fixed table name)


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_a_superuser_made_by_the_command_can_sign_in(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--email", "Admin@Example.com", verbosity=0)
    admin = User.objects.get(email__iexact="admin@example.com")
    assert admin.is_staff and admin.is_superuser
    assert EmailAddress.objects.get(user=admin).verified
    response = client.post("/accounts/login/", {"login": "admin@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
