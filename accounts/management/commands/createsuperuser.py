"""Create a staff account for /admin/, through the staff connection by default.

The web process' role may not set is_staff or is_superuser (accounts/apps.py), and with the
embedded database every command but `migrate` runs as that role; the staff connection
(DATABASE_STAFF_URL) may. The address is recorded as confirmed, so allauth lets the new
account sign in.
"""

from __future__ import annotations

from django.contrib.auth.management.commands import createsuperuser


class Command(createsuperuser.Command):
    help = __doc__.splitlines()[0]
    # Django would read django_migrations first, which the runtime roles may not (todo_project/rls.py);
    # `healthcheck` reports unapplied migrations instead.
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(database="staff")
