"""Load demo users and tasks fast, for trying the app and for benchmarks.

Demo users have addresses at @demo.todo.invalid (a domain signup refuses), confirmed, with
the password given by --password, so `cleanup_demo` removes exactly them. Each user gets a
number of tasks from a long tail whose median is --tasks-per-user (log-normal: one person in a
hundred has twenty times the median or more), and the first --heavy-users get --heavy-tasks
each. Rows are generated inside PostgreSQL and inserted in the order of the indexes, by
--workers connections at once (one per core), through the staff connection with row-level
security on.

--bulk is the fast way into an empty database (the size benchmark's): the indexes of tasks,
task_labels and reminders that back no constraint, and their foreign keys, are dropped
before the load, then the indexes are built (two at a time) and the foreign keys made and
checked again, which is several times cheaper than keeping each of them row by row. It runs
as the connection's role, which must own `tasks` (the owner, as `migrate` runs); the app's
roles gain nothing. Refused unless `tasks` is empty. The triggers stay: the counts and the
sub-tasks' project and section are kept as always.
"""

from __future__ import annotations

import math
import queue
import random
import secrets
import threading
import time

import psycopg
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from accounts.models import DEMO_DOMAIN
from tasks.models import COLORS
from tasks.sql import (
    DEMO_ADDRESSES,
    DEMO_LABELS,
    DEMO_PROJECTS,
    DEMO_SECTIONS,
    DEMO_TASKS,
    DEMO_USERS,
)
from todo_project.operations import OperatorCommand, new_connection, staff_connection

VERBS = ["Buy", "Call", "Email", "Fix", "Plan", "Review", "Write", "Book", "Clean", "Pay", "Read", "Send"]
OBJECTS = [
    "milk", "the dentist", "the quarterly report", "the bike", "a weekend trip", "the pull request",
    "a thank-you letter", "flights to Lisbon", "the kitchen", "the rent", "Grandma", "the tax return",
    "the garden", "the team", "a birthday present", "the car insurance", "the slides", "the plumber",
]  # fmt: skip
NOTES = ["Before Friday.", "Ask Sam first.", "See the email thread.", "Low priority.", "Bring the receipt."]
PROJECTS = ["Home", "Work", "Errands", "Garden", "Trip to Lisbon"]
LABELS = ["waiting", "phone", "5 minutes", "computer"]
SECTIONS = ["Planning", "In progress", "Waiting"]  # in the second project
RULES = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=WEEKLY;BYDAY=MO,WE,FR"]
# The spread of tasks per person: log-normal, so that the 99th percentile is TAIL times the
# median (2.326 is the standard normal's 99th percentile).
TAIL = 20
SIGMA = math.log(TAIL) / 2.326
# What DEMO_TASK_VALUES (tasks/sql.py) draws titles, notes, projects and labels from.
WORDS = {
    "project_names": PROJECTS,
    "project_count": len(PROJECTS),
    "label_names": LABELS,
    "label_count": len(LABELS),
    "section_names": SECTIONS,
    "section_count": len(SECTIONS),
    "rules": RULES,
    "rule_count": len(RULES),
    "colors": [value for value, _ in COLORS],
    "verbs": VERBS,
    "verb_count": len(VERBS),
    "objects": OBJECTS,
    "object_count": len(OBJECTS),
    "notes": NOTES,
    "note_count": len(NOTES),
}


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--users", type=int, default=100, help="number of demo users (default: %(default)s)")
        parser.add_argument(
            "--tasks-per-user", type=int, default=50, help="median tasks of a user (default: %(default)s)"
        )
        parser.add_argument("--heavy-users", type=int, default=0, help="users with --heavy-tasks each (default: 0)")
        parser.add_argument(
            "--heavy-tasks", type=int, default=10_000, help="tasks of a heavy user (default: %(default)s)"
        )
        parser.add_argument("--password", default="demo password", help="password of every demo user")
        parser.add_argument(
            "--workers", type=int, default=2, help="connections inserting at once (default: %(default)s)"
        )
        parser.add_argument("--batch-tasks", type=int, default=100_000, help="tasks per transaction")
        parser.add_argument("--random-seed", type=int, default=None, help="make the spread repeatable")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="into an empty tasks table: drop its indexes and foreign keys, load, make them again (as its owner)",
        )

    def handle(
        self,
        *args,
        users,
        tasks_per_user,
        heavy_users,
        heavy_tasks,
        password,
        workers,
        batch_tasks,
        random_seed,
        bulk,
        **options,
    ):
        if users < 1 or tasks_per_user < 0 or not 0 <= heavy_users <= users or workers < 1 or batch_tasks < 1:
            raise CommandError("--users must be at least 1, --heavy-users at most --users, the rest positive")
        rng = random.Random(random_seed)
        mu = math.log(max(tasks_per_user, 1))
        counts = [heavy_tasks] * heavy_users + [
            min(int(rng.lognormvariate(mu, SIGMA)), heavy_tasks) if tasks_per_user else 0
            for _ in range(users - heavy_users)
        ]
        run = secrets.token_hex(3)
        params = {"stamp": int(time.time() * 1000), "salt": run, **WORDS}
        aside = set_aside() if bulk else []
        started = time.monotonic()
        try:
            total, elapsed = self.load(run, counts, make_password(password), params, workers, batch_tasks)
        finally:
            if aside:
                built = time.monotonic()
                self.say(f"Building {len(aside)} indexes and foreign keys.")
                put_back(aside, workers)
                self.say(f"Built them in {time.monotonic() - built:.1f} s.")
        with staff_connection(autocommit=True) as conn:
            for table in ("users", "tasks", "projects", "sections", "labels", "task_labels", "reminders"):
                conn.execute(f"ANALYZE {table}")
        self.say(
            self.style.SUCCESS(
                f"Inserted {total:,} tasks in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} tasks/s)"
                + (f"; with the indexes and keys, {time.monotonic() - started:.1f} s." if aside else ".")
            )
        )
        first = "(the heaviest)" if heavy_users else "(the first)"
        self.say(f"Sign in as demo-{run}-1@{DEMO_DOMAIN} {first} or demo-{run}-{users}@{DEMO_DOMAIN}.")

    def load(self, run, counts, password_hash, params, workers, batch_tasks) -> tuple[int, float]:
        """Insert the users and their rows; how many tasks, and in how many seconds."""
        user_ids = self.create_users(run, len(counts), password_hash, params)
        total = sum(counts)
        self.say(f"Created {len(counts):,} demo users (run {run}); inserting {total:,} tasks with {workers} workers.")

        batches: queue.Queue = queue.Queue()
        batch, size, base = [], 0, 0
        for user_id, count in zip(user_ids, counts, strict=True):
            batch.append((user_id, count, base))
            size, base = size + count, base + count
            if size >= batch_tasks:
                batches.put(batch)
                batch, size = [], 0
        if batch:
            batches.put(batch)

        progress = self.progress(total, "tasks")
        lock = threading.Lock()
        failures: list[BaseException] = []

        def work() -> None:
            try:
                with staff_connection() as conn:
                    # Losing the last moments of a demo load in a crash is harmless.
                    conn.execute("SET synchronous_commit = off")
                    conn.commit()
                    while not failures:
                        try:
                            chunk = batches.get_nowait()
                        except queue.Empty:
                            return
                        ids, ns, bases = (list(column) for column in zip(*chunk, strict=True))
                        with conn.transaction():
                            values = {**params, "users": ids, "counts": ns, "bases": bases}
                            for statement in (DEMO_PROJECTS, DEMO_LABELS, DEMO_SECTIONS, DEMO_TASKS):
                                conn.execute(statement, values)
                        with lock:
                            progress.advance(sum(ns))
            except BaseException as exc:  # reported below, with the exit status
                failures.append(exc)

        started = time.monotonic()
        run_threads(work, workers)
        progress.finish()
        if failures:
            raise CommandError(f"seeding failed: {failures[0]}".strip())
        return total, time.monotonic() - started

    def create_users(self, run: str, count: int, password_hash: str, params: dict) -> list:
        with staff_connection() as conn, conn.transaction():
            rows = conn.execute(
                DEMO_USERS,
                # Another salt: user n and task n must not share an id.
                {
                    **params,
                    "salt": f"{run}-users",
                    "run": run,
                    "domain": DEMO_DOMAIN,
                    "password": password_hash,
                    "count": count,
                },
            ).fetchall()
            conn.execute(DEMO_ADDRESSES, [f"demo-{run}-%@{DEMO_DOMAIN}"])
        by_number = {int(email.split("@")[0].rsplit("-", 1)[1]): user_id for user_id, email in rows}
        return [by_number[n] for n in range(1, count + 1)]


