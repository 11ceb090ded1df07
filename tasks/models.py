from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Length, Lower, Now, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from tasks.pagination import AGENDA, SORTS, TRASHED_ORDER, Sort
from tasks.quickadd import DueRange, SearchTerms
from tasks.validators import NAME_PATTERN
from todo_project.constraints import ChecksAtOnce
from todo_project.expressions import CLOCK_POSITION, DB_NOW, clock_position

# What one person may keep: enough for any real use, and a bound on every page that lists them.
MAX_PROJECTS = 300
MAX_LABELS = 300
MAX_LABELS_PER_TASK = 20
MAX_SECTIONS = 50  # per project
# How deep sub-tasks go: at most four levels below a top task (refused by the database too).
MAX_DEPTH = 4
# The most tasks one bulk action (and one Undo token) takes: what the bulk bar sends at once.
MAX_BULK = 500

# The colours a project or a label can have (stored as the hex value; pages show them
# through a class per colour, static/css/app.css, as the content security policy forbids
# inline styles).
COLORS = [
    ("#db4035", "Red"),
    ("#ff9933", "Orange"),
    ("#e0b000", "Yellow"),
    ("#7ecc49", "Lime"),
    ("#299438", "Green"),
    ("#14aaf5", "Sky blue"),
    ("#4073ff", "Blue"),
    ("#884dff", "Violet"),
    ("#eb96eb", "Pink"),
    ("#808080", "Grey"),
]

# A colour, when there is one: #rrggbb in lower case (one of COLORS on the pages).
COLOR_FORMAT = Q(color__isnull=True) | Q(color__regex=r"^#[0-9a-f]{6}$")

# The sort keys of a task without a date or a time: after every dated one, and after every
# timed one on its day. Sentinels instead of NULL, so a keyset row comparison can step over them.
NO_DATE = date.max
NO_TIME = time.max
DUE_DAY = Coalesce("due_date", Value(NO_DATE))
DUE_AT = Coalesce("due_time", Value(NO_TIME))


