"""Reminders at scale, on the embedded database of this checkout (never the test database):

    DEBUG=true python -m bench.reminders --tasks 1000000 --people 10000 --jobs 5000

1. Seeds `--people` demo people (at demo.todo.invalid) with `--tasks` timed tasks due within
   the next day, and their planned reminders (`reminder_schedule`), as the superuser.
2. The scan's cost: EXPLAIN (ANALYZE, BUFFERS) of the minute tick's query at a moment when
   a minute's worth of reminders is due, through the staff role.
3. The queue's throughput: `--jobs` `send` jobs queued at once, drained by one worker process,
   then another `--jobs` by two (the dummy email backend: the database's work alone); jobs per
   second from the first queued to the last finished.
4. With `--page /` and `--email` / `--password` of a person who can sign in (a `seed_demo`
   one): that page's latency at 2 connections (wrk, `--page-seconds`) served by gunicorn in
   production settings, first with no worker running, then while each drain runs.

Prints Markdown for docs/PERFORMANCE.md. `--cleanup` removes what it made (the cascade from
the demo people). Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
os.environ.setdefault("DEBUG", "true")

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "bench-reminders.demo.todo.invalid"
START = datetime(2031, 1, 6, tzinfo=UTC)


def superuser():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"] or None, user="postgres", dbname=db["NAME"], autocommit=True
    )


def seed(conn, people: int, tasks: int) -> float:
    started = time.perf_counter()
    conn.execute(
        """
        INSERT INTO users (id, email, password, is_active, is_staff, is_superuser, email_verified, timezone,
                           date_order, time_format, reminder_offset, email_reminders, created_at, updated_at)
        SELECT gen_random_uuid(), 'bench-' || n || '@' || %s, '!', true, false, false, true, 'UTC',
               'DMY', '24h', 0, true, now(), now()
        FROM generate_series(1, %s) n
        """,
        [DOMAIN, people],
    )
    # Tasks due every few seconds across the day after START, spread over the people.
    conn.execute(
        """
        WITH people AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM users WHERE email LIKE %s)
        INSERT INTO tasks (id, user_id, title, completed, priority, recur_from_completion, due_date, due_time,
                           created_at, updated_at)
        SELECT gen_random_uuid(), p.id, 'Reminder ' || n, false, 4, false,
               (%s::timestamptz + (n * 86400.0 / %s) * interval '1 second')::date,
               (%s::timestamptz + (n * 86400.0 / %s) * interval '1 second')::time(0),
               now(), now()
        FROM generate_series(0, %s - 1) n JOIN people p ON p.i = n %% %s
        """,
        [f"%@{DOMAIN}", START, tasks, START, tasks, tasks, people],
    )
    conn.execute(
        """
        INSERT INTO reminder_schedule (id, user_id, task_id, offset_minutes, occurs_at, fire_at)
        SELECT gen_random_uuid(), t.user_id, t.id, 0, (t.due_date + t.due_time) AT TIME ZONE 'UTC',
               (t.due_date + t.due_time) AT TIME ZONE 'UTC'
        FROM tasks t JOIN users u ON u.id = t.user_id WHERE u.email LIKE %s
        """,
        [f"%@{DOMAIN}"],
    )
    conn.execute("ANALYZE users; ANALYZE tasks; ANALYZE reminder_schedule")
    return time.perf_counter() - started


def first_tick(now: datetime) -> tuple[int, float]:
    """The tick's first step after a backlog: forget what is too late (timed)."""
    from reminders import actions

    started = time.perf_counter()
    dropped = actions.drop_stale(now)
    return dropped, time.perf_counter() - started


def scan_plan(now: datetime) -> str:
    from reminders import actions
    from reminders.models import ScheduledReminder

    late = now - timedelta(minutes=15)
    rows = (
        ScheduledReminder.objects.using("staff")
        .filter(fire_at__lte=now, occurs_at__gte=late)
        .order_by("fire_at")[: actions.SCAN_BATCH]
    )
    return rows.explain(analyze=True, buffers=True)


APP = "http://127.0.0.1:8105"
# bench/run.sh's production settings, for the page served while the workers drain.
PAGE_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "MFA_ENCRYPTION_KEYS": "YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0wMDAwMDA=",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LOG_LEVEL": "WARNING",
}


class PageProbe:
    """A person's page served by gunicorn (2 workers, production settings) and timed by wrk at
    2 connections for `seconds`, alone or in a thread beside a drain."""

    def __init__(self, path: str, email: str, password: str, seconds: int) -> None:
        from bench.measure import Session

        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | PAGE_ENV
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "todo_project.wsgi", "--bind", APP.removeprefix("http://"),
             "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        time.sleep(4)
        self.url, self.seconds = APP + path, seconds
        self.cookie = Session(APP, email, password).cookie
        self.result: dict | None = None

    def measure(self, delay: float = 0) -> dict:
        from bench.measure import wrk

        time.sleep(delay)
        wrk(self.url, self.cookie, 2, 2)  # warm-up, unmeasured
        self.result = wrk(self.url, self.cookie, 2, self.seconds)
        return self.result

    def beside(self) -> threading.Thread:
        thread = threading.Thread(target=self.measure, kwargs={"delay": 3})
        thread.start()
        return thread

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(30)


