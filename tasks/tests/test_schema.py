"""The tasks table keeps its rules in the database itself, whatever the client."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from tests.factories import as_user, make_user

pytestmark = pytest.mark.django_db


def insert_task(user, title: str, description: str | None = None) -> str:
    with as_user(user), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks (user_id, title, description) VALUES (%s, %s, %s) RETURNING id",
            [user.pk, title, description],
        )
        return cursor.fetchone()[0]


def count_tasks(user) -> int:
    with as_user(user), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tasks WHERE user_id = %s", [user.pk])
        return cursor.fetchone()[0]


# The contract's check is length(trim(title)) > 0; PostgreSQL's trim() removes spaces only,
# and the forms strip every kind of whitespace before a title gets here.
@pytest.mark.parametrize("title", ["", " ", "      "])
def test_it_refuses_a_blank_or_whitespace_title(owner, title):
    with pytest.raises(IntegrityError, match="tasks_title_not_empty"), transaction.atomic():
        insert_task(owner, title)


def test_it_refuses_a_description_over_1000_characters(owner):
    insert_task(owner, "fits", "x" * 1000)
    with pytest.raises(IntegrityError, match="tasks_description_max_length"), transaction.atomic():
        insert_task(owner, "too long", "x" * 1001)


def test_the_database_fills_id_timestamps_and_completed(owner):
    task_id = insert_task(owner, "defaults")
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute("SELECT completed, created_at, updated_at, deleted_at FROM tasks WHERE id = %s", [task_id])
        completed, created_at, updated_at, deleted_at = cursor.fetchone()
    assert task_id is not None
    assert completed is False
    assert created_at == updated_at
    assert deleted_at is None


def test_deleting_a_user_in_sql_removes_their_tasks_and_no_one_elses():
    owner = User.objects.create_user("gone@example.com")
    stranger = User.objects.create_user("stays@example.com")
    insert_task(owner, "mine")
    insert_task(stranger, "theirs")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM users WHERE id = %s", [owner.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert count_tasks(owner) == 0
    assert count_tasks(stranger) == 1


def test_an_update_in_raw_sql_bumps_updated_at(owner):
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks (user_id, title, updated_at) VALUES (%s, 'before', now() - interval '1 day') "
            "RETURNING id, updated_at",
            [owner.pk],
        )
        task_id, backdated = cursor.fetchone()
        cursor.execute("UPDATE tasks SET title = 'after' WHERE id = %s RETURNING updated_at, now()", [task_id])
        updated_at, now = cursor.fetchone()
    assert updated_at > backdated
    assert updated_at == now


def test_the_trigger_wins_over_an_updated_at_set_by_the_statement(owner):
    task_id = insert_task(owner, "task")
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tasks SET updated_at = '2000-01-01' WHERE id = %s RETURNING updated_at = now()", [task_id]
        )
        assert cursor.fetchone()[0] is True


def test_the_contract_names_every_index_and_constraint():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename IN ('tasks', 'users')")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conname, confdeltype FROM pg_constraint"
            " WHERE conrelid = 'tasks'::regclass AND contype IN ('c', 'f')"
        )
        constraints = dict(cursor.fetchall())
    assert {
        "idx_users_email",
        "idx_users_created_at",
        "idx_tasks_user_id",
        "idx_tasks_user_completed",
        "idx_tasks_created_at",
        "idx_tasks_updated_at",
        "idx_tasks_user_completed_created",
    } <= indexes
    assert constraints["tasks_user_id_fkey"] == "c"  # ON DELETE CASCADE
    assert {"tasks_title_not_empty", "tasks_description_max_length"} <= constraints.keys()


def test_emails_are_unique_ignoring_case(owner):
    with pytest.raises(IntegrityError, match="idx_users_email"), transaction.atomic():
        make_user("OWNER@example.com")
