"""Row-level security: the per-user context, the roles' privileges, and the checks.

The policies on `tasks` (migration 0004) show a row only when its user_id equals the
transaction-local setting app.current_user_id. This module is the only code that sets it.
The design and its traps are written up in docs/RLS.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import sql

SETTING = "app.current_user_id"
# Written only by `migrate`; the runtime roles read them at most.
READ_ONLY_TABLES = ("django_content_type", "auth_permission")
# Told of every change of person on the default connection during a request that reads from
# a replica too (todo_project.replica), so that the replica's transaction carries the same context.
following: ContextVar[Callable[[uuid.UUID | str | None], None] | None] = ContextVar("rls_following", default=None)


def rls_tables() -> frozenset[str]:
    """The tables under RLS: each app names its own in its AppConfig (`rls_tables`)."""
    return frozenset(table for config in apps.get_app_configs() for table in getattr(config, "rls_tables", ()))


def rls_exempt_tables() -> dict[str, str]:
    """The tables with a user_id column that are deliberately not under RLS, with why
    (`rls_exempt_tables` of each AppConfig)."""
    return {
        table: why
        for config in apps.get_app_configs()
        for table, why in getattr(config, "rls_exempt_tables", {}).items()
    }


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
            set_user(previous, using)


def set_user(user_id: uuid.UUID | str | None, using: str = "default") -> None:
    """Switch the context of the current transaction (after a login or logout, say)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(user_id) if user_id else ""])
    if using == DEFAULT_DB_ALIAS and (follow := following.get()) is not None:
        follow(user_id)


def grant_runtime_privileges(sender, using: str = "default", **kwargs) -> None:
    """After every migrate: the app and staff roles get DML on each table, never TRUNCATE.

    Connected to post_migrate, which is sent once per app: this acts on the last one's, when
    every table exists, and then lets each app narrow its own tables' privileges (an
    AppConfig's `restrict_runtime_privileges(cursor, roles)`). `flush` sends the signal too,
    while connected as the app role, so it does nothing unless it runs as the schema owner.
    """
    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
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
        for config in apps.get_app_configs():
            if restrict := getattr(config, "restrict_runtime_privileges", None):
                restrict(cursor, settings.DATABASE_ROLES)


POLICY_COMMANDS = {"select": "SELECT", "insert": "INSERT", "update": "UPDATE", "delete": "DELETE"}


@dataclass(frozen=True)
class Catalog:
    """What PostgreSQL says about this connection's role and the users' tables."""

    role: str
    superuser: bool
    bypass: bool
    # name: (owned by the role, RLS enabled, RLS forced), for each table in rls_tables()
    tables: dict[str, tuple[bool, bool, bool]]
    # (table, policy name): (command, roles, expressions)
    policies: dict[tuple[str, str], tuple[str, str, str]]
    with_user_id: set[str]


def problems(using: str = "default") -> list[str]:
    """What stops RLS from protecting the users' tables for this connection's role.

    Empty when in force: every table with a user_id column is under RLS or exempt on purpose;
    the role is no superuser, has no BYPASSRLS and owns none of the tables; each table in
    rls_tables() has RLS enabled and forced, one policy per command on app.current_user_id,
    the staff policy, and no other policy.
    """
    tables_under_rls = sorted(rls_tables())
    with connections[using].cursor() as cursor:
        catalog = read_catalog(cursor, tables_under_rls)
    found = unnamed_table_problems(catalog) + role_problems(catalog)
    for table in tables_under_rls:
        found += table_problems(catalog, table)
    return found


def read_catalog(cursor, tables_under_rls: list[str]) -> Catalog:
    cursor.execute("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    role, superuser, bypass = cursor.fetchone()
    cursor.execute(
        """
        SELECT c.relname, pg_has_role(current_user, c.relowner, 'MEMBER'), c.relrowsecurity,
               c.relforcerowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY(%s)
        """,
        [tables_under_rls],
    )
    tables = {name: tuple(flags) for name, *flags in cursor.fetchall()}
    cursor.execute(
        """
        SELECT tablename, policyname, cmd, array_to_string(roles, ','),
               coalesce(qual, '') || ' ' || coalesce(with_check, '')
        FROM pg_policies WHERE schemaname = 'public' AND tablename = ANY(%s)
        """,
        [tables_under_rls],
    )
    policies = {(table, name): (cmd, roles, expressions) for table, name, cmd, roles, expressions in cursor}
    cursor.execute(
        """
        SELECT c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'user_id' AND NOT a.attisdropped
        """
    )
    with_user_id = {name for (name,) in cursor}
    return Catalog(role, superuser, bypass, tables, policies, with_user_id)


def unnamed_table_problems(catalog: Catalog) -> list[str]:
    """Tables with a user_id column that no app put under RLS or exempted."""
    return [
        f"the table {table} has a user_id column but is neither under RLS nor exempt (AppConfig.rls_tables)"
        for table in sorted(catalog.with_user_id - rls_tables() - set(rls_exempt_tables()))
    ]


def role_problems(catalog: Catalog) -> list[str]:
    found = []
    if catalog.superuser:
        found.append(f"the role {catalog.role} is a superuser, which bypasses RLS")
    if catalog.bypass:
        found.append(f"the role {catalog.role} has BYPASSRLS")
    return found


def table_problems(catalog: Catalog, table: str) -> list[str]:
    """The table is there, not the role's, with RLS enabled and forced, and its policies."""
    if table not in catalog.tables:
        return [f"the table {table} is missing"]
    owner, enabled, forced = catalog.tables[table]
    found = []
    if owner:
        found.append(f"the role {catalog.role} owns the {table} table and could switch RLS off")
    if not enabled:
        found.append(f"row-level security is not enabled on {table}")
    if not forced:
        found.append(f"row-level security is not forced on {table}")
    return found + policy_problems(catalog, table)


def policy_problems(catalog: Catalog, table: str) -> list[str]:
    """One policy per command on app.current_user_id, the staff policy, and no other."""
    expected = {f"{table}_{suffix}": (cmd, "public") for suffix, cmd in POLICY_COMMANDS.items()}
    expected[f"{table}_staff_all"] = ("ALL", settings.DATABASE_ROLES["staff"])
    found = []
    for name, (cmd, roles) in expected.items():
        if (table, name) not in catalog.policies:
            found.append(f"the policy {name} is missing")
            continue
        actual_cmd, actual_roles, expressions = catalog.policies[(table, name)]
        if (actual_cmd, actual_roles) != (cmd, roles):
            found.append(f"the policy {name} is for {actual_cmd} to {actual_roles}, expected {cmd} to {roles}")
        elif roles == "public" and SETTING not in expressions:
            found.append(f"the policy {name} does not check {SETTING}")
    found += [
        f"an unexpected policy {name} is on {table}"
        for other_table, name in catalog.policies
        if other_table == table and name not in expected
    ]
    return found
