"""Row-level security: the database roles' privileges, the per-user context, and checks.

The design and its traps are written up in docs/RLS.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections
from psycopg import sql

# Written only by `migrate`; the runtime roles need read access at most.
READ_ONLY_TABLES = ("django_content_type", "auth_permission")


def grant_runtime_privileges(using: str = "default", **kwargs) -> None:
    """After every migrate: the app and staff roles get DML on each table, never TRUNCATE.

    Connected to post_migrate. `flush` sends that signal too, while connected as the app
    role, so it does nothing unless it runs as the schema owner.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, nspowner, 'MEMBER') FROM pg_namespace WHERE nspname = 'public'"
        )
        if not cursor.fetchone()[0]:
            return
        roles = sql.SQL(", ").join(sql.Identifier(settings.DATABASE_ROLES[name]) for name in ("app", "staff"))
        cursor.execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(roles)
        )
        cursor.execute(sql.SQL("REVOKE ALL ON django_migrations FROM {}").format(roles))
        for table in READ_ONLY_TABLES:
            cursor.execute(sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), roles))
