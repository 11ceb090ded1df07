"""`manage.py check --deploy` refuses a deployment where RLS would not protect tasks."""

from __future__ import annotations

from django.core.checks import Error, register
from django.db import DatabaseError

from tasks import rls


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
