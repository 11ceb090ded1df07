"""Delete, for good, tasks that have been in the trash longer than --older-than days.

Works in batches through the staff connection, each committed on its own, so it never holds
long locks and can be interrupted and run again. --dry-run counts without deleting. Also
forgets the one-time ids of create forms older than a day (task_submissions): a resend that
late is a new task.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks.maintenance import Progress, estimated_rows, staff_connection, walk_table

# How long a create form's one-time id is remembered (TaskSubmission).
SUBMISSIONS_KEPT = timedelta(days=1)


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS", help="days in the trash")
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")

    def handle(self, *args, older_than: int, batch_size: int, dry_run: bool, **options) -> None:
        if older_than < 0 or batch_size < 1:
            raise CommandError("--older-than must be 0 or more days and --batch-size at least 1")
        cutoff = timezone.now() - timedelta(days=older_than)
        if dry_run:
            with staff_connection() as conn:
                count = conn.execute("SELECT count(*) FROM tasks WHERE deleted_at < %s", [cutoff]).fetchone()[0]
            self.stdout.write(f"Would delete {count:,} tasks trashed before {cutoff:%Y-%m-%d %H:%M} UTC.")
            return
        progress = Progress(self.stdout, estimated_rows("tasks"), "tasks scanned")
        deleted = walk_table(
            "tasks",
            "changed AS (DELETE FROM tasks t USING batch WHERE t.id = batch.id AND t.deleted_at < %(cutoff)s"
            " RETURNING 1)",
            {"cutoff": cutoff},
            batch_size=batch_size,
            on_batch=lambda scanned, done: progress.advance(scanned),
        )
        progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted:,} tasks trashed before {cutoff:%Y-%m-%d %H:%M} UTC."))
        with staff_connection(autocommit=True) as conn:
            forgotten = conn.execute(
                "DELETE FROM task_submissions WHERE created_at < now() - %s", [SUBMISSIONS_KEPT]
            ).rowcount
        self.stdout.write(f"Forgot {forgotten:,} create-form ids older than a day.")
