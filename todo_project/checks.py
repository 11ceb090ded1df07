"""`manage.py check --deploy` refuses a deployment where RLS would not protect tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError

from todo_project import rls


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
