from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Length, Now, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

PAGE_SIZE = 50

# The list's sort orders: the field and whether it runs descending. Each has an index.
SORTS = {
    "newest": ("created_at", True),
    "oldest": ("created_at", False),
    "updated": ("updated_at", True),
    "title": ("title", False),
}

# The contract says `DEFAULT now()`; Django's Now() would emit STATEMENT_TIMESTAMP().
DB_NOW = Func(function="now", output_field=models.DateTimeField())


class Row(Func):
    """A row constructor, so `(created_at, id) < (…, …)` can walk a composite index."""

    function = "ROW"
    output_field = models.TextField()  # only compared, never selected


class TaskQuerySet(models.QuerySet["Task"]):
    def for_user(self, user) -> TaskQuerySet:
        return self.filter(user=user)

    def alive(self) -> TaskQuerySet:
        return self.filter(deleted_at__isnull=True)

    def trashed(self) -> TaskQuerySet:
        return self.filter(deleted_at__isnull=False)

    def active(self) -> TaskQuerySet:
        return self.alive().filter(completed=False)

    def completed(self) -> TaskQuerySet:
        return self.alive().filter(completed=True)

    def with_status(self, status: str) -> TaskQuerySet:
        return {"active": self.active, "completed": self.completed}.get(status, self.alive)()

    def search(self, text: str) -> TaskQuerySet:
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(description__icontains=text))

    def ordered(self, sort: str = "newest", after: tuple[object, uuid.UUID] | None = None) -> TaskQuerySet:
        """Sorted by one of SORTS, by keyset (see `keyset`)."""
        field, descending = SORTS.get(sort, SORTS["newest"])
        return self.keyset(field, descending, after)

    def recently_trashed(self, after: tuple[datetime, uuid.UUID] | None = None) -> TaskQuerySet:
        return self.trashed().keyset("deleted_at", True, after)

    def keyset(self, field: str, descending: bool, after: tuple[object, uuid.UUID] | None) -> TaskQuerySet:
        """Ordered by `field` with `id` as the tie-breaker, starting after `after`.

        `after` is the (value, id) of the last row already shown; every order walks an index
        of its own (see Meta.indexes), so no page needs a sort step, however deep.
        """
        direction = "-" if descending else ""
        qs = self.order_by(f"{direction}{field}", f"{direction}id")
        if after is not None:
            lookup = "key__lt" if descending else "key__gt"
            qs = qs.alias(key=Row(F(field), F("id"))).filter(**{lookup: Row(Value(after[0]), Value(after[1]))})
        return qs

    def move_to_trash(self, at: datetime | None = None) -> int:
        """Trash the live tasks, all stamped with one time: `trashed_at(at).restore()` undoes it."""
        return self.alive().update(deleted_at=at or Now())

    def trashed_at(self, at: datetime) -> TaskQuerySet:
        return self.trashed().filter(deleted_at=at)

    def restore(self) -> int:
        return self.trashed().update(deleted_at=None)

    def apply(self, action: str, at: datetime | None = None) -> int:
        """A bulk action on these tasks, by its form name; how many changed.

        "complete" the active ones, "reopen" the completed ones (so toggle-all and the bulk
        bar touch only what changes), or "trash" the live ones, stamped `at`.
        """
        if action == "trash":
            return self.move_to_trash(at)
        if action == "complete":
            return self.active().update(completed=True)
        if action == "reopen":
            return self.completed().update(completed=False)
        raise ValueError(f"unknown action {action!r}")


# The checks both task tables carry, each under the table's own constraint names.
TITLE_NOT_EMPTY = GreaterThan(Length(Trim("title")), 0)
DESCRIPTION_MAX_LENGTH = Q(description__isnull=True) | LessThanOrEqual(Length("description"), 1000)


class TaskFields(models.Model):
    """A task's columns, wherever it is kept: `tasks`, and the archive `tasks_archive`.

    Defined once, so the two tables cannot drift apart: `archive_tasks` moves rows between
    them with one INSERT ... SELECT of `columns()`, and the export and `seed_demo` list the
    same columns.
    """

    # The foreign key with ON DELETE CASCADE is declared in SQL (migrations 0002, 0006): Django
    # 5.2 can only emulate cascades, and the database must remove a user's tasks even under RLS.
    # Reached from a user as `task` and `archivedtask` in queries (the admin counts them).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=1000, null=True, blank=True)  # noqa: DJ001 (contract: null)
    completed = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)
    # Bumped by the tasks_set_updated_at trigger on every UPDATE, raw SQL and bulk updates too.
    updated_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @classmethod
    def columns(cls) -> list[str]:
        """The table's columns in their one order: the id, then the fields above."""
        return [field.column for field in cls._meta.concrete_fields if field.primary_key] + [
            field.column for field in TaskFields._meta.fields
        ]