def run_threads(target, count: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# What a bulk load sets aside on the tables it fills, as (drop, make again) statements: each
# index that backs no constraint (a primary key or a unique constraint stays: the foreign keys
# need them), then each foreign key, checked again when it is made again.
SET_ASIDE = """
SELECT format('DROP INDEX %%I', i.relname), pg_get_indexdef(i.oid), 1
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = ANY(%(tables)s::regclass[])
  AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
UNION ALL
SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),
       format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname, pg_get_constraintdef(oid)), 2
FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%(tables)s::regclass[])
ORDER BY 3, 1
"""
BULK_TABLES = ["tasks", "task_labels", "reminders"]


def owner_connection() -> psycopg.Connection:
    return new_connection("default", autocommit=True)


def set_aside() -> list[tuple[str, str, int]]:
    """Drop the indexes and foreign keys of an empty `tasks` (as its owner); how to make them."""
    with staff_connection() as conn:  # the owner's own reads are under RLS too
        empty = conn.execute("SELECT NOT EXISTS (SELECT FROM tasks)").fetchone()[0]
    with owner_connection() as conn:
        owner = conn.execute(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE oid = 'tasks'::regclass"
        ).fetchone()[0]
        if not owner:
            raise CommandError("--bulk runs as the owner of the tasks table (as `migrate` does).")
        if not empty:
            raise CommandError("--bulk loads into an empty tasks table only; this one has rows.")
        statements = conn.execute(SET_ASIDE, {"tables": BULK_TABLES}).fetchall()
        with conn.transaction():
            for drop, _, _ in statements:
                conn.execute(drop)
    return statements


def put_back(statements: list[tuple[str, str, int]], workers: int) -> None:
    """Build the indexes set aside, `workers` at a time, then check and restore the foreign keys
    one at a time (each locks both of its tables)."""
    failures: list[str] = []

    def run(waiting: queue.Queue) -> None:
        with owner_connection() as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            while True:
                try:
                    statement = waiting.get_nowait()
                except queue.Empty:
                    return
                try:
                    conn.execute(statement)
                except psycopg.Error as exc:  # the others are still made; reported below
                    failures.append(f"{statement}: {exc}")

    for step, threads in ((1, workers), (2, 1)):
        waiting: queue.Queue = queue.Queue()
        for _, make, kind in statements:
            if kind == step:
                waiting.put(make)
        run_threads(lambda waiting=waiting: run(waiting), threads)
    if failures:
        raise CommandError("Could not make everything again; run these as the owner:\n" + "\n".join(failures))