# The ids of the tasks %s (an array) and of their sub-tasks at any depth, of the person %s.
FAMILY_WALK = (
    "WITH RECURSIVE family (id) AS ("
    " SELECT unnest(%s::uuid[])"
    " UNION SELECT t.id FROM tasks t JOIN family f ON t.user_id = %s AND t.parent_id = f.id"
    ") SELECT id FROM family"
)


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

    def matching(self, terms: SearchTerms) -> TaskQuerySet:
        """A search read by quick add's grammar (quickadd.search_terms, given the person's
        projects and labels): its words in the title or description, and its project, labels,
        priority and due dates. Plain filters on the page's own index walk (docs/PERFORMANCE.md,
        "search with filters")."""
        tasks = self.search(terms.words)
        if terms.project is not None:
            tasks = tasks.in_project(terms.project)
        for label in terms.labels:
            tasks = tasks.labelled(label)
        if terms.priority is not None:
            tasks = tasks.filter(priority=terms.priority)
        return tasks.due_within(terms.due) if terms.due else tasks

    def due_within(self, due: DueRange) -> TaskQuerySet:
        if due.undone:
            return self.filter(completed=False).due_within(replace(due, undone=False))
        if due.undated:
            return self.filter(due_date__isnull=True)
        bounds = {"due_date__gte": due.first, "due_date__lte": due.last}
        return self.filter(**{lookup: day for lookup, day in bounds.items() if day is not None})

    def in_project(self, project: Project | None) -> TaskQuerySet:
        """The tasks of a project; of the Inbox (no project) for None."""
        return self.filter(project=project) if project is not None else self.filter(project__isnull=True)

    def labelled(self, label: Label) -> TaskQuerySet:
        # EXISTS on task_labels' primary key, row by row along the list's own index: the page
        # keeps its order without a sort step (docs/PERFORMANCE.md, "A label's page").
        return self.filter(models.Exists(TaskLabel.objects.filter(task=models.OuterRef("pk"), label=label)))

    def due_by(self, day: date) -> TaskQuerySet:
        """Today's page: active tasks due on `day` or overdue."""
        return self.active().filter(due_date__lte=day)

    def due_from(self, day: date) -> TaskQuerySet:
        """Upcoming: active tasks due on `day` or later."""
        return self.active().filter(due_date__gte=day)

    def with_labels(self) -> TaskQuerySet:
        """Each task with `label_ids`, in the same statement (no query per row or per page)."""
        from django.contrib.postgres.expressions import ArraySubquery

        ids = TaskLabel.objects.filter(task=models.OuterRef("pk")).values("label_id")
        return self.annotate(label_ids=ArraySubquery(ids))

    def ordered(self, sort: str = "newest", after: tuple | None = None) -> TaskQuerySet:
        """Sorted by one of SORTS, by keyset (see `keyset`)."""
        return self.keyset(SORTS.get(sort, SORTS["newest"]), after)

    def agenda(self, after: tuple | None = None) -> TaskQuerySet:
        return self.keyset(AGENDA, after)

    def recently_trashed(self, after: tuple | None = None) -> TaskQuerySet:
        return self.trashed().keyset(TRASHED_ORDER, after)

    def keyset(self, sort: Sort, after: tuple | None) -> TaskQuerySet:
        """Ordered by the sort's keys, starting after `after`.

        `after` holds the keys of the last row already shown; every order walks an index of
        its own (see Meta.indexes), so no page needs a sort step, however deep.
        """
        qs = self.annotate(due_day=DUE_DAY, due_at=DUE_AT) if {"due_day", "due_at"} & set(sort.keys) else self
        qs = qs.order_by(*(f"-{key}" if sort.descending else key for key in sort.keys))
        if after is not None:
            lookup = "key__lt" if sort.descending else "key__gt"
            mine = Row(*(F(key) for key in sort.keys))
            qs = qs.alias(key=mine).filter(**{lookup: Row(*(Value(value) for value in after))})
        return qs

    def with_families(self, user_id, ids=None) -> TaskQuerySet:
        """These tasks (or the tasks `ids`) and their sub-tasks at any depth, live or trashed:
        one recursive walk of idx_tasks_parent, at most MAX_DEPTH steps."""
        ids = list(self.values_list("pk", flat=True)) if ids is None else list(ids)
        return Task.objects.filter(user_id=user_id, pk__in=RawSQL(FAMILY_WALK, [ids, user_id]))

    def with_ancestors(self, user_id) -> TaskQuerySet:
        """These tasks and every task above them, up to their top."""
        ids = list(self.values_list("pk", flat=True))
        walk = RawSQL(
            "WITH RECURSIVE line (id, parent_id) AS ("
            " SELECT id, parent_id FROM tasks WHERE user_id = %s AND id = ANY(%s::uuid[])"
            " UNION SELECT t.id, t.parent_id FROM tasks t JOIN line l ON t.user_id = %s AND t.id = l.parent_id"
            ") SELECT id FROM line",
            [user_id, ids, user_id],
        )
        return Task.objects.filter(user_id=user_id, pk__in=walk)

    def move_to_trash(self, at: datetime | None = None) -> int:
        """Trash the live tasks, all stamped with one time: `trashed_at(at).restore()` undoes it."""
        return self.alive().update(deleted_at=at or Now())

    def trashed_at(self, at: datetime) -> TaskQuerySet:
        return self.trashed().filter(deleted_at=at)

    def restore(self) -> int:
        return self.trashed().update(deleted_at=None)


def status_counts(active: int, completed: int) -> dict[str, int]:
    """The filter tabs' numbers: all, active and completed."""
    return {"all": active + completed, "active": active, "completed": completed}


# The checks both task tables carry, each under the table's own constraint names.
TITLE_NOT_EMPTY = GreaterThan(Length(Trim("title")), 0)
DESCRIPTION_MAX_LENGTH = Q(description__isnull=True) | LessThanOrEqual(Length("description"), 1000)
PRIORITY_RANGE = Q(priority__gte=1, priority__lte=4)
DUE_TIME_NEEDS_DATE = Q(due_time__isnull=True) | Q(due_date__isnull=False)
RECURRENCE_NEEDS_DUE = Q(recurrence__isnull=True) | Q(due_date__isnull=False)
NAME_NOT_EMPTY = GreaterThan(Length(Trim("name")), 0)
# No control or invisible formatting character (a right-to-left override, a zero-width space):
# the rule of tasks.validators.clean_name, for whatever writes a name without it.
NAME_WITHOUT_CONTROLS = ~Q(name__regex=NAME_PATTERN)
PRIORITIES = [(1, "P1"), (2, "P2"), (3, "P3"), (4, "P4")]


