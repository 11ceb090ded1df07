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
from django.core.management.base import BaseCommand, CommandError

from tasks.maintenance import DEMO_DOMAIN, Progress, staff_connection

VERBS = ["Buy", "Call", "Email", "Fix", "Plan", "Review", "Write", "Book", "Clean", "Pay", "Read", "Send"]
OBJECTS = [
    "milk", "the dentist", "the quarterly report", "the bike", "a weekend trip", "the pull request",
    "a thank-you letter", "flights to Lisbon", "the kitchen", "the rent", "Grandma", "the tax return",
    "the garden", "the team", "a birthday present", "the car insurance", "the slides", "the plumber",
]  # fmt: skip
NOTES = ["Before Friday.", "Ask Sam first.", "See the email thread.", "Low priority.", "Bring the receipt."]
# What TASKS_SQL draws titles and notes from.
WORDS = {
    "verbs": VERBS,
    "verb_count": len(VERBS),
    "objects": OBJECTS,
    "object_count": len(OBJECTS),
    "notes": NOTES,
    "note_count": len(NOTES),
}


def time_ordered_id(counter: str) -> str:
    """SQL for a time-ordered uuid: a millisecond stamp, then a run-wide counter, then noise.

    Rows inserted in the order of such ids land next to each other in every index that leads
    with them, instead of on a random page each: the difference between the load's indexes
    staying in memory and thrashing through it.
    """
    return (
        f"(lpad(to_hex(%(stamp)s::bigint), 12, '0') || '7' || lpad(to_hex({counter}), 11, '0')"
        f" || substr(md5(%(salt)s || ({counter})), 1, 8))::uuid"
    )


TASKS_SQL = f"""
INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at, deleted_at)
SELECT
    {time_ordered_id("u.base + g")},
    u.id,
    (%(verbs)s::text[])[1 + (u.base + g) %% %(verb_count)s] || ' '
        || (%(objects)s::text[])[1 + ((u.base + g) * 7) %% %(object_count)s],
    CASE WHEN (u.base + g) %% 3 = 0 THEN (%(notes)s::text[])[1 + (u.base + g) %% %(note_count)s] END,
    -- Older tasks are more often done; a few are in the trash.
    g * 10 > u.n * 3 AND (u.base + g) %% 5 <> 0,
    x.created_at,
    least(now(), x.created_at + ((u.base + g) %% 9) * interval '1 day'),
    CASE WHEN (u.base + g) %% 31 = 0 THEN now() - ((u.base + g) %% 60) * interval '1 day' END
FROM unnest(%(users)s::uuid[], %(counts)s::int[], %(bases)s::bigint[]) AS u(id, n, base)
CROSS JOIN LATERAL generate_series(1, u.n) AS g
-- Newest first within a user: spread over two years back from now.
CROSS JOIN LATERAL (SELECT now() - (g::float8 / u.n) * interval '730 days' AS created_at) AS x
"""


class Command(BaseCommand):
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
        self.stdout.write(
            f"Created {users:,} demo users (run {run}); inserting {total:,} tasks with {workers} workers."
        )

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

        progress = Progress(self.stdout, total, "tasks")
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
                            conn.execute(TASKS_SQL, {**params, "users": ids, "counts": ns, "bases": bases})
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
            conn.execute("ANALYZE users")
            conn.execute("ANALYZE tasks")
        self.stdout.write(
            self.style.SUCCESS(
                f"Inserted {total:,} tasks in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} tasks/s)."
            )
        )
        self.stdout.write(f"Sign in as demo-{run}-1@{DEMO_DOMAIN} (the heaviest) or demo-{run}-{users}@{DEMO_DOMAIN}.")

    def create_users(self, run: str, count: int, password_hash: str, params: dict) -> list:
        with staff_connection() as conn, conn.transaction():
            rows = conn.execute(
                f"""
                INSERT INTO users (id, email, password, email_verified, is_active, is_staff, is_superuser)
                SELECT {time_ordered_id("g")}, format('demo-%%s-%%s@%%s', %(run)s::text, g, %(domain)s::text),
                       %(password)s, true, true, false, false
                FROM generate_series(1, %(count)s) AS g
                RETURNING id, email
                """,
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
            conn.execute(
                'INSERT INTO account_emailaddress (user_id, email, verified, "primary")'
                " SELECT id, email, true, true FROM users WHERE email LIKE %s",
                [f"demo-{run}-%@{DEMO_DOMAIN}"],
            )
        by_number = {int(email.split("@")[0].rsplit("-", 1)[1]): user_id for user_id, email in rows}
        return [by_number[n] for n in range(1, count + 1)]
