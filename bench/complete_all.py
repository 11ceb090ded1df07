"""Time "complete all" (tasks.actions.bulk.toggle_all) on thousands of due repeating tasks.

    DEBUG=true .venv/bin/python -m bench.complete_all

Makes a person with N active repeating tasks, all due (a mix of daily, weekly, monthly and
counted rules, due over the last week), analyzes the tables, then five times completes them
all in one transaction and rolls back; reports the time and the statements, then removes
the person. Uses the embedded database's superuser (or DATABASE_BACKUP_URL) for ANALYZE. The target: under a
second for 10,000 (issue: "no write is unbounded"). Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

import django
import psycopg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from tasks.actions.bulk import toggle_all  # noqa: E402
from tasks.models import Task  # noqa: E402
from todo_project.operations import admin_url  # noqa: E402
from todo_project.rls import user_context  # noqa: E402

RULES = ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1", "FREQ=DAILY;COUNT=30"]


class Rollback(Exception):
    pass


def analyze() -> None:
    """Fresh statistics, as autovacuum would have them for tasks made long before."""
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE tasks, task_completions")


def run(user, count: int, runs: int = 5) -> None:
    today = user.today()
    analyze()
    with user_context(user.pk):
        Task.objects.filter(user=user).delete()
        Task.objects.bulk_create(
            Task(user=user, title=f"R{i}", due_date=today - timedelta(days=i % 7), recurrence=RULES[i % 4])
            for i in range(count)
        )
    analyze()
    times, statements = [], 0
    for _ in range(runs):
        try:
            with user_context(user.pk), transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    result = toggle_all(user, "complete", today=today)
                    times.append(time.perf_counter() - start)
                assert result.count == count, result
                statements = len(queries)
                raise Rollback
        except Rollback:
            pass
    print(
        f"{count:>6} tasks: median {statistics.median(times) * 1000:7.1f} ms, "
        f"slowest {max(times) * 1000:7.1f} ms, {statements} statements"
    )


def main() -> None:
    # A run stopped half-way leaves its person behind: take it up again.
    user = User.objects.filter(email="complete-all@bench.invalid").first() or User.objects.create_user(
        "complete-all@bench.invalid", "bench password"
    )
    try:
        for count in (100, 1_000, 10_000):
            run(user, count)
    finally:
        analyze()  # the rolled-back runs left dead rows: without fresh statistics the cascade crawls
        with user_context(user.pk):
            Task.objects.filter(user=user).delete()
        user.delete()


if __name__ == "__main__":
    main()
