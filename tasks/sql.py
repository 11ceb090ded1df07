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


def demo_id(user: str, kind: str, number: str) -> str:
    """SQL for the id of a demo user's project or label number `number`: the same from the
    projects' INSERT and the tasks' that point at them."""
    return f"md5({user}::text || '/{kind}/' || ({number}))::uuid"


# Each demo user's projects and labels, one of each name in the lists given.
DEMO_PROJECTS = f"""
INSERT INTO projects (id, user_id, name, color, position)
SELECT {demo_id("u.id", "project", "k - 1")}, u.id, (%(project_names)s::text[])[k], (%(colors)s::text[])[k], k
FROM unnest(%(users)s::uuid[]) AS u(id) CROSS JOIN generate_series(1, %(project_count)s) AS k
"""
DEMO_LABELS = f"""
INSERT INTO labels (id, user_id, name, color)
SELECT {demo_id("u.id", "label", "k - 1")}, u.id, (%(label_names)s::text[])[k], (%(colors)s::text[])[k + 3]
FROM unnest(%(users)s::uuid[]) AS u(id) CROSS JOIN generate_series(1, %(label_count)s) AS k
"""
# Sections in each demo user's second project ("Work"), one of each name given.
DEMO_SECTIONS = f"""
INSERT INTO sections (id, user_id, project_id, name, position)
SELECT {demo_id("u.id", "section", "k - 1")}, u.id, {demo_id("u.id", "project", "1")}, (%(section_names)s::text[])[k], k
FROM unnest(%(users)s::uuid[]) AS u(id) CROSS JOIN generate_series(1, %(section_count)s) AS k
"""
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
    # (Never a parent or a sub-task below: a family goes to the trash whole.)
    "deleted_at": "CASE WHEN (u.base + g) %% 31 = 0 AND (u.base + g) %% 10 >= 3"
    " THEN now() - ((u.base + g) %% 60) * interval '1 day' END",
    # Three in four in one of the person's DEMO_PROJECTS, the rest in the Inbox.
    "project_id": "CASE WHEN (u.base + g) %% 4 <> 0 THEN "
    + demo_id("u.id", "project", "(u.base + g) %% %(project_count)s")
    + " END",
    # One in ten each P1, P2 and P3; the rest P4.
    "priority": "least(4, 1 + (u.base + g) %% 10)",
    # Seven in ten dated, from three weeks ago to six weeks ahead; a third of those timed.
    "due_date": "CASE WHEN (u.base + g) %% 10 < 7 THEN current_date + (((u.base + g) * 13) %% 63 - 21)::int END",
    "due_time": "CASE WHEN (u.base + g) %% 10 < 7 AND (u.base + g) %% 3 = 0"
    " THEN make_time(8 + ((u.base + g) %% 11)::int, 30 * ((u.base + g) %% 2)::int, 0) END",
    # One open dated task in twenty-five repeats: daily, on its weekday, or monthly.
    "recurrence": "CASE WHEN (u.base + g) %% 10 < 7 AND NOT (g * 10 > u.n * 3 AND (u.base + g) %% 5 <> 0)"
    " AND (u.base + g) %% 25 = 4 THEN (%(rules)s::text[])[1 + ((u.base + g) / 25) %% %(rule_count)s] END",
    "recur_from_completion": "(u.base + g) %% 50 = 4",
    "completed_at": "CASE WHEN g * 10 > u.n * 3 AND (u.base + g) %% 5 <> 0 THEN x.created_at + interval '1 day' END",
    # One in ten a sub-task of the task before it, and one in ten a sub-task of that one (two
    # levels deep): the row inserted just before in the same statement, which the trigger
    # `tasks_check_parent` sees, and whose project and section it gives the sub-task.
    "parent_id": f"CASE WHEN (u.base + g) %% 10 IN (1, 2) AND g > 1 THEN {time_ordered_id('u.base + g - 1')} END",
    # In "Work" (DEMO_SECTIONS), three in four tasks in one of its sections.
    "section_id": "CASE WHEN (u.base + g) %% 4 <> 0 AND (u.base + g) %% %(project_count)s = 1"
    " AND ((u.base + g) / 7) %% 4 < %(section_count)s THEN "
    + demo_id("u.id", "section", "((u.base + g) / 7) %% 4")
    + " END",
    "position": "(extract(epoch from x.created_at) * 1000000)::bigint",
    "collapsed": "false",
}
# The batch's tasks; a third of them labelled, with one of their person's labels; and a
# reminder 30 minutes before on one timed open task in ten (the demo's people have addresses
# nobody reads: none of it is planned for the worker). One statement, so that the labels and
# reminders come from the rows just made, not from a search of the table.
DEMO_TASKS = f"""
WITH new AS (
    INSERT INTO tasks ({", ".join(Task.columns())})
    SELECT {", ".join(DEMO_TASK_VALUES[column] for column in Task.columns())}
    FROM unnest(%(users)s::uuid[], %(counts)s::int[], %(bases)s::bigint[]) AS u(id, n, base)
    CROSS JOIN LATERAL generate_series(1, u.n) AS g
    -- Newest first within a user: spread over two years back from now.
    CROSS JOIN LATERAL (SELECT now() - (g::float8 / u.n) * interval '730 days' AS created_at) AS x
    RETURNING id, user_id, due_time, completed
),
labelled AS (
    INSERT INTO task_labels (task_id, label_id, user_id)
    SELECT id, {demo_id("user_id", "label", "abs(hashtext(id::text)) %% %(label_count)s")}, user_id
    FROM new WHERE abs(hashtext(id::text)) %% 3 = 0
)
INSERT INTO reminders (id, task_id, user_id, offset_minutes)
SELECT gen_random_uuid(), id, user_id, 30 FROM new
WHERE due_time IS NOT NULL AND NOT completed AND abs(hashtext(id::text)) %% 10 = 0
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
    (tasks and tasks_archive, which share their columns): nothing is ever in both or in neither.

    A family moves whole: the batch's top tasks, each with every sub-task at any depth, when
    all of them match (a parent done long ago with a sub-task still open stays); a sub-task
    never moves without its top, so no parent is ever in the other table.
    """
    columns = Task.columns()
    return f"""
        family AS (
            WITH RECURSIVE f (top, id, user_id, ok) AS (
                SELECT t.id, t.id, t.user_id, {condition} FROM {source} t JOIN batch USING (id)
                WHERE t.parent_id IS NULL
                UNION ALL
                SELECT f.top, t.id, t.user_id, {condition} FROM {source} t
                JOIN f ON t.user_id = f.user_id AND t.parent_id = f.id
            )
            SELECT id FROM f WHERE top IN (SELECT top FROM f GROUP BY top HAVING bool_and(ok))
        ),
        moved AS (
            DELETE FROM {source} t USING family WHERE t.id = family.id
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

# Every project whose stored counts differ from a real count, with the real ones; and the repair.
PROJECT_COUNT_DIFFERENCES = """
WITH real AS (
    SELECT project_id, count(*) FILTER (WHERE NOT completed) AS active, count(*) FILTER (WHERE completed) AS completed
    FROM tasks WHERE deleted_at IS NULL AND project_id IS NOT NULL GROUP BY project_id
)
SELECT p.id, coalesce(real.active, 0), coalesce(real.completed, 0)
FROM projects p LEFT JOIN real ON real.project_id = p.id
WHERE coalesce(real.active, 0) <> p.active_count OR coalesce(real.completed, 0) <> p.completed_count
ORDER BY p.id
"""
PROJECT_COUNT_REPAIR = "UPDATE projects SET active_count = %s, completed_count = %s WHERE id = %s"


# Sub-tasks not in their parent's project and section: none while the triggers of migration
# 0015 run; `recount_tasks` finds and repairs what went around them (triggers disabled).
FAMILY_DIFFERENCES = """
SELECT t.id, p.project_id, p.section_id FROM tasks t JOIN tasks p ON p.id = t.parent_id AND p.user_id = t.user_id
WHERE t.project_id IS DISTINCT FROM p.project_id OR t.section_id IS DISTINCT FROM p.section_id
ORDER BY t.id
"""
FAMILY_REPAIR = "UPDATE tasks SET project_id = %s, section_id = %s WHERE id = %s"
