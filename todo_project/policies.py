"""The row-level security of a table that holds one person's rows, as migration operations.

Frozen: migrations call these, so changing what they emit would change what old migrations
did. The policies are those of `tasks` (migration 0004): one per command on the request's
app.current_user_id, and one for the staff role; plus the cascade from `users` in the
database, which Django only emulates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import migrations
from psycopg import sql

# The signed-in user's id, NULL (no rows) without a context. The sub-select makes PostgreSQL
# compute it once per statement, not once per row.
CONTEXT = "(SELECT NULLIF(current_setting('app.current_user_id', true), '')::uuid)"


def user_owned_table(table: str) -> list[migrations.operations.base.Operation]:
    """Cascade from users, RLS enabled and forced, the four per-command policies, the staff policy."""

    def create_staff_policy(apps, schema_editor):
        schema_editor.execute(
            sql.SQL("CREATE POLICY {} ON {} FOR ALL TO {} USING (true) WITH CHECK (true)")
            .format(
                sql.Identifier(f"{table}_staff_all"),
                sql.Identifier(table),
                sql.Identifier(settings.DATABASE_ROLES["staff"]),
            )
            .as_string()
        )

    def drop_staff_policy(apps, schema_editor):
        schema_editor.execute(f"DROP POLICY {table}_staff_all ON {table}")

    return [
        migrations.RunSQL(
            sql=f"""
                ALTER TABLE {table} ADD CONSTRAINT {table}_user_id_fkey
                    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
                ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                CREATE POLICY {table}_select ON {table} FOR SELECT USING (user_id = {CONTEXT});
                CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK (user_id = {CONTEXT});
                CREATE POLICY {table}_update ON {table} FOR UPDATE
                    USING (user_id = {CONTEXT}) WITH CHECK (user_id = {CONTEXT});
                CREATE POLICY {table}_delete ON {table} FOR DELETE USING (user_id = {CONTEXT});
            """,
            reverse_sql=f"""
                DROP POLICY {table}_select ON {table};
                DROP POLICY {table}_insert ON {table};
                DROP POLICY {table}_update ON {table};
                DROP POLICY {table}_delete ON {table};
                ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
                ALTER TABLE {table} DROP CONSTRAINT {table}_user_id_fkey;
            """,
        ),
        migrations.RunPython(create_staff_policy, drop_staff_policy),
    ]
