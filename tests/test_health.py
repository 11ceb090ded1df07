from __future__ import annotations

import pytest

from todo_project import health


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise instead of answering.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": True, "writable": True, "migrations": True, "rls": True},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "unapplied_leaves", lambda applied: [("tasks", "9999_future")])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": True, "writable": True, "migrations": False, "rls": True},
    }


@pytest.mark.django_db
def test_a_migration_missing_from_the_database_is_found():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM applied_migrations()")
        applied = set(cursor.fetchall())
    assert health.unapplied_leaves(applied) == []
    newest_tasks = max(name for app, name in applied if app == "tasks")
    assert health.unapplied_leaves(applied - {("tasks", newest_tasks)}) == [("tasks", newest_tasks)]


@pytest.mark.django_db
def test_the_app_role_cannot_read_django_migrations():
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT count(*) FROM django_migrations")


def test_readyz_is_503_when_the_database_is_unreachable(client, django_db_blocker):
    from tests.factories import database_unreachable

    with database_unreachable(django_db_blocker):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "writable": False, "migrations": False, "rls": False}
