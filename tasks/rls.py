"""Row-level security: the per-user context, the roles' privileges, and the checks.

The policies on `tasks` (migration 0004) show a row only when its user_id equals the
transaction-local setting app.current_user_id. This module is the only code that sets it.
The design and its traps are written up in docs/RLS.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections, transaction
from psycopg import sql

SETTING = "app.current_user_id"
# The tables under RLS, and those with a user_id column that are deliberately not (with why).
RLS_TABLES = frozenset({"tasks"})
RLS_EXEMPT_TABLES = {
    "account_emailaddress": "allauth looks addresses up before anyone is signed in",
    "users_groups": "Django's permission tables, written by staff only",
    "users_user_permissions": "Django's permission tables, written by staff only",
    "django_admin_log": "written by staff only, through the admin",
    "mfa_authenticator": "allauth reads it during login, before anyone is signed in",
}
# Written only by `migrate`; the runtime roles read them at most.
READ_ONLY_TABLES = ("django_content_type", "auth_permission")


@contextmanager
def user_context(user_id: uuid.UUID | str | None, using: str = "default") -> Iterator[None]:
    """Run the block in a transaction whose queries see only `user_id`'s tasks (None: none).

    The setting is transaction-local (set_config(..., true)), so it can never outlive the
    transaction on a persistent or pooled connection. Nested inside an outer transaction,
    the outer value is restored on the way out: a value set inside a released savepoint
    would otherwise last until the outer transaction ends.
    """
    connection = connections[using]
    nested = connection.in_atomic_block
    with transaction.atomic(using=using), connection.cursor() as cursor:
        previous = None
        if nested:
            cursor.execute("SELECT current_setting(%s, true)", [SETTING])
            previous = cursor.fetchone()[0] or ""
        set_user(user_id, using)
        yield
        if nested and not connection.needs_rollback:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, previous])


def set_user(user_id: uuid.UUID | str | None, using: str = "default") -> None:
    """Switch the context of the current transaction (after a login or logout, say)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(user_id) if user_id else ""])


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


# The policies migration 0004 creates: name -> (command, roles). Any other policy is a problem.
EXPECTED_POLICIES = {
    "tasks_select": ("SELECT", "public"),
    "tasks_insert": ("INSERT", "public"),
    "tasks_update": ("UPDATE", "public"),
    "tasks_delete": ("DELETE", "public"),
}


def problems(using: str = "default") -> list[str]:
    """What stops RLS from protecting `tasks` for this connection's role; empty when in force."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            SELECT r.rolname, r.rolsuper, r.rolbypassrls, pg_has_role(current_user, t.relowner, 'MEMBER'),
                   t.relrowsecurity, t.relforcerowsecurity
            FROM pg_roles r, pg_class t
            WHERE r.rolname = current_user AND t.oid = 'public.tasks'::regclass
            """
        )
        role, superuser, bypass, owner, enabled, forced = cursor.fetchone()
        cursor.execute(
            """
            SELECT policyname, cmd, array_to_string(roles, ','), permissive,
                   coalesce(qual, '') || ' ' || coalesce(with_check, '')
            FROM pg_policies WHERE schemaname = 'public' AND tablename = 'tasks'
            """
        )
        policies = {name: (cmd, roles, permissive, expressions) for name, cmd, roles, permissive, expressions in cursor}
    found = []
    if superuser:
        found.append(f"the role {role} is a superuser, which bypasses RLS")
    if bypass:
        found.append(f"the role {role} has BYPASSRLS")
    if owner:
        found.append(f"the role {role} owns the tasks table and could switch RLS off")
    if not enabled:
        found.append("row-level security is not enabled on tasks")
    if not forced:
        found.append("row-level security is not forced on tasks")
    expected = {**EXPECTED_POLICIES, "tasks_staff_all": ("ALL", settings.DATABASE_ROLES["staff"])}
    for name, (cmd, roles) in expected.items():
        if name not in policies:
            found.append(f"the policy {name} is missing")
            continue
        actual_cmd, actual_roles, _, expressions = policies[name]
        if (actual_cmd, actual_roles) != (cmd, roles):
            found.append(f"the policy {name} is for {actual_cmd} to {actual_roles}, expected {cmd} to {roles}")
        elif roles == "public" and SETTING not in expressions:
            found.append(f"the policy {name} does not check {SETTING}")
    for name in policies.keys() - expected.keys():
        found.append(f"an unexpected policy {name} is on tasks")
    return found
