"""The interchange tables under row-level security, in SQL as the app role: another person's
imported rows and kept files cannot be read, changed, deleted or made, and an imported row
cannot point at another person's task; no context sees nothing."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import as_user, make_task, rowcount, sql


@pytest.fixture
def theirs(stranger):
    task = make_task(stranger, title="Theirs")
    with as_user(stranger):
        sql(
            "INSERT INTO imported_tasks (user_id, source, key, task_id) VALUES (%s, 'todotxt', 'k1', %s)",
            [stranger.pk, task.pk],
        )
        sql(
            "INSERT INTO import_uploads (user_id, filename, format, content) VALUES (%s, 'todo.txt', 'auto', 'x')",
            [stranger.pk],
        )
    return task


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["imported_tasks", "import_uploads"])
def test_another_persons_rows_cannot_be_read_changed_or_deleted(owner, stranger, theirs, table):
    with as_user(owner):
        assert sql(f"SELECT * FROM {table}") == []
        assert rowcount(f"UPDATE {table} SET user_id = %s", [owner.pk]) == 0
        assert rowcount(f"DELETE FROM {table}") == 0
    assert sql(f"SELECT count(*) FROM {table}") == [(0,)]  # no context: nothing at all
    with as_user(stranger):
        assert sql(f"SELECT count(*) FROM {table}") == [(1,)]


@pytest.mark.django_db
def test_no_row_can_be_made_for_another_person(owner, stranger, theirs):
    with as_user(owner):
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO imported_tasks (user_id, source, key) VALUES (%s, 'ical', 'k2')", [stranger.pk])
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            sql(
                "INSERT INTO import_uploads (user_id, filename, format, content) VALUES (%s, 'f', 'auto', 'x')",
                [stranger.pk],
            )


@pytest.mark.django_db
def test_an_imported_row_cannot_point_at_another_persons_task(owner, theirs):
    with as_user(owner), pytest.raises(IntegrityError, match="imported_tasks_task_id_fkey"), transaction.atomic():
        sql(
            "INSERT INTO imported_tasks (user_id, source, key, task_id) VALUES (%s, 'ical', 'k3', %s)",
            [owner.pk, theirs.pk],
        )


@pytest.mark.django_db
def test_deleting_the_task_keeps_its_row_counted_as_imported(stranger, theirs):
    with as_user(stranger):
        sql("DELETE FROM tasks WHERE id = %s", [theirs.pk])
        assert sql("SELECT key, task_id FROM imported_tasks") == [("k1", None)]
