from django.conf import settings
from django.db import migrations
from psycopg import sql

# The signed-in user's id, set per transaction by tasks.rls; NULL (no rows) when unset or
# empty. The sub-select makes PostgreSQL compute it once per statement, not once per row.
CONTEXT = "(SELECT NULLIF(current_setting('app.current_user_id', true), '')::uuid)"


def create_staff_policy(apps, schema_editor):
    # Staff see every task through a policy aimed at their role, not through BYPASSRLS and
    # never through a flag that any SQL could set.
    schema_editor.execute(
        sql.SQL("CREATE POLICY tasks_staff_all ON tasks FOR ALL TO {} USING (true) WITH CHECK (true)")
        .format(sql.Identifier(settings.DATABASE_ROLES["staff"]))
        .as_string()
    )


def drop_staff_policy(apps, schema_editor):
    schema_editor.execute("DROP POLICY tasks_staff_all ON tasks")


class Migration(migrations.Migration):
    """Row-level security on tasks: each user's rows are refused to everyone else.

    FORCE applies the policies to the table owner too. A data migration that must see every
    row has to switch FORCE off and on again inside its own transaction (docs/RLS.md).
    """

    dependencies = [("tasks", "0003_applied_migrations_function")]

    operations = [
        migrations.RunSQL(
            sql=f"""
                ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
                ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
                CREATE POLICY tasks_select ON tasks FOR SELECT USING (user_id = {CONTEXT});
                CREATE POLICY tasks_insert ON tasks FOR INSERT WITH CHECK (user_id = {CONTEXT});
                CREATE POLICY tasks_update ON tasks FOR UPDATE
                    USING (user_id = {CONTEXT}) WITH CHECK (user_id = {CONTEXT});
                CREATE POLICY tasks_delete ON tasks FOR DELETE USING (user_id = {CONTEXT});
            """,
            reverse_sql="""
                DROP POLICY tasks_select ON tasks;
                DROP POLICY tasks_insert ON tasks;
                DROP POLICY tasks_update ON tasks;
                DROP POLICY tasks_delete ON tasks;
                ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;
            """,
        ),
        migrations.RunPython(create_staff_policy, drop_staff_policy),
    ]
