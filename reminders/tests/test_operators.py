"""What operators see and do about the worker: the queue in `healthcheck` and `db_stats`, failed
jobs listed and retried, old deliveries purged, and the scan for due reminders walking its
index (never the tasks table)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from reminders import actions, jobs
from reminders.models import ReminderDelivery, ScheduledReminder
from reminders.tests.worker import empty_queue
from tests.factories import as_user, make_task, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@pytest.fixture(autouse=True)
def _empty_queue():
    empty_queue()
    yield
    empty_queue()


def sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def test_a_failed_job_is_shown_and_can_be_retried(capsys):
    job_id = jobs.plan.defer(user_id="00000000-0000-0000-0000-000000000000")
    sql("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [job_id])
    sql("INSERT INTO procrastinate_events (job_id, type) VALUES (%s, 'failed')", [job_id])
    call_command("healthcheck", "--json")
    figures = json.loads(capsys.readouterr().out)["queue"]
    assert figures["failed"] == 1 and figures["failed_last_hour"] == 1
    call_command("retry_jobs")
    assert f"{job_id}  reminders.plan  failed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not failed jobs: 999999"):
        call_command("retry_jobs", "999999")
    call_command("retry_jobs", "--all")
    assert sql("SELECT status::text FROM procrastinate_jobs WHERE id = %s", [job_id]) == [("todo",)]


def test_healthcheck_fails_when_a_job_waits_with_no_worker(capsys):
    job_id = jobs.plan.defer(user_id="00000000-0000-0000-0000-000000000000")
    sql("UPDATE procrastinate_events SET at = now() - interval '11 minutes' WHERE job_id = %s", [job_id])
    with pytest.raises(CommandError):
        call_command("healthcheck")
    error = capsys.readouterr().err
    assert "FAIL queue: a job has waited" in error and "no worker is running" in error


def test_db_stats_shows_the_queue(capsys):
    jobs.plan.defer(user_id="00000000-0000-0000-0000-000000000000")
    call_command("db_stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert {"queue": "reminders", "task": "reminders.plan", "status": "todo", "jobs": 1} in data["queue"]
    assert "procrastinate_jobs" in {table["table"] for table in data["tables"]}


def test_old_deliveries_are_purged():
    person = make_user("person@example.com")
    task = make_task(person, title="Old", due_date=date(2020, 1, 1), due_time=time(9))
    with as_user(person):
        for days in (40, 1):
            occurs_at = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=days)
            ReminderDelivery.objects.create(user=person, task=task, occurs_at=occurs_at, offset_minutes=0)
            ReminderDelivery.objects.filter(occurs_at=occurs_at).update(sent_at=timezone.now() - timedelta(days=days))
    assert actions.purge_deliveries(30) == 1
    with as_user(person):
        assert ReminderDelivery.objects.count() == 1


def test_the_scan_for_due_reminders_walks_its_index_not_the_tasks():
    person = make_user("person@example.com")
    task = make_task(person, title="Call", due_date=date(2030, 1, 1), due_time=time(9))
    with as_user(person):
        ScheduledReminder.objects.bulk_create(
            ScheduledReminder(
                user=person,
                task=task,
                offset_minutes=minutes,
                occurs_at=datetime(2030, 1, 1, 9, tzinfo=UTC),
                fire_at=datetime(2030, 1, 1, 9, tzinfo=UTC) - timedelta(minutes=minutes),
            )
            for minutes in range(200)
        )
    now = datetime(2030, 1, 1, 8, tzinfo=UTC)
    assert len(actions.due_reminders(now)) == 140  # the offsets of an hour and more have come
    with connections["staff"].cursor() as cursor:
        cursor.execute("ANALYZE reminder_schedule")
    queryset = ScheduledReminder.objects.using("staff").filter(fire_at__lte=now).order_by("fire_at")[:5000]
    plan = queryset.explain()
    assert "idx_reminder_schedule_fire_at" in plan, plan
    assert "tasks" not in plan.replace("reminder_schedule", "")