def task_checks(table: str) -> list[models.CheckConstraint]:
    """The checks both task tables carry, under the table's own constraint names."""
    return [
        models.CheckConstraint(condition=TITLE_NOT_EMPTY, name=f"{table}_title_not_empty"),
        models.CheckConstraint(condition=DESCRIPTION_MAX_LENGTH, name=f"{table}_description_max_length"),
        models.CheckConstraint(condition=PRIORITY_RANGE, name=f"{table}_priority_range"),
        models.CheckConstraint(condition=DUE_TIME_NEEDS_DATE, name=f"{table}_due_time_needs_date"),
        models.CheckConstraint(condition=RECURRENCE_NEEDS_DUE, name=f"{table}_recurrence_needs_due"),
    ]


class Project(models.Model):
    """A list of tasks. Tasks with no project are the Inbox.

    `active_count` and `completed_count` (its live tasks) are kept by the statement-level
    trigger `tasks_project_count` (migration 0011), as `task_counts` is for the whole list: the
    sidebar reads them instead of counting. Deleting a project moves its tasks to the trash
    (tasks.actions.organise.delete_project); the database clears `project_id` of any left (ON DELETE SET NULL).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    name = models.CharField(max_length=120)
    color = models.CharField(max_length=7, null=True, blank=True)  # noqa: DJ001 (contract: null)
    position = models.IntegerField(default=0, db_default=0)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)
    active_count = models.IntegerField(default=0, db_default=0, editable=False)
    completed_count = models.IntegerField(default=0, db_default=0, editable=False)

    class Meta:
        db_table = "projects"
        ordering = ["position", Lower("name"), "id"]
        constraints = [
            models.CheckConstraint(condition=NAME_NOT_EMPTY, name="projects_name_not_empty"),
            models.CheckConstraint(condition=NAME_WITHOUT_CONTROLS, name="projects_name_refuses_controls"),
            models.CheckConstraint(condition=COLOR_FORMAT, name="projects_color_format"),
            # One name per person, whatever its case.
            models.UniqueConstraint("user", Lower("name"), name="idx_projects_user_name"),
            # What the tasks' composite foreign key (project_id, user_id) points at.
            models.UniqueConstraint(fields=["id", "user"], name="projects_id_user_key"),
        ]
        indexes = [
            # The sidebar and /projects/: a person's projects in their order; the cascade from users.
            models.Index(F("user"), F("position"), Lower("name"), F("id"), name="idx_projects_user_position"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.active_count, self.completed_count)


class Label(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    name = models.CharField(max_length=60)
    color = models.CharField(max_length=7, null=True, blank=True)  # noqa: DJ001 (contract: null)
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "labels"
        ordering = [Lower("name")]  # unique per person
        constraints = [
            models.CheckConstraint(condition=NAME_NOT_EMPTY, name="labels_name_not_empty"),
            models.CheckConstraint(condition=NAME_WITHOUT_CONTROLS, name="labels_name_refuses_controls"),
            models.CheckConstraint(condition=COLOR_FORMAT, name="labels_color_format"),
            # One name per person, whatever its case; the sidebar's and /labels/' order; the cascade from users.
            models.UniqueConstraint("user", Lower("name"), name="idx_labels_user_name"),
            # What task_labels' composite foreign key (label_id, user_id) points at.
            models.UniqueConstraint(fields=["id", "user"], name="labels_id_user_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def add_to(self, tasks: TaskQuerySet) -> list:
        """Label the tasks that do not have it yet and have room for it (MAX_LABELS_PER_TASK);
        the ids of those labelled."""
        room = tasks.exclude(models.Exists(TaskLabel.objects.filter(task=models.OuterRef("pk"), label=self)))
        room = room.alias(
            label_count=models.Subquery(
                TaskLabel.objects.filter(task=models.OuterRef("pk"))
                .values("task")
                .annotate(n=models.Count("*"))
                .values("n")
            )
        ).filter(Q(label_count__isnull=True) | Q(label_count__lt=MAX_LABELS_PER_TASK))
        rows = [TaskLabel(task_id=pk, label=self, user_id=self.user_id) for pk in room.values_list("pk", flat=True)]
        TaskLabel.objects.bulk_create(rows, ignore_conflicts=True)
        return [row.task_id for row in rows]


class Section(models.Model):
    """A heading inside a project, in the person's own order; its tasks keep `section_id`.

    The foreign key (project_id, user_id) -> projects (id, user_id) cascades, and the tasks'
    (section_id, project_id, user_id) -> sections clears only `section_id` when it goes
    (migration 0015): a task can only be in a section of its own project.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    project = models.ForeignKey(
        Project, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    name = models.CharField(max_length=120)
    position = models.BigIntegerField(default=clock_position, db_default=CLOCK_POSITION)
    # Folded on the project page (remembered for the person).
    collapsed = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "sections"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=NAME_NOT_EMPTY, name="sections_name_not_empty"),
            models.CheckConstraint(condition=NAME_WITHOUT_CONTROLS, name="sections_name_refuses_controls"),
            # What the tasks' composite foreign key (section_id, project_id, user_id) points at.
            models.UniqueConstraint(fields=["id", "project", "user"], name="sections_id_project_user_key"),
        ]
        indexes = [
            # A project's sections in their order; the cascades from users and from projects.
            models.Index(fields=["user", "project", "position", "id"], name="idx_sections_project_position"),
        ]

    def __str__(self) -> str:
        return self.name


