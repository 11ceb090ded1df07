"""The job queue's state for operators (procrastinate's tables in this database): what waits,
for how long, what failed, when the periodic jobs last ran, which workers beat. Read by
`healthcheck` and `db_stats`; the jobs themselves belong to the apps (reminders/jobs.py).
"""

from __future__ import annotations

from django.db import connection

# A job due this long ago and still waiting means no worker runs, or too few.
LATE_SECONDS = 10 * 60
# A worker beats every 10 seconds; one silent this long is gone.
WORKER_GONE_SECONDS = 60

FIGURES = """
SELECT
  (SELECT count(*) FROM procrastinate_jobs
    WHERE status = 'todo' AND (scheduled_at IS NULL OR scheduled_at <= now())),
  (SELECT extract(epoch FROM now() - min(coalesce(j.scheduled_at, e.at)))::int
    FROM procrastinate_jobs j
    JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'
    WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())),
  (SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'),
  (SELECT count(*) FROM procrastinate_events WHERE type = 'failed' AND at > now() - interval '1 hour'),
  (SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'),
  (SELECT extract(epoch FROM now() - to_timestamp(max(defer_timestamp)))::int FROM procrastinate_periodic_defers),
  (SELECT count(*) FROM procrastinate_workers
    WHERE last_heartbeat > now() - make_interval(secs => %s))
"""
NAMES = (
    "waiting",
    "oldest_waiting_seconds",
    "running",
    "failed_last_hour",
    "failed",
    "last_periodic_run_seconds_ago",
    "workers",
)


def installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        return cursor.fetchone()[0]


def figures() -> dict[str, int | None]:
    with connection.cursor() as cursor:
        cursor.execute(FIGURES, [WORKER_GONE_SECONDS])
        return dict(zip(NAMES, cursor.fetchone(), strict=True))


def problem(found: dict[str, int | None]) -> str:
    """Why the queue is unwell, or "" (jobs failing alone is not: they are retried, and shown)."""
    if (found["oldest_waiting_seconds"] or 0) > LATE_SECONDS:
        workers = "no worker is running" if not found["workers"] else "the workers cannot keep up"
        return f"a job has waited {found['oldest_waiting_seconds']} s: {workers}"
    return ""


def words(found: dict[str, int | None]) -> str:
    oldest = found["oldest_waiting_seconds"]
    periodic = found["last_periodic_run_seconds_ago"]
    return (
        f"{found['waiting']} waiting"
        + (f" (oldest {oldest} s)" if oldest is not None else "")
        + f", {found['running']} running, {found['failed_last_hour']} failed in the last hour"
        + f" ({found['failed']} failed in all), "
        + (f"last periodic run {periodic} s ago" if periodic is not None else "no periodic run yet")
        + f", {found['workers']} worker(s) beating"
    )
