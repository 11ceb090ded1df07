"""Check that row-level security protects every table of a person's for this process' database role.

Exit status 0 when RLS is in force; 1 with one line per problem otherwise. Run it with the
web process' DATABASE_URL (the app role): the owner or a superuser would fail, rightly.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from todo_project import rls
from todo_project.operations import OperatorCommand


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options) -> None:
        found = rls.problems()
        if found:
            for problem in found:
                self.stderr.write(f"FAIL {problem}")
            raise CommandError("row-level security is not in force", returncode=1)
        self.say(self.style.SUCCESS("OK row-level security is in force on every table of a person's"))