class TaskFields(ChecksAtOnce):
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
    # Release 2. The foreign key (project_id, user_id) -> projects (id, user_id) ON DELETE SET
    # NULL (project_id) is declared in SQL (migration 0011): a task can only be in a project of
    # its own person's, and deleting a project clears only the project.
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    priority = models.SmallIntegerField(choices=PRIORITIES, default=4, db_default=4)
    due_date = models.DateField(null=True, blank=True)
    due_time = models.TimeField(null=True, blank=True)
    # An RFC 5545 RRULE value without "RRULE:", e.g. FREQ=MONTHLY;BYDAY=3FR.
    recurrence = models.TextField(null=True, blank=True)  # noqa: DJ001 (contract: null)
    recur_from_completion = models.BooleanField(default=False, db_default=False)
    # Set when completed, cleared when reopened, by the tasks_set_completed_at trigger: model
    # methods, bulk updates and raw SQL alike.
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Release 3. A sub-task's parent, at most MAX_DEPTH levels below a top task; it lives in
    # its parent's project and section (the trigger tasks_check_parent sets them, and
    # tasks_move_family moves a family along with its top, migration 0015). The composite
    # foreign key (parent_id, user_id) cascades; in the archive a family stays together.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
        related_name="+",
    )  # fmt: skip
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
        related_name="+",
    )  # fmt: skip
    # The person's own order among siblings (same project or Inbox, section and parent): the
    # clock when added, so new tasks come last; a move takes a value between its neighbours
    # (tasks.ordering), never renumbering the list.
    position = models.BigIntegerField(default=clock_position, db_default=CLOCK_POSITION)
    # A parent's sub-tasks folded away on the project page.
    collapsed = models.BooleanField(default=False, db_default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        """A task read with all its columns, made without Model.__init__ (a list page makes 50
        to 200, and __init__'s work per field, for values the database already checked, was
        about a tenth of the page's CPU: docs/PERFORMANCE.md). No signal listens to a task's
        init; a read of some columns only goes Django's way, which marks the rest deferred."""
        if len(values) != len(cls._meta.concrete_fields):
            return super().from_db(db, field_names, values)
        task = cls.__new__(cls)
        task.__dict__.update(zip(field_names, values, strict=True))
        task._state = ModelState()
        task._state.adding, task._state.db = False, db
        return task

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
            *task_checks("tasks"),
            # What task_labels' composite foreign key (task_id, user_id) points at.
            models.UniqueConstraint(fields=["id", "user"], name="tasks_id_user_key"),
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
            # The list sorted by due date ("due"): dated first, then by time.
            models.Index(
                F("user"), DUE_DAY, DUE_AT, F("id"), name="idx_tasks_user_due", condition=Q(deleted_at__isnull=True)
            ),
            # The list sorted by priority, then due date and time.
            models.Index(
                F("user"),
                F("priority"),
                DUE_DAY,
                DUE_AT,
                F("id"),
                name="idx_tasks_user_priority",
                condition=Q(deleted_at__isnull=True),
            ),
            # Today (due on or before today), Upcoming (from today on) and Today's count in the
            # sidebar: active dated tasks by day, time and priority.
            models.Index(
                F("user"),
                F("due_date"),
                DUE_AT,
                F("priority"),
                F("id"),
                name="idx_tasks_agenda",
                condition=Q(deleted_at__isnull=True, completed=False, due_date__isnull=False),
            ),
            # (A project's page in another order than its own walks the person's index for that
            # order, keeping the project's rows: three per-project copies of the sort indexes cost
            # a fifth of a task's bytes for a page few people open; docs/PERFORMANCE.md, 100M.)
            # The foreign key's ON DELETE SET NULL when a project is deleted (trashed tasks too).
            models.Index(fields=["project"], name="idx_tasks_project_id", condition=Q(project__isnull=False)),
            # A project's page and the Inbox in the person's own order ("manual"): each
            # section's top tasks by position. tasks.outline orders its walks by the index's
            # own columns: an IS NULL (the Inbox, no section) is no equality to the planner,
            # and ordering by position alone would need a sort.
            models.Index(
                F("user"),
                F("project"),
                F("section"),
                F("position"),
                F("id"),
                name="idx_tasks_manual",
                condition=Q(deleted_at__isnull=True, parent__isnull=True),
            ),
            # A task's sub-tasks in their order (live and trashed: the trash and its Undo
            # walk families); the cascade from a parent.
            models.Index(
                F("user"),
                F("parent"),
                F("position"),
                F("id"),
                name="idx_tasks_parent",
                condition=Q(parent__isnull=False),
            ),
            # The foreign key's ON DELETE SET NULL when a section is deleted.
            models.Index(fields=["section"], name="idx_tasks_section_id", condition=Q(section__isnull=False)),
        ]

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


