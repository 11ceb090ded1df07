"""Delete, for good, tasks that have been in the trash longer than --older-than days.

Through the staff connection and Django's deletion (so what points at a task goes with it),
in batches walking the primary key, each committed on its own: it never holds long locks and
can be interrupted and run again. --dry-run counts without deleting. Also forgets the one-time
ids of create forms older than a day (task_submissions): a resend that late is a new task.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from tasks.models import Task, TaskSubmission
from todo_project.operations import STAFF, OperatorCommand, key_batches, operator_transaction

# How long a create form's one-time id is remembered (TaskSubmission).
SUBMISSIONS_KEPT = timedelta(days=1)


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS", help="days in the trash")
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")

    def handle(self, *args, older_than: int, batch_size: int, dry_run: bool, **options) -> None:
        if older_than < 0 or batch_size < 1:
            raise CommandError("--older-than must be 0 or more days and --batch-size at least 1")
        cutoff = timezone.now() - timedelta(days=older_than)
        old = Task.objects.using(STAFF).filter(deleted_at__lt=cutoff)
        with operator_transaction():
            total = old.count()
        if dry_run:
            self.say(f"Would delete {total:,} tasks trashed before {cutoff:%Y-%m-%d %H:%M} UTC.")
            return
        progress = self.progress(total, "tasks deleted")
        deleted = 0
        for ids in key_batches(old, batch_size):
            count, _ = old.filter(pk__in=ids).delete()
            deleted += count
            progress.advance(count)
        progress.finish()
        self.say(self.style.SUCCESS(f"Deleted {deleted:,} tasks trashed before {cutoff:%Y-%m-%d %H:%M} UTC."))
        with operator_transaction():
            forgotten, _ = (
                TaskSubmission.objects.using(STAFF).filter(created_at__lt=timezone.now() - SUBMISSIONS_KEPT).delete()
            )
        self.say(f"Forgot {forgotten:,} create-form ids older than a day.")
