"""Check the task counts (task_counts, each project's) and sub-tasks' places against the tasks; repair what differs.

Triggers keep task_counts and the projects' counts in step with every write to tasks, so this finds nothing unless
something went around it (a TRUNCATE as the owner, triggers disabled). It counts every live
task in one pass through the staff connection, holding writes to tasks for that long (under
a second for 1M tasks here); --dry-run only reports. Exit status 0 either way, 1 if it could not run.
"""

from __future__ import annotations

import psycopg
from django.core.management.base import CommandError

from tasks.sql import (
    COUNT_DIFFERENCES,
    COUNT_REPAIR,
    FAMILY_DIFFERENCES,
    FAMILY_REPAIR,
    PROJECT_COUNT_DIFFERENCES,
    PROJECT_COUNT_REPAIR,
)
from todo_project.operations import OperatorCommand, staff_connection


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report the differences, change nothing")

    def handle(self, *args, dry_run: bool, **options) -> None:
        try:
            with staff_connection() as conn, conn.transaction():
                if not dry_run:
                    # No write to tasks may fall between the count and the repair.
                    conn.execute("LOCK TABLE tasks IN SHARE MODE")
                wrong = conn.execute(COUNT_DIFFERENCES).fetchall()
                # Sub-tasks first: moving one into its parent's project changes the counts.
                strays = conn.execute(FAMILY_DIFFERENCES).fetchall()
                if strays and not dry_run:
                    with conn.cursor() as cursor:
                        cursor.executemany(FAMILY_REPAIR, [(p, s, pk) for pk, p, s in strays])
                wrong_projects = conn.execute(PROJECT_COUNT_DIFFERENCES).fetchall()
                if not dry_run:
                    with conn.cursor() as cursor:
                        cursor.executemany(COUNT_REPAIR, wrong)
                        cursor.executemany(PROJECT_COUNT_REPAIR, [(a, c, pk) for pk, a, c in wrong_projects])
        except psycopg.Error as exc:
            raise CommandError(f"could not recount: {exc}".strip()) from exc
        if strays:
            done = "moved back" if not dry_run else "found; run without --dry-run to move them back"
            self.say(f"{len(strays):,} sub-tasks were out of their parent's project or section: {done}.")
        if not wrong and not wrong_projects:
            self.say(self.style.SUCCESS("Every person's and every project's task counts match their tasks."))
        elif dry_run:
            self.say(
                f"{len(wrong):,} people's and {len(wrong_projects):,} projects' task counts differ from their tasks;"
                " run without --dry-run."
            )
        else:
            self.say(
                self.style.SUCCESS(
                    f"Repaired the task counts of {len(wrong):,} people and {len(wrong_projects):,} projects."
                )
            )
