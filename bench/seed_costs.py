"""What each index, the foreign key and the counts trigger cost a bulk insert of tasks.

    .venv/bin/python manage.py shell --no-imports -v 0 < bench/seed_costs.py

Builds a scratch copy of `tasks` (schema `seed_costs`, dropped at the end) on the embedded
server, then inserts the same 1,000,000 rows as `seed_demo` (in one connection, for demo
users that already exist) after adding each piece of the real table in turn, and prints
the rate after each. Needs demo users: `seed_demo` first. Runs as the embedded server's
superuser; the real tables are not touched.
"""

import time

import psycopg

from accounts.models import DEMO_DOMAIN
from tasks.management.commands.seed_demo import WORDS
from tasks.sql import DEMO_TASKS
from todo_project.operations import admin_url

ROWS_PER_USER, USERS = 100, 10_000
INDEXES = [
    "tasks_pkey",
    "idx_tasks_user_id",
    "idx_tasks_user_completed",
    "idx_tasks_user_completed_created",
    "idx_tasks_created_at",
    "idx_tasks_updated_at",
    "idx_tasks_user_title",
]

with psycopg.connect(admin_url(), autocommit=True) as conn:
    conn.execute("SET synchronous_commit = off")
    conn.execute("DROP SCHEMA IF EXISTS seed_costs CASCADE")
    conn.execute("CREATE SCHEMA seed_costs")
    conn.execute("CREATE TABLE seed_costs.tasks (LIKE public.tasks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    conn.execute("CREATE TABLE seed_costs.task_counts (LIKE public.task_counts INCLUDING ALL)")
    users = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM users WHERE email LIKE %s ORDER BY id LIMIT %s", [f"%@{DEMO_DOMAIN}", USERS]
        )
    ]
    if len(users) < USERS:
        raise SystemExit(f"needs {USERS:,} demo users: run seed_demo first")
    params = {"stamp": int(time.time() * 1000), "salt": "costs", **WORDS}
    insert = DEMO_TASKS.replace("INSERT INTO tasks", "INSERT INTO seed_costs.tasks")
    previous: list[float] = []

    def measure(label: str) -> None:
        conn.execute("TRUNCATE seed_costs.tasks, seed_costs.task_counts")
        started = time.monotonic()
        for first in range(0, USERS, 1000):
            chunk = users[first : first + 1000]
            bases = [(first + i) * ROWS_PER_USER for i in range(len(chunk))]
            conn.execute(insert, {**params, "users": chunk, "counts": [ROWS_PER_USER] * len(chunk), "bases": bases})
        per_row = (time.monotonic() - started) / (USERS * ROWS_PER_USER) * 1e6
        extra = f"{per_row - previous[-1]:+.1f}" if previous else ""
        print(f"| {label} | {1 / per_row * 1e6:,.0f} | {per_row:.1f} | {extra} |", flush=True)
        previous.append(per_row)

    try:
        print("| table so far | rows/s, one connection | µs a row | added |\n| --- | ---: | ---: | ---: |")
        measure("heap, check constraints")
        for name in INDEXES:
            definition = conn.execute(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indexrelid = %s::regclass", [name]
            ).fetchone()[0]
            conn.execute(definition.replace(f"INDEX {name} ON public.tasks", f"INDEX costs_{name} ON seed_costs.tasks"))
            measure(f"+ `{name}`")
        conn.execute(
            "ALTER TABLE seed_costs.tasks ADD FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE"
        )
        measure("+ foreign key to `users`")
        function = conn.execute("SELECT pg_get_functiondef('public.tasks_count'::regproc)").fetchone()[0]
        conn.execute(
            function.replace("public.tasks_count()", "seed_costs.tasks_count()").replace(
                " task_counts", " seed_costs.task_counts"
            )
        )
        conn.execute(
            "CREATE TRIGGER tasks_count_insert AFTER INSERT ON seed_costs.tasks REFERENCING NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION seed_costs.tasks_count()"
        )
        measure("+ counts trigger")
    finally:
        conn.execute("DROP SCHEMA seed_costs CASCADE")
