"""Liveness and readiness probes for load balancers and operators."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from todo_project import rls


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. Touches no database, so a database outage never restarts workers."""
    return HttpResponse("ok\n", content_type="text/plain")


def readiness() -> dict[str, bool]:
    """Each check by name: True when it passes."""
    checks = {"database": False, "writable": False, "migrations": False, "rls": False}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # A standby, or a server set read-only (default_transaction_read_only, a full
            # disk's emergency setting), answers reads but refuses every change.
            cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'")
            recovering, read_only = cursor.fetchone()
            checks["database"] = True
            checks["writable"] = not (recovering or read_only)
        checks["migrations"] = pending_migrations() == []
        with transaction.atomic():
            checks["rls"] = rls.problems() == []
    except DatabaseError:
        pass
    return checks


def pending_migrations() -> list[tuple[str, str]]:
    """The newest migration of each app, where it is not applied yet.

    The runtime roles cannot read django_migrations; the owner's applied_migrations()
    function lists what is applied. Raises DatabaseError when even that is missing.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM applied_migrations()")
        applied = set(cursor.fetchall())
    return unapplied_leaves(applied)


def unapplied_leaves(applied: set[tuple[str, str]]) -> list[tuple[str, str]]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [node for node in graph.leaf_nodes() if node not in applied]


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The app can serve users: database reachable and writable, migrations applied, RLS in force."""
    checks = readiness()
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