class Task(TaskFields):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        db_table = "tasks"
        constraints = [
            models.CheckConstraint(condition=TITLE_NOT_EMPTY, name="tasks_title_not_empty"),
            models.CheckConstraint(condition=DESCRIPTION_MAX_LENGTH, name="tasks_description_max_length"),
        ]
        indexes = [
            # The database's ON DELETE CASCADE from users, and the trash page (newest trashed first).
            models.Index(F("user"), F("deleted_at").desc(), F("id").desc(), name="idx_tasks_user_id"),
            # Counts per status for the filter tabs and "N items left": an index-only scan.
            models.Index(
                fields=["user", "completed"], name="idx_tasks_user_completed", condition=Q(deleted_at__isnull=True)
            ),
            # The list page filtered by status, newest first, keyset-paginated: no sort step.
            models.Index(
                F("user"),
                F("completed"),
                F("created_at").desc(),
                F("id").desc(),
                name="idx_tasks_user_completed_created",
                condition=Q(deleted_at__isnull=True),
            ),
            # The list page with no status filter ("all"), newest first, keyset-paginated.
            models.Index(
                F("user"),
                F("created_at").desc(),
                F("id").desc(),
                name="idx_tasks_created_at",
                condition=Q(deleted_at__isnull=True),
            ),
            # The list sorted by "recently updated".
            models.Index(
                F("user"),
                F("updated_at").desc(),
                F("id").desc(),
                name="idx_tasks_updated_at",
                condition=Q(deleted_at__isnull=True),
            ),
            # The list sorted by title, A to Z.
            models.Index(
                F("user"), F("title"), F("id"), name="idx_tasks_user_title", condition=Q(deleted_at__isnull=True)
            ),
        ]

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    def toggle(self) -> bool:
        """Flip `completed`; False when the task went to the trash meanwhile (nothing changed).

        In SQL, so two quick toggles never both read the same old value.
        """
        if not type(self).objects.filter(pk=self.pk).alive().update(completed=~Q(completed=True)):
            return False
        self.refresh_from_db(fields=["completed", "updated_at"])
        return True

    def move_to_trash(self) -> None:
        type(self).objects.filter(pk=self.pk).move_to_trash()
        self.refresh_from_db(fields=["deleted_at", "updated_at"])

    def restore(self) -> None:
        type(self).objects.filter(pk=self.pk).restore()
        self.refresh_from_db(fields=["deleted_at", "updated_at"])


class ArchivedTask(TaskFields):
    """Old completed tasks moved out of `tasks` by `manage.py archive_tasks`.

    The same columns as `tasks` (TaskFields), the same row-level security and the same
    cascade from `users` (migration 0006), so rows move both ways with one INSERT ... SELECT.
    """

    id = models.UUIDField(primary_key=True)  # the task's own id, kept

    class Meta:
        db_table = "tasks_archive"
        constraints = [
            models.CheckConstraint(condition=TITLE_NOT_EMPTY, name="tasks_archive_title_not_empty"),
            models.CheckConstraint(condition=DESCRIPTION_MAX_LENGTH, name="tasks_archive_description_max_length"),
        ]
        indexes = [
            # The cascade from users, the export, and restoring one person's archive.
            models.Index(fields=["user"], name="idx_tasks_archive_user_id"),
        ]


class TaskCounts(models.Model):
    """How many live tasks a person has, active and completed: the list's filter tabs.

    Written only by the statement-level trigger `tasks_count` (migration 0007), in the same
    transaction as every insert, update and delete on `tasks`, raw SQL included; so the list
    page reads one row by primary key instead of counting a heavy user's index entries. The
    same row-level security as `tasks`, and the same cascade from `users`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    active = models.IntegerField(default=0, db_default=0)
    completed = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = "task_counts"
        verbose_name_plural = "task counts"

    def __str__(self) -> str:
        return f"{self.active} active, {self.completed} completed"

    @classmethod
    def of(cls, user) -> dict[str, int]:
        """All, active and completed counts of `user`'s live tasks, in one primary-key lookup."""
        row = cls.objects.filter(user=user).values_list("active", "completed").first()
        active, completed = row or (0, 0)
        return {"all": active + completed, "active": active, "completed": completed}


class TaskSubmission(models.Model):
    """The one-time id of a create form, stored in the same transaction as the task it made.

    A form posted twice (a double click, a resend after a timeout) carries the same id: the
    primary key refuses the second insert, and a failed attempt rolls back with its task, so
    the resend is free to try again. Rows older than a day are forgotten by `purge_trash`.
    The same row-level security and cascade from `users` as `tasks` (migration 0009).
    """

    pk = models.CompositePrimaryKey("user_id", "submission")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    submission = models.UUIDField()
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "task_submissions"
        indexes = [
            # purge_trash forgets the ids older than a day.
            models.Index(fields=["created_at"], name="idx_task_submissions_created"),
        ]

    def __str__(self) -> str:
        return str(self.submission)
