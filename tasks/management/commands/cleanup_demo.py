"""Remove the demo users (`seed_demo`) and everything of theirs, in batches.

Through the staff connection and Django's deletion: whatever points at a user goes with it,
by the database's cascade (tasks and the other tables of a person) or by Django's
(allauth's addresses, the admin log, groups), so a new table needs no change here.
--dry-run counts without deleting.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from accounts.models import DEMO_DOMAIN, User
from tasks.models import Task
from todo_project.operations import STAFF, OperatorCommand, key_batches, operator_transaction


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="users per transaction")
        parser.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")

    def handle(self, *args, batch_size: int, dry_run: bool, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        demo = User.objects.using(STAFF).filter(email__iendswith=f"@{DEMO_DOMAIN}")
        with operator_transaction():
            users = demo.count()
            tasks = Task.objects.using(STAFF).filter(user__in=demo).count()
        if dry_run:
            self.say(f"Would remove {users:,} demo users and their {tasks:,} tasks.")
            return
        progress = self.progress(users, "demo users")
        removed = 0
        for ids in key_batches(demo, batch_size):
            User.objects.using(STAFF).filter(pk__in=ids).delete()  # a person's rows go by cascade
            removed += len(ids)
            progress.advance(len(ids))
        progress.finish()
        self.say(self.style.SUCCESS(f"Removed {removed:,} demo users and their {tasks:,} tasks."))