class ArchivedTask(TaskFields):
    """Old completed tasks moved out of `tasks` by `manage.py archive_tasks`.

    The same columns as `tasks` (TaskFields), the same row-level security and the same
    cascade from `users` (migration 0006), so rows move both ways with one INSERT ... SELECT.
    """

    id = models.UUIDField(primary_key=True)  # the task's own id, kept

    class Meta:
        db_table = "tasks_archive"
        constraints = task_checks("tasks_archive")
        indexes = [
            # The cascade from users, the export, and restoring one person's archive.
            models.Index(fields=["user"], name="idx_tasks_archive_user_id"),
            # The foreign key's ON DELETE SET NULL when a project is deleted.
            models.Index(fields=["project"], name="idx_tasks_archive_project_id", condition=Q(project__isnull=False)),
            # The foreign key's ON DELETE SET NULL when a section is deleted.
            models.Index(fields=["section"], name="idx_tasks_archive_section_id", condition=Q(section__isnull=False)),
            # A family moving back whole (archive_tasks --restore).
            models.Index(fields=["user", "parent"], name="idx_tasks_archive_parent", condition=Q(parent__isnull=False)),
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
        return status_counts(*(row or (0, 0)))


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


class TaskLabel(models.Model):
    """A label on a task. Both foreign keys are composite with `user_id` (migration 0011): a
    row can only join a task and a label of the same person's."""

    pk = models.CompositePrimaryKey("task_id", "label_id")
    task = models.ForeignKey(Task, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    label = models.ForeignKey(Label, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        db_table = "task_labels"
        indexes = [
            # The cascades from users and from labels.
            models.Index(fields=["user", "label"], name="idx_task_labels_user_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label_id} on {self.task_id}"


class TaskCompletion(models.Model):
    """One completed occurrence of a repeating task: the date it was due, and when it was done.

    Completing a repeating task records its occurrence here and moves the task's due date to
    the next one (tasks.actions.bulk.complete_occurrences); Undo puts the date back and removes the record.
    The foreign key (task_id, user_id) -> tasks (id, user_id) cascades (migration 0012).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    task = models.ForeignKey(Task, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    due_date = models.DateField()
    completed_at = models.DateTimeField(default=timezone.now, db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "task_completions"
        indexes = [
            # A task's completed occurrences, newest first (its edit page, the count for COUNT=),
            # and the cascade from tasks.
            models.Index(F("task"), F("completed_at").desc(), name="idx_task_completions_task"),
            # The cascade from users, and the export.
            models.Index(fields=["user"], name="idx_task_completions_user"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} due {self.due_date}"
