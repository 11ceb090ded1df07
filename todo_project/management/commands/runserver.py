"""`runserver` as the app role: the migration check goes through applied_migrations().

Django's own check reads django_migrations, which the app role may not read.
"""

from __future__ import annotations

from django.db import DatabaseError
from whitenoise.runserver_nostatic.management.commands.runserver import Command as RunserverCommand

from todo_project.health import pending_migrations


class Command(RunserverCommand):
    def check_migrations(self) -> None:
        try:
            pending = pending_migrations()
        except DatabaseError:
            pending = ["(the database is not migrated)"]
        if pending:
            self.stdout.write(self.style.NOTICE("\nUnapplied migrations: run 'make migrate' (migrate as the owner)."))
