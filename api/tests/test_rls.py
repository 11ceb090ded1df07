"""The API's tables keep each person's rows apart in the database itself, as the app role:
another person's tokens and Idempotency-Keys cannot be read, changed, deleted or made for
them; both go with their person."""

from __future__ import annotations

import pytest
from django.db import ProgrammingError, connections

from api.tests.conftest import make_token
from tests.factories import as_user, make_task, rowcount, sql
from todo_project import rls

TABLES = ("api_tokens", "api_idempotency_keys")
INSERTS = {
    "api_tokens": "INSERT INTO api_tokens (user_id, name, scope, token_hash) VALUES (%s, 'x', 'read', md5(%s::text))",
    "api_idempotency_keys": "INSERT INTO api_idempotency_keys (user_id, key, fingerprint, operation, status, body,"
    " headers) VALUES (%s, md5(%s::text || random()::text), 'f', 'POST /api/v1/tasks', 201, '{}', '{}')",
}


def insert(table: str, user, task) -> None:
    sql(INSERTS[table], [user.pk, task.pk])


@pytest.fixture
def theirs(stranger):
    task = make_task(stranger, title="Their task")
    make_token(stranger)
    with as_user(stranger):
        insert("api_idempotency_keys", stranger, task)
    return task


@pytest.mark.django_db
def test_the_api_tables_are_under_rls_and_named():
    assert set(TABLES) <= rls.rls_tables()
    assert rls.problems() == []


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_another_persons_rows_cannot_be_read_changed_or_deleted(owner, stranger, theirs, table):
    with as_user(owner):
        assert sql(f"SELECT * FROM {table}") == []
        assert rowcount(f"UPDATE {table} SET user_id = user_id") == 0
        assert rowcount(f"DELETE FROM {table}") == 0
    assert sql(f"SELECT count(*) FROM {table}") == [(0,)]  # no context: nothing at all
    with as_user(stranger):
        assert sql(f"SELECT count(*) FROM {table}") == [(1,)]


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_a_row_cannot_be_made_for_someone_else(owner, stranger, theirs, table):
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        insert(table, stranger, theirs)


@pytest.mark.django_db
def test_a_row_cannot_be_moved_to_someone_else(owner, stranger):
    make_token(owner)
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        sql("UPDATE api_tokens SET user_id = %s", [stranger.pk])


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_the_rows_go_with_their_person(stranger, theirs):
    with connections["staff"].cursor() as cursor:
        cursor.execute("DELETE FROM account_emailaddress WHERE user_id = %s", [stranger.pk])
        cursor.execute("DELETE FROM users WHERE id = %s", [stranger.pk])
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone() == (0,), table