def drain(workers: int, jobs: int, after: datetime, folder: Path, probe: PageProbe | None = None):
    """Queue `jobs` sends for the reminders due from `after`; drain them with `workers`
    processes (and time `probe`'s page meanwhile)."""
    from reminders import jobs as queue
    from reminders.models import ScheduledReminder

    rows = list(
        ScheduledReminder.objects.using("staff")
        .filter(fire_at__gte=after, user__email__endswith=DOMAIN)
        .order_by("fire_at")[:jobs]
    )
    with superuser() as conn:  # nothing before the set: the workers' own tick queues only the set
        conn.execute("DELETE FROM reminder_schedule WHERE fire_at < %s", [rows[0].fire_at])
    sent_before = sent()
    clock = folder / "now"
    clock.write_text((rows[-1].fire_at + timedelta(seconds=1)).isoformat())
    env = {
        **os.environ,
        "DEBUG": "true",
        "EMAIL_URL": "dummymail://",
        "REMINDERS_CLOCK_FILE": str(clock),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    done_before = succeeded()
    started = time.perf_counter()
    queue.send.batch_defer(
        *(
            {
                "user_id": str(row.user_id),
                "task_id": str(row.task_id),
                "occurs_at": row.occurs_at.isoformat(),
                "offset_minutes": 0,
            }
            for row in rows
        )
    )
    command = [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "reminders"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(workers)]
    timing = probe.beside() if probe else None
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with superuser() as conn:
                left = conn.execute(
                    "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'reminders.send'"
                    " AND status IN ('todo', 'doing')"
                ).fetchone()[0]
            if not left:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        if timing is not None:
            timing.join()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    # The workers' own minute tick may have queued the same reminders again: jobs done counts
    # those too (each finds the delivery and sends nothing), reminders sent does not.
    return succeeded() - done_before, sent() - sent_before, elapsed


def sent() -> int:
    with superuser() as conn:
        return conn.execute("SELECT count(*) FROM reminder_deliveries").fetchone()[0]


def succeeded() -> int:
    with superuser() as conn:
        return conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'reminders.send' AND status = 'succeeded'"
        ).fetchone()[0]


def cleanup(conn) -> None:
    conn.execute("DELETE FROM account_emailaddress WHERE email LIKE %s", [f"%@{DOMAIN}"])
    conn.execute("DELETE FROM users WHERE email LIKE %s", [f"%@{DOMAIN}"])
    conn.execute("DELETE FROM procrastinate_jobs WHERE task_name LIKE 'reminders.%%'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=5_000)
    parser.add_argument("--cleanup", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure again on the people already seeded")
    parser.add_argument("--page", help="a page to time while the workers drain, e.g. /")
    parser.add_argument("--email", help="the person whose page it is")
    parser.add_argument("--password")
    parser.add_argument("--page-seconds", type=int, default=10)
    args = parser.parse_args()
    import django

    django.setup()
    with superuser() as conn:
        if not args.reuse:
            cleanup(conn)
            if args.cleanup:
                return
            seconds = seed(conn, args.people, args.tasks)
            print(f"Seeded {args.tasks:,} timed tasks of {args.people:,} people due within a day, ", end="")
            print(f"and their planned reminders, in {seconds:.0f} s.\n")
        conn.execute("DELETE FROM procrastinate_jobs WHERE task_name LIKE 'reminders.%%'")
        count = conn.execute("SELECT count(*) FROM reminder_schedule").fetchone()[0]
    now = START + timedelta(hours=12)
    print(f"{count:,} planned reminders. The scan at {now:%H:%M} of the day (no worker ran before):\n")
    print("```\n" + scan_plan(now) + "\n```\n")
    dropped, seconds = first_tick(now)
    print(f"The first tick forgets the {dropped:,} too late to send in {seconds:.1f} s; the scan then:\n")
    print("```\n" + scan_plan(now) + "\n```\n")
    probe = PageProbe(args.page, args.email, args.password, args.page_seconds) if args.page else None
    pages = [("none", probe.measure())] if probe else []
    print("| workers | jobs done | reminders sent | seconds | jobs per second |\n| --- | --- | --- | --- | --- |")
    try:
        with tempfile.TemporaryDirectory() as folder:
            after = START + timedelta(hours=13)
            for workers in (1, 2):
                jobs, reminders, elapsed = drain(workers, args.jobs, after, Path(folder), probe)
                print(f"| {workers} | {jobs:,} | {reminders:,} | {elapsed:.1f} | {jobs / elapsed:.0f} |")
                after += timedelta(hours=3)
                if probe:
                    pages.append((f"{workers} draining", probe.result))
    finally:
        if probe:
            probe.stop()
    if pages:
        print(f"\n`{args.page}` at 2 connections ({args.page_seconds} s):\n")
        print("| workers | req/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |")
        for name, result in pages:
            print(f"| {name} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f} |")


if __name__ == "__main__":
    main()
