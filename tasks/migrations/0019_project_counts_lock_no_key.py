"""The projects' counts trigger (tasks.0011) locks the projects it updates FOR NO KEY UPDATE,
not FOR UPDATE: the counts are no key, and FOR UPDATE also waits for every transaction that
merely references the project (a task being inserted into it holds FOR KEY SHARE on it for
its foreign key). Two writes of one person at once (a create in a project and a completion
in it) each held what the other waited for, and PostgreSQL broke the deadlock by aborting
one (docs/PERFORMANCE.md, "1M people")."""

from django.db import migrations


def project_counts(lock: str) -> str:
    def update(changes: str) -> str:
        return f"""
        WITH change AS (
            SELECT project_id, sum(active) AS active, sum(completed) AS completed FROM ({changes}) AS c
            WHERE project_id IS NOT NULL GROUP BY project_id HAVING sum(active) <> 0 OR sum(completed) <> 0
        ), locked AS (
            SELECT p.id FROM projects p JOIN change ON change.project_id = p.id ORDER BY p.id FOR {lock} OF p
        )
        UPDATE projects AS p
        SET active_count = p.active_count + change.active, completed_count = p.completed_count + change.completed
        FROM change WHERE p.id = change.project_id AND p.id IN (SELECT id FROM locked);
        """

    added = (
        "SELECT project_id, (NOT completed)::int AS active, completed::int AS completed FROM new_rows"
        " WHERE deleted_at IS NULL"
    )
    removed = (
        "SELECT project_id, -(NOT completed)::int AS active, -completed::int AS completed FROM old_rows"
        " WHERE deleted_at IS NULL"
    )
    return f"""
CREATE OR REPLACE FUNCTION tasks_project_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {update(added)}
    ELSIF TG_OP = 'UPDATE' THEN
        {update(f"{added} UNION ALL {removed}")}
    ELSE
        {update(removed)}
    END IF;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0018_tasks_autovacuum"),
    ]

    operations = [
        migrations.RunSQL(project_counts("NO KEY UPDATE"), project_counts("UPDATE")),
    ]
