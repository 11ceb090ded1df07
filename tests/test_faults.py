"""When the database goes away the app says so politely, and comes back by itself."""

from __future__ import annotations

import logging
import time

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse

from tasks.models import Project, Task
from tests.factories import as_user, database_unreachable, make_project, make_task


def test_pages_answer_503_while_the_database_is_down_then_recover(client, django_db_blocker):
    with database_unreachable(django_db_blocker):
        down = client.get("/accounts/login/")
        ready = client.get("/readyz")
        alive = client.get("/healthz")
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert b"Back in a moment" in down.content
    assert ready.status_code == 503
    assert alive.status_code == 200  # liveness never depends on the database

    with django_db_blocker.unblock():  # the same process, no restart: the next request reconnects
        assert client.get("/accounts/login/").status_code == 200
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_page_answers_503_not_500_when_the_database_drops(client, owner, django_db_blocker):
    client.force_login(owner)
    with database_unreachable(django_db_blocker):
        response = client.get("/")
    assert response.status_code == 503
    assert client.get("/").status_code == 200


def held_lock(owner_connection, statement: str, params):
    """Another session holds a row lock (an operator's open transaction, a stuck request)."""
    owner_connection.execute("BEGIN")
    owner_connection.execute("SELECT set_config('app.current_user_id', %s, true)", [str(params[0])])
    owner_connection.execute(statement, params)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "lock",
    [
        "SELECT 1 FROM tasks WHERE user_id = %s FOR UPDATE",
        # Every write of a person's tasks updates their counts row: the lock that once
        # stalled both workers, and the whole site, for 28 s.
        "SELECT 1 FROM task_counts WHERE user_id = %s FOR UPDATE",
    ],
)
def test_a_row_locked_elsewhere_fails_the_change_in_seconds_with_a_503(owner_client, owner, owner_connection, lock):
    task = make_task(owner, title="Locked")
    held_lock(owner_connection, lock, [owner.pk])
    try:
        started = time.monotonic()
        response = owner_client.post(reverse("tasks:toggle", args=[task.pk]))
        waited = time.monotonic() - started
    finally:
        owner_connection.execute("ROLLBACK")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Back in a moment" in response.content
    assert waited < 4  # the app role's lock_timeout (2 s), not the lock holder's 30 s
    with as_user(owner):
        assert Task.objects.get(pk=task.pk).completed is False
    # The lock gone, the same change goes through.
    assert owner_client.post(reverse("tasks:toggle", args=[task.pk])).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_script_gets_a_json_503_when_a_row_is_locked(owner_client, owner, owner_connection):
    task = make_task(owner, title="Locked")
    held_lock(owner_connection, "SELECT 1 FROM tasks WHERE user_id = %s FOR UPDATE", [owner.pk])
    try:
        response = owner_client.post(reverse("tasks:toggle", args=[task.pk]), headers={"accept": "application/json"})
    finally:
        owner_connection.execute("ROLLBACK")
    assert response.status_code == 503
    assert response.json() == {"error": "The database is unavailable; try again in a moment."}


@pytest.mark.django_db(transaction=True)
def test_a_completion_does_not_wait_for_a_task_being_added_to_the_same_project(owner_client, owner, owner_connection):
    # An insert into the project holds FOR KEY SHARE on it (its foreign key) until it
    # commits; the projects' counts trigger of another write must not wait for that (it did,
    # with FOR UPDATE, and two such writes of one person at once deadlocked).
    project = make_project(owner, name="Work")
    task = make_task(owner, title="Done soon", project=project)
    held_lock(owner_connection, "SELECT 1 FROM projects WHERE user_id = %s FOR KEY SHARE", [owner.pk])
    try:
        started = time.monotonic()
        response = owner_client.post(reverse("tasks:toggle", args=[task.pk]))
        waited = time.monotonic() - started
    finally:
        owner_connection.execute("ROLLBACK")
    assert response.status_code == 302
    assert waited < 1
    with as_user(owner):
        assert Task.objects.get(pk=task.pk).completed is True
        assert Project.objects.get(pk=project.pk).completed_count == 1


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_its_own_json_503_when_a_row_is_locked(client, owner, owner_connection):
    from api.tests.conftest import make_token

    task = make_task(owner, title="Locked")
    token = make_token(owner, "write")
    held_lock(owner_connection, "SELECT 1 FROM tasks WHERE user_id = %s FOR UPDATE", [owner.pk])
    try:
        response = client.post(
            f"/api/v1/tasks/{task.pk}/complete", "{}", "application/json", headers={"authorization": f"Bearer {token}"}
        )
    finally:
        owner_connection.execute("ROLLBACK")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "The database is unavailable; try again in a moment.", "errors": {}}
    with as_user(owner):
        assert Task.objects.get(pk=task.pk).completed is False  # nothing half done: call again


@pytest.mark.django_db
@pytest.mark.urls("tests.misbehaving_urls")
def test_a_statement_timeout_is_a_503_and_one_log_line_not_a_traceback(owner_client, caplog):
    with caplog.at_level(logging.INFO):
        response = owner_client.get("/slow/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage().split(" ")[:4] for record in problems] == [
        ["database", "unavailable:", "QueryCanceled", "57014"]
    ]
    assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.misbehaving_urls")
def test_a_backend_terminated_mid_view_is_a_503_and_the_next_request_reconnects(owner_client):
    assert owner_client.get("/terminated/").status_code == 503
    assert owner_client.get("/").status_code == 200


@pytest.fixture
def read_only_database(transactional_db):
    """The server takes no writes (a standby, or read-only set by an operator on a full disk)."""
    conn = connections["default"]
    with conn.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    yield
    with conn.cursor() as cursor:
        cursor.execute("RESET default_transaction_read_only")


def test_a_write_to_a_read_only_database_is_a_503_and_readyz_says_why(owner_client, owner, read_only_database):
    response = owner_client.post(reverse("tasks:create"), {"title": "Nowhere to go"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    ready = owner_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["writable"] is False
    assert owner_client.get("/").status_code == 200  # reading still works


@pytest.mark.urls("tests.misbehaving_urls")
def test_a_session_that_cannot_be_saved_is_a_503_too(client, read_only_database, caplog):
    client.raise_request_exception = False
    response = client.get("/touch-session/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.django_db
def test_the_app_role_runs_with_the_configured_timeouts():
    with connections["default"].cursor() as cursor:
        for name, value in settings.DATABASE_TIMEOUTS["app"].items():
            cursor.execute(f"SHOW {name}")
            assert cursor.fetchone()[0] == value
