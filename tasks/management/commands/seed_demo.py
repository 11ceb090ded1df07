"""Load demo users and tasks fast, for trying the app and for benchmarks.

Demo users have addresses at @demo.todo.invalid (a domain signup refuses), confirmed, with
the password given by --password, so `cleanup_demo` removes exactly them. Each user gets
a number of tasks drawn around --tasks-per-user (most people have a few, some have many),
and the first --heavy-users get --heavy-tasks each. Rows are generated inside PostgreSQL
and inserted in the order of the indexes, by --workers connections at once (one per core),
through the staff connection with row-level security on.
"""

from __future__ import annotations

import queue
import random
import secrets
import threading
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from accounts.models import DEMO_DOMAIN
from tasks.models import COLORS
from tasks.sql import (
    DEMO_ADDRESSES,
    DEMO_LABELS,
    DEMO_PROJECTS,
    DEMO_SECTIONS,
    DEMO_TASK_LABELS,
    DEMO_TASKS,
    DEMO_USERS,
)
from todo_project.operations import OperatorCommand, staff_connection

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
# What DEMO_TASK_VALUES (tasks/sql.py) draws titles, notes, projects and labels from.
WORDS = {
    "project_names": PROJECTS,
    "project_count": len(PROJECTS),
    "label_names": LABELS,
    "label_count": len(LABELS),
    "section_names": SECTIONS,
    "section_count": len(SECTIONS),
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
            "--tasks-per-user", type=int, default=50, help="average tasks of a user (default: %(default)s)"
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
        **options,
    ):
        if users < 1 or tasks_per_user < 0 or not 0 <= heavy_users <= users or workers < 1 or batch_tasks < 1:
            raise CommandError("--users must be at least 1, --heavy-users at most --users, the rest positive")
        rng = random.Random(random_seed)
        counts = [heavy_tasks] * heavy_users + [
            # Exponential: most people keep a few tasks, some keep many.
            min(int(rng.expovariate(1 / tasks_per_user)), 20 * tasks_per_user) if tasks_per_user else 0
            for _ in range(users - heavy_users)
        ]
        run = secrets.token_hex(3)
        params = {"stamp": int(time.time() * 1000), "salt": run, **WORDS}
        user_ids = self.create_users(run, users, make_password(password), params)
        total = sum(counts)
        self.say(f"Created {users:,} demo users (run {run}); inserting {total:,} tasks with {workers} workers.")

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
                            for statement in (DEMO_PROJECTS, DEMO_LABELS, DEMO_SECTIONS, DEMO_TASKS, DEMO_TASK_LABELS):
                                conn.execute(statement, values)
                        with lock:
                            progress.advance(sum(ns))
            except BaseException as exc:  # reported below, with the exit status
                failures.append(exc)

        started = time.monotonic()
        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        progress.finish()
        if failures:
            raise CommandError(f"seeding failed: {failures[0]}".strip())
        elapsed = time.monotonic() - started
        with staff_connection(autocommit=True) as conn:
            for table in ("users", "tasks", "projects", "sections", "labels", "task_labels"):
                conn.execute(f"ANALYZE {table}")
        self.say(
            self.style.SUCCESS(
                f"Inserted {total:,} tasks in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} tasks/s)."
            )
        )
        first = "(the heaviest)" if heavy_users else "(the first)"
        self.say(f"Sign in as demo-{run}-1@{DEMO_DOMAIN} {first} or demo-{run}-{users}@{DEMO_DOMAIN}.")

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
