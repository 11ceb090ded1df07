"""Move completed tasks not touched for --completed-before days to the archive table, or back.

The archive (`tasks_archive`) has the same columns and the same row-level security as
`tasks`; archived tasks leave the lists and the counts, and stay in the person's export.
Works in batches through the staff connection, each one moving rows in a single statement
(nothing is ever in both tables or in neither), so it can be interrupted and run again.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from tasks.models import ArchivedTask, Task
from tasks.sql import ARCHIVE_CONDITION, archive_move
from todo_project.operations import STAFF, OperatorCommand, estimated_rows, operator_transaction, walk_table


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--completed-before",
            type=int,
            metavar="DAYS",
            help="archive tasks completed and last changed more than DAYS ago",
        )
        parser.add_argument("--restore", action="store_true", help="move every archived task back")
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument("--dry-run", action="store_true", help="count what would move, change nothing")

    def handle(self, *args, completed_before, restore: bool, batch_size: int, dry_run: bool, **options) -> None:
        if restore == (completed_before is not None):
            raise CommandError("give either --completed-before DAYS or --restore")
        if batch_size < 1 or (completed_before is not None and completed_before < 0):
            raise CommandError("--completed-before must be 0 or more days and --batch-size at least 1")
        if restore:
            source, target, condition, params = "tasks_archive", "tasks", "true", {}
            what = "archived tasks"
        else:
            cutoff = timezone.now() - timedelta(days=completed_before)
            source, target = "tasks", "tasks_archive"
            condition = ARCHIVE_CONDITION
            params = {"cutoff": cutoff}
            what = f"tasks completed before {cutoff:%Y-%m-%d %H:%M} UTC"
        if dry_run:
            if restore:
                moving = ArchivedTask.objects.using(STAFF).all()
            else:
                moving = Task.objects.using(STAFF).filter(completed=True, deleted_at=None, updated_at__lt=cutoff)
            with operator_transaction():
                count = moving.count()
            self.say(f"Would move {count:,} {what} to {target}.")
            return
        progress = self.progress(estimated_rows(source), f"{source} rows scanned")
        moved = walk_table(
            source,
            archive_move(source, target, condition),
            params,
            batch_size=batch_size,
            on_batch=lambda scanned, done: progress.advance(scanned),
        )
        progress.finish()
        self.say(self.style.SUCCESS(f"Moved {moved:,} {what} to {target}."))
