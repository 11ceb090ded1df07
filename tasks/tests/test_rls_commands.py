"""The operators' side of RLS: setup_roles, check_rls and `check --deploy`."""

from __future__ import annotations

import os

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection

from todo_project import rls


def test_setup_roles_prints_sql_for_a_managed_service(capsys):
    call_command("setup_roles", "--print-sql", "--database", "todo")
    out = capsys.readouterr().out
    for role in settings.DATABASE_ROLES.values():
        assert f'CREATE ROLE "{role}"' in out
    assert "NOBYPASSRLS" in out
    assert "NOSUPERUSER" in out
    assert '\\connect "todo"' in out
    assert "TRUNCATE" not in out


def test_setup_roles_refuses_to_run_without_an_admin_url():
    with pytest.raises(CommandError, match="--admin-url"):
        call_command("setup_roles")


@pytest.mark.django_db
def test_setup_roles_creates_the_roles_and_database_idempotently(capsys):
    params = connection.get_connection_params()
    if settings.DATABASES["default"]["HOST"].startswith("/"):
        admin_url = f"postgresql://postgres@/postgres?host={params['host']}"
    else:
        admin_url = os.environ.get("DATABASE_ADMIN_URL")
        if not admin_url:
            pytest.skip("set DATABASE_ADMIN_URL to an administrator role to run this against your server")
    name = "todo_setup_roles_check"
    try:
        for _ in range(2):  # the second run finds everything in place
            # --owner-createdb: the owner role is the one this test suite itself runs as.
            call_command("setup_roles", "--admin-url", admin_url, "--database", name, "--owner-createdb")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
                [list(settings.DATABASE_ROLES.values())],
            ).fetchall()
            owner = conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()[0]
        assert sorted(rows) == sorted((role, False, False, True) for role in settings.DATABASE_ROLES.values())
        assert owner == settings.DATABASE_ROLES["owner"]
        assert "ready on" in capsys.readouterr().out
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db
def test_check_rls_passes_as_the_app_role(capsys):
    call_command("check_rls")
    assert "OK row-level security is in force" in capsys.readouterr().out


@pytest.mark.django_db
def test_check_rls_fails_with_one_line_per_problem(monkeypatch, capsys):
    monkeypatch.setattr(rls, "problems", lambda using="default": ["the role x is a superuser", "not forced"])
    with pytest.raises(CommandError) as failure:
        call_command("check_rls")
    assert failure.value.returncode == 1
    assert capsys.readouterr().err.splitlines() == ["FAIL the role x is a superuser", "FAIL not forced"]


@pytest.mark.django_db(databases=["default", "staff"])  # the timeouts' check reads both roles'
def test_check_deploy_reports_rls_problems(monkeypatch):
    monkeypatch.setattr(rls, "problems", lambda using="default": ["the role todo_owner owns the tasks table"])
    with pytest.raises(SystemCheckError, match="tasks.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


@pytest.mark.django_db
def test_readyz_is_503_when_rls_is_not_in_force(client, monkeypatch):
    monkeypatch.setattr(rls, "problems", lambda using="default": ["row-level security is not forced on tasks"])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["rls"] is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("ddl", "undo", "expected"),
    [
        (
            "CREATE POLICY tasks_everyone ON tasks FOR SELECT USING (true)",
            "DROP POLICY tasks_everyone ON tasks",
            "an unexpected policy tasks_everyone is on tasks",
        ),
        (
            "ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE tasks FORCE ROW LEVEL SECURITY",
            "row-level security is not forced on tasks",
        ),
        (
            "ALTER POLICY tasks_update ON tasks USING (true) WITH CHECK (true)",
            "ALTER POLICY tasks_update ON tasks USING (user_id = (SELECT NULLIF(current_setting("
            "'app.current_user_id', true), '')::uuid)) WITH CHECK (user_id = (SELECT NULLIF(current_setting("
            "'app.current_user_id', true), '')::uuid))",
            "the policy tasks_update does not check app.current_user_id",
        ),
        (
            "CREATE TABLE notes (id uuid PRIMARY KEY, user_id uuid NOT NULL)",
            "DROP TABLE notes",
            "the table notes has a user_id column but is neither under RLS nor exempt (AppConfig.rls_tables)",
        ),
    ],
)
def test_check_rls_notices_a_weakened_table(owner_connection, ddl, undo, expected):
    owner_connection.execute(ddl)
    try:
        assert expected in rls.problems()
    finally:
        owner_connection.execute(undo)
    assert rls.problems() == []
