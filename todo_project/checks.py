"""`manage.py check --deploy` refuses a deployment where RLS would not protect tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError, connections

from todo_project import rls
from todo_project.database import DEFAULT_TIMEOUTS, TIMEOUT_SETTINGS


@register(deploy=True)
def rls_in_force(app_configs=None, **kwargs) -> list[Error]:
    try:
        found = rls.problems()
    except DatabaseError as exc:
        return [Error(f"Could not check row-level security: {exc}".strip(), id="tasks.E002")]
    return [
        Error(
            f"Row-level security is not in force: {problem}.",
            hint="Run the web process as the app role (DATABASE_URL) and apply all migrations.",
            id="tasks.E001",
        )
        for problem in found
    ]


# Caches whose contents one worker process keeps to itself.
# (A file cache is shared by the workers of one machine only, not by several servers.)
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register(deploy=True)
def cache_shared_by_workers(app_configs=None, **kwargs) -> list[Warning]:
    """Sessions, rate limits and used two-factor codes must be seen alike by every worker."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared by every worker: rate limits "
            "and used two-factor codes would count per process or per machine.",
            hint="Set CACHE_URL to a Redis server, or leave it unset for the database cache.",
            id="tasks.W001",
        )
    ]


REQUIRED_TIMEOUTS = ("statement_timeout", "lock_timeout")
# The runtime connections, by alias: the variable that sets each, and whose timeouts it gets.
RUNTIME_CONNECTIONS = {
    "default": ("DATABASE_URL", "app"),
    "staff": ("DATABASE_STAFF_URL", "staff"),
    "replica": ("DATABASE_REPLICA_URL", "app"),
}


def session_timeouts(using: str) -> tuple[str, list[str]]:
    """The connection's role and the TIMEOUT_SETTINGS its sessions run without (0: none).

    Read from the session itself, so it counts however they were given: ALTER ROLE,
    ALTER DATABASE, or the connection's options.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT current_user, name, setting FROM pg_settings WHERE name = ANY(%s)", [list(TIMEOUT_SETTINGS)]
        )
        rows = cursor.fetchall()
    role = rows[0][0] if rows else "?"
    values = {name: setting for _, name, setting in rows}
    return role, [name for name in TIMEOUT_SETTINGS if values.get(name, "0") == "0"]


@register(deploy=True)
def runtime_roles_have_timeouts(app_configs=None, **kwargs) -> list[Warning]:
    """Without them, a row locked by a stuck transaction holds a worker until gunicorn kills
    it (30 s), instead of failing one request with the 503 page in seconds."""
    found = []
    for alias, (variable, kind) in RUNTIME_CONNECTIONS.items():
        if alias not in settings.DATABASES:
            continue
        try:
            role, missing = session_timeouts(alias)
        except DatabaseError as exc:
            found.append(Warning(f"Could not read the timeouts of {variable}'s role: {exc}".strip(), id="tasks.W002"))
            continue
        # The two that end a wait on a lock or a query always; the others when configured.
        wanted = {**DEFAULT_TIMEOUTS[kind], **settings.DATABASE_TIMEOUTS[kind]}
        missing = [name for name in missing if name in REQUIRED_TIMEOUTS or name in settings.DATABASE_TIMEOUTS[kind]]
        if not missing:
            continue
        quoted = role if role.isidentifier() and role.islower() else '"' + role.replace('"', '""') + '"'
        statements = " ".join(f"ALTER ROLE {quoted} SET {name} = '{wanted[name]}';" for name in missing)
        found.append(
            Warning(
                f"The database role {role} ({variable}) runs without {', '.join(missing)}: a locked row "
                "or a runaway query would hold a worker until gunicorn kills it.",
                hint=f"Run `manage.py setup_roles` again, or as an administrator: {statements}".strip(),
                id="tasks.W002",
            )
        )
    return found
