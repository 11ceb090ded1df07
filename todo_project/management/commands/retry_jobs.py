"""List the worker's failed jobs, or put them back in the queue to run again.

A job fails when it raised on its last try (an email refused again and again, say); it stays
in the queue's tables, shown here, by `healthcheck` and in the admin (Procrastinate jobs,
whose "Retry" action does the same as this command).
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from todo_project.operations import OperatorCommand

FAILED = """
SELECT j.id, j.task_name, j.args::text,
       (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) AS failed_at
FROM procrastinate_jobs j WHERE j.status = 'failed' AND (%(ids)s::bigint[] IS NULL OR j.id = ANY(%(ids)s))
ORDER BY j.id
"""


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="the failed jobs to retry (see the list)")
        parser.add_argument("--all", action="store_true", help="retry every failed job")

    def handle(self, *args, ids: list[int], all: bool = False, **options) -> None:  # noqa: A002
        with connection.cursor() as cursor:
            cursor.execute(FAILED, {"ids": ids or None})
            failed = cursor.fetchall()
        if not ids and not all:
            for job_id, task, arguments, at in failed:
                self.say(f"{job_id}  {task}  failed {at:%Y-%m-%d %H:%M:%S}  {arguments}")
            self.say(f"{len(failed)} failed job(s); retry with: manage.py retry_jobs <id> ... or --all")
            return
        missing = set(ids) - {row[0] for row in failed}
        if missing:
            raise CommandError(f"not failed jobs: {', '.join(map(str, sorted(missing)))}")
        from procrastinate.contrib.django import app

        for job_id, *_ in failed:
            app.job_manager.retry_job_by_id(job_id, retry_at=timezone.now())
        self.say(self.style.SUCCESS(f"Put {len(failed)} job(s) back in the queue."))
