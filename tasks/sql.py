"""The SQL the operators' commands run that the ORM cannot say well: bulk generation and
moves inside PostgreSQL, and whole-table recounts. Everything else goes through the ORM.

Run through the staff connection (todo_project.operations.staff_connection).
"""

from __future__ import annotations

from tasks.models import Task


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


# What each column of a demo task is made of, by column name; the INSERT lists them in the
# model's own order (TaskFields.columns()), so a column added there without a generator here
# stops `seed_demo` with a KeyError instead of loading rows without it.
DEMO_TASK_VALUES = {
    "id": time_ordered_id("u.base + g"),
    "user_id": "u.id",
    "title": "(%(verbs)s::text[])[1 + (u.base + g) %% %(verb_count)s] || ' '"
    " || (%(objects)s::text[])[1 + ((u.base + g) * 7) %% %(object_count)s]",
    "description": "CASE WHEN (u.base + g) %% 3 = 0 THEN (%(notes)s::text[])[1 + (u.base + g) %% %(note_count)s] END",
    # Older tasks are more often done; a few are in the trash.
    "completed": "g * 10 > u.n * 3 AND (u.base + g) %% 5 <> 0",
    "created_at": "x.created_at",
    "updated_at": "least(now(), x.created_at + ((u.base + g) %% 9) * interval '1 day')",
    "deleted_at": "CASE WHEN (u.base + g) %% 31 = 0 THEN now() - ((u.base + g) %% 60) * interval '1 day' END",
}
DEMO_TASKS = f"""
INSERT INTO tasks ({", ".join(Task.columns())})
SELECT {", ".join(DEMO_TASK_VALUES[column] for column in Task.columns())}
FROM unnest(%(users)s::uuid[], %(counts)s::int[], %(bases)s::bigint[]) AS u(id, n, base)
CROSS JOIN LATERAL generate_series(1, u.n) AS g
-- Newest first within a user: spread over two years back from now.
CROSS JOIN LATERAL (SELECT now() - (g::float8 / u.n) * interval '730 days' AS created_at) AS x
"""


# Demo users: confirmed, at the demo domain, with ids in the same time order as their tasks.
DEMO_USERS = f"""
INSERT INTO users (id, email, password, email_verified, is_active, is_staff, is_superuser)
SELECT {time_ordered_id("g")}, format('demo-%%s-%%s@%%s', %(run)s::text, g, %(domain)s::text),
       %(password)s, true, true, false, false
FROM generate_series(1, %(count)s) AS g
RETURNING id, email
"""
# Their confirmed addresses, as allauth keeps them.
DEMO_ADDRESSES = """
INSERT INTO account_emailaddress (user_id, email, verified, "primary")
SELECT id, email, true, true FROM users WHERE email LIKE %s
"""


# Which tasks `archive_tasks --completed-before` moves (Task.objects.filter(completed=True,
# deleted_at=None, updated_at__lt=cutoff) for its --dry-run).
ARCHIVE_CONDITION = "t.completed AND t.deleted_at IS NULL AND t.updated_at < %(cutoff)s"


def archive_move(source: str, target: str, condition: str) -> str:
    """`walk_table` steps moving the batch's rows matching `condition` from `source` to `target`
    (tasks and tasks_archive, which share their columns): nothing is ever in both or in neither."""
    columns = Task.columns()
    return f"""
        moved AS (
            DELETE FROM {source} t USING batch WHERE t.id = batch.id AND {condition}
            RETURNING {", ".join(f"t.{column}" for column in columns)}
        ),
        changed AS (INSERT INTO {target} ({", ".join(columns)}) SELECT {", ".join(columns)} FROM moved RETURNING 1)
    """


# Every person whose stored counts differ from a real count, with both.
COUNT_DIFFERENCES = """
WITH real AS (
    SELECT user_id, count(*) FILTER (WHERE NOT completed) AS active, count(*) FILTER (WHERE completed) AS completed
    FROM tasks WHERE deleted_at IS NULL GROUP BY user_id
)
SELECT user_id, coalesce(real.active, 0), coalesce(real.completed, 0)
FROM real FULL JOIN task_counts AS stored USING (user_id)
WHERE coalesce(real.active, 0) <> coalesce(stored.active, 0)
   OR coalesce(real.completed, 0) <> coalesce(stored.completed, 0)
ORDER BY user_id
"""
COUNT_REPAIR = """
INSERT INTO task_counts (user_id, active, completed) VALUES (%s, %s, %s)
ON CONFLICT (user_id) DO UPDATE SET active = excluded.active, completed = excluded.completed
"""
