"""What the interchange app keeps about a person: a file waiting for its "Import", and each
task an import made, under the key of the row it came from (so the same file imports once).

Both tables carry `user_id` under the person's row-level security (migration 0001); an
imported task's row points at the task through the composite key (task_id, user_id) ->
tasks (id, user_id), so it can only name a task of the same person's, and forgets the task
(SET NULL) when the task is deleted: the row it came from still counts as imported.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.utils import timezone

from tasks.models import Task
from todo_project.expressions import DB_NOW

# The largest file an import takes (DESIGN §11).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FORMATS = [
    ("auto", "Find out from the file"),
    ("todoist", "Todoist CSV (a project template)"),
    ("ticktick", "TickTick CSV backup"),
    ("todotxt", "todo.txt"),
    ("ical", "iCalendar (.ics, tasks)"),
    ("json", "This app's JSON export"),
]


def person():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class Upload(models.Model):
    """A file read and previewed, kept until the person presses "Import" (or for a day); a
    large one is then imported by the worker, and its page follows `state` to the end."""

    PREVIEWED, QUEUED, DONE, FAILED = "previewed", "queued", "done", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10)
    content = models.BinaryField(max_length=MAX_UPLOAD_BYTES)
    state = models.CharField(max_length=10, default=PREVIEWED, db_default=PREVIEWED)
    # What the import made, or why it made nothing, in words.
    message = models.TextField(blank=True, default="", db_default="")
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "import_uploads"
        indexes = [
            # The cascade from users; forgetting a person's old uploads.
            models.Index(fields=["user", "created_at"], name="idx_import_uploads_user"),
        ]

    def __str__(self) -> str:
        return self.filename


class ImportedTask(models.Model):
    """One row of a file that became a task: its key is a hash of the format and the row's own
    id in its source (a TickTick taskId, an iCalendar UID, this app's task id), or of the row's
    content where the source has no id (Todoist's CSV, todo.txt)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    source = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    task = models.ForeignKey(
        Task, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "imported_tasks"
        constraints = [
            # An import looks up the keys of its rows; one row imports once; the cascade from users.
            models.UniqueConstraint(fields=["user", "key"], name="imported_tasks_user_key"),
        ]
        indexes = [
            # The foreign key's ON DELETE SET NULL when a task is deleted.
            models.Index(fields=["task"], name="idx_imported_tasks_task", condition=models.Q(task__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.key
