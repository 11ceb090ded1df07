"""Check the database, the migrations, row-level security, the roles and the job queue; exit 0 or 1.

Prints one line per failed check (or --json). Run it with the web process' settings: the
checks are about the role that process connects as, and the staff connection.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from todo_project import queue, rls
from todo_project.health import pending_migrations
from todo_project.operations import STAFF, OperatorCommand


def check_database() -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return ""


def check_migrations() -> str:
    pending = pending_migrations()
    return f"not applied: {', '.join(f'{app}.{name}' for app, name in pending)}" if pending else ""


def check_rls() -> str:
    with transaction.atomic():
        return "; ".join(rls.problems())


def check_staff() -> str:
    with connections[STAFF].cursor() as cursor:
        cursor.execute("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        role, superuser, bypass = cursor.fetchone()
    if superuser or bypass:
        return f"the staff connection's role {role} bypasses RLS; use a role that sees rows through its policy"
    return ""


def check_queue() -> str:
    """The worker's queue: a job waiting past its time means no worker runs (or too few)."""
    if not queue.installed():
        return "the queue's tables are missing (migrate)"
    return queue.problem(queue.figures())


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "rls": check_rls,
    "staff": check_staff,
    "queue": check_queue,
}


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the results as JSON")

    def handle(self, *args, as_json: bool = False, **options) -> None:
        results = {}
        for name, check in CHECKS.items():
            try:
                problem = check()
            except DatabaseError as exc:
                problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            results[name] = {"ok": not problem, "detail": problem}
        healthy = all(result["ok"] for result in results.values())
        figures = self.queue_figures()
        if as_json:
            answer = {"status": "ok" if healthy else "failing", "checks": results, "queue": figures}
            self.stdout.write(json.dumps(answer, indent=2))
        else:
            for name, result in results.items():
                if result["ok"]:
                    self.say(f"ok   {name}")
                else:
                    self.stderr.write(f"FAIL {name}: {result['detail']}")
            if figures is not None:
                self.say(f"     queue: {queue.words(figures)}")
        if not healthy:
            raise CommandError("unhealthy", returncode=1)

    def queue_figures(self) -> dict | None:
        try:
            return queue.figures() if queue.installed() else None
        except DatabaseError:
            return None
