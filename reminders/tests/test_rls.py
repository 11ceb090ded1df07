"""The reminders app's tables keep each person's rows apart in the database itself, as the app
role: another person's reminders, deliveries, subscriptions and feed cannot be read, changed,
made for them, or pointed at their task."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import as_user, make_task, rowcount, sql
from todo_project import rls

TABLES = (
    "reminders",
    "reminder_schedule",
    "reminder_deliveries",
    "digest_deliveries",
    "push_subscriptions",
    "calendar_feeds",
)
AT = datetime(2030, 1, 1, 9, tzinfo=UTC)


INSERTS = {
    "reminders": ("INSERT INTO reminders (user_id, task_id, offset_minutes) VALUES (%s, %s, 10)", True),
    "reminder_schedule": (
        "INSERT INTO reminder_schedule (user_id, task_id, offset_minutes, occurs_at, fire_at)"
        " VALUES (%s, %s, 0, '2030-01-01 09:00Z', '2030-01-01 09:00Z')",
        True,
    ),
    "reminder_deliveries": (
        "INSERT INTO reminder_deliveries (user_id, task_id, offset_minutes, occurs_at)"
        " VALUES (%s, %s, 0, '2030-01-01 09:00Z')",
        True,
    ),
    "digest_deliveries": ("INSERT INTO digest_deliveries (user_id, day, tasks) VALUES (%s, '2030-01-01', 1)", False),
    "push_subscriptions": (
        "INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)"
        " VALUES (%s, 'https://push.invalid/' || gen_random_uuid(), 'k', 'a')",
        False,
    ),
    "calendar_feeds": ("INSERT INTO calendar_feeds (user_id, token_hash) VALUES (%s, md5(random()::text))", False),
}


def insert(table: str, user, task) -> None:
    statement, with_task = INSERTS[table]
    sql(statement, [user.pk, task.pk] if with_task else [user.pk])


@pytest.fixture
def theirs(stranger):
    task = make_task(stranger, title="Their task", due_date=AT.date(), due_time=time(9))
    with as_user(stranger):
        for table in TABLES:
            insert(table, stranger, task)
    return task


@pytest.mark.django_db
def test_every_reminders_table_is_under_rls_and_named():
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
@pytest.mark.parametrize("table", ["reminders", "reminder_schedule", "reminder_deliveries"])
def test_my_reminder_cannot_point_at_another_persons_task(owner, theirs, table):
    statement = INSERTS[table][0].replace("10)", "99)").replace("0, '2030", "99, '2030")
    with as_user(owner), pytest.raises(IntegrityError, match=f"{table}_task_id_fkey"), transaction.atomic():
        sql(statement, [owner.pk, theirs.pk])


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_the_rows_go_with_their_task_and_their_person(stranger, theirs):
    from django.db import connections

    with connections["staff"].cursor() as cursor:
        cursor.execute("DELETE FROM tasks WHERE id = %s", [theirs.pk])
        for table in ("reminders", "reminder_schedule", "reminder_deliveries"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone() == (0,), table
        cursor.execute("DELETE FROM account_emailaddress WHERE user_id = %s", [stranger.pk])
        cursor.execute("DELETE FROM users WHERE id = %s", [stranger.pk])
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone() == (0,), table
