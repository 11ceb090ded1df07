"""Every write of the interchange app: keep a file for its preview, and import it.

An import saves a `Bundle` of drafts through the actions layer (tasks.actions for projects,
sections, labels and tasks; reminders.actions for a task's own reminders) in one
transaction, in the person's RLS context: all of it, or, when one write is refused, none.
Each task made is remembered by its row's key (`ImportedTask`), so the same file imported
again adds nothing; a project or a section of the same name (any case) is added to.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import actions as account_actions
from interchange import files
from interchange.drafts import Bundle, DraftTask, Unreadable
from interchange.models import ImportedTask, Upload
from reminders import actions as reminder_actions
from tasks.actions import organise, structure
from tasks.actions import tasks as task_actions
from tasks.actions.base import Result, due_moves_gathered, lock_person
from tasks.models import Label, Project, Section, Task, TaskCompletion
from tasks.wording import plural
from todo_project import rls

COLOR = re.compile(r"#[0-9a-f]{6}")
# A file waits this long for its "Import".
UPLOAD_DAYS = 1


class Refused(Exception):
    """One write of the import was refused: the whole import rolls back, and this says why."""


@dataclass
class Made:
    tasks: list = field(default_factory=list)
    projects: int = 0
    sections: int = 0
    labels: int = 0
    skipped: int = 0

    def sentence(self) -> str:
        parts = [plural(len(self.tasks), "task")]
        parts += [plural(count, noun) for count, noun in ((self.projects, "project"), (self.sections, "section"),
                                                         (self.labels, "label")) if count]  # fmt: skip
        made = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
        skipped = f" {plural(self.skipped, 'task')} of the file had been imported before." if self.skipped else ""
        return f"Imported {made}.{skipped}"


@transaction.atomic
def keep_upload(user, *, filename: str, format: str, content: bytes) -> Upload:
    """Keep a file for its "Import" button; the person's files older than a day go."""
    Upload.objects.filter(user=user, created_at__lt=timezone.now() - timedelta(days=UPLOAD_DAYS)).delete()
    return Upload.objects.create(user=user, filename=filename[:255], format=format, content=content)


def already_imported(user, bundle: Bundle) -> dict[str, object]:
    """The keys of the bundle's tasks imported before, with the task each made (or None)."""
    refs = [task.ref for task in bundle.tasks]
    return dict(ImportedTask.objects.filter(user=user, key__in=refs).values_list("key", "task_id"))


# The worker says how far an import has come every so many tasks (`progress`).
PROGRESS_EVERY = 100


def progress_key(upload_id) -> str:
    return f"interchange:progress:{upload_id}"


def progress(upload_id) -> dict | None:
    """How far the worker's import of the file has come: {"done": n, "total": m}, or None.

    Kept in the shared cache, which is written outside the import's transaction (its own
    connection, or Redis): the import's rows are seen by nobody until it commits, its count is."""
    return cache.get(progress_key(upload_id))


@transaction.atomic
def import_bundle(user, bundle: Bundle, upload_id=None, *, report=None) -> Result:
    """Save the drafts, all or nothing; the result says what was made (or why nothing was).
    The kept file, if any, is emptied and marked done with the result's words. `report`,
    if given, is told (done, total) as the tasks are made."""
    lock_person(user.pk)
    try:
        with transaction.atomic(), due_moves_gathered(user.pk):
            made = Importer(user, bundle, report).run()
        result = Result(changed=bool(made.tasks), count=len(made.tasks), message=made.sentence())
    except Refused as refused:
        result = Result(changed=False, message=f"Nothing was imported: {refused}")
    if upload_id is not None:
        Upload.objects.filter(user=user, pk=upload_id).update(state=Upload.DONE, message=result.message, content=b"")
    return result


@transaction.atomic
def queue_import(user, upload: Upload) -> None:
    """Hand a large file to the worker (interchange.jobs), once: a second press of "Import"
    finds it queued already."""
    from interchange import jobs

    if Upload.objects.filter(user=user, pk=upload.pk, state=Upload.PREVIEWED).update(state=Upload.QUEUED):
        transaction.on_commit(lambda: jobs.import_upload.defer(user_id=str(user.pk), upload_id=str(upload.pk)))


def import_upload(user_id, upload_id) -> str:
    """The worker's import of a kept file, in the person's RLS context; what it made, in words."""
    with rls.user_context(user_id):
        user = get_user_model().objects.get(pk=user_id)
        upload = Upload.objects.filter(user=user, pk=upload_id, state=Upload.QUEUED).first()
        if upload is None:
            return "gone or done already"
        try:
            bundle = files.read(bytes(upload.content), upload.filename, upload.format, now=person_now(user))
        except Unreadable as exc:
            Upload.objects.filter(pk=upload.pk).update(state=Upload.DONE, message=f"Nothing was imported: {exc}")
            return str(exc)

        def report(done: int, total: int) -> None:
            cache.set(progress_key(upload.pk), {"done": done, "total": total}, 3600)

        report(0, len(bundle.tasks))
        return import_bundle(user, bundle, upload_id=upload.pk, report=report).message


def purge_uploads(days: int = UPLOAD_DAYS) -> int:
    """Forget the files older than `days` that nobody imported (across people, the staff
    role): a preview left open does not keep a file for ever."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Upload.objects.using("staff").filter(created_at__lt=cutoff).delete()
    return deleted


def upload_failed(user_id, upload_id) -> None:
    with rls.user_context(user_id):
        Upload.objects.filter(user_id=user_id, pk=upload_id).update(
            state=Upload.FAILED, message="The import stopped on an error; nothing of the file was saved."
        )


def person_now(user):
    return timezone.localtime(timezone=user.zone)


class Importer:
    def __init__(self, user, bundle: Bundle, report=None):
        self.user, self.bundle, self.report = user, bundle, report
        self.made = Made()
        self.projects: dict[str, object] = {}
        self.sections: dict[tuple[str, str], object] = {}
        self.tasks: dict[str, object] = {}
        self.label_ids: dict[str, object] = {}
        self.imported: list[ImportedTask] = []

    def run(self) -> Made:
        known = already_imported(self.user, self.bundle)
        new = [task for task in self.bundle.tasks if task.ref not in known]
        self.made.skipped = len(self.bundle.tasks) - len(new)
        self.tasks = {ref: pk for ref, pk in known.items() if pk is not None}
        # Every project, section and label of the file, those with no task too (found by name
        # when the person has them: a second import makes none again).
        self.places()
        self.labels()
        if new:
            for done, task in enumerate(new, start=1):
                self.task(task)
                if self.report is not None and (done % PROGRESS_EVERY == 0 or done == len(new)):
                    self.report(done, len(new))
            ImportedTask.objects.bulk_create(self.imported)
            self.afterwards(new)
        if self.bundle.timezone and self.bundle.timezone in zoneinfo.available_timezones():
            account_actions.update_profile(self.user, timezone=self.bundle.timezone)
        return self.made

    def places(self) -> None:
        """The projects and sections the new tasks go to: the person's of the same name (any
        case), else made, in the file's order."""
        mine = {name.lower(): pk for pk, name in Project.objects.filter(user=self.user).values_list("pk", "name")}
        for draft in self.bundle.projects:
            if draft.name.lower() not in mine:
                color = draft.color if draft.color and COLOR.fullmatch(draft.color) else None
                result = organise.create_named(self.user, Project, name=draft.name, color=color)
                if not result.changed:
                    raise Refused(f"the project “{draft.name}” could not be made: {result.message}")
                mine[draft.name.lower()] = result.item.pk
                self.made.projects += 1
                if draft.archived_at is not None:
                    Project.objects.filter(pk=result.item.pk).update(archived_at=draft.archived_at)
            self.projects[draft.name] = mine[draft.name.lower()]
        for draft in self.bundle.sections:
            if draft.project in self.projects:
                self.sections[(draft.project, draft.name)] = self.section(draft)

    def section(self, draft):
        project = self.projects[draft.project]
        same = Section.objects.filter(user=self.user, project_id=project).alias(lower=Lower("name"))
        found = same.filter(lower=draft.name.lower()).values_list("pk", flat=True).first()
        if found is not None:
            return found
        result = structure.create_section(self.user, project, draft.name)
        if not result.changed:
            raise Refused(f"the section “{draft.name}” could not be made: {result.message}")
        self.made.sections += 1
        if draft.collapsed:
            structure.set_collapsed(self.user, Section, result.item.pk, True)
        return result.item.pk

    def labels(self) -> None:
        mine = {name.lower() for name in Label.objects.filter(user=self.user).values_list("name", flat=True)}
        for name, color in self.bundle.labels.items():
            if name.lower() not in mine:
                color = color if color and COLOR.fullmatch(color) else None
                result = organise.create_named(self.user, Label, name=name, color=color)
                if not result.changed:
                    raise Refused(f"the label “{name}” could not be made: {result.message}")
                mine.add(name.lower())
                self.made.labels += 1
        self.label_ids = {
            name.lower(): pk for pk, name in Label.objects.filter(user=self.user).values_list("pk", "name")
        }

    def task(self, draft: DraftTask) -> None:
        values = {
            "title": draft.title,
            "description": draft.description or None,
            "priority": draft.priority,
            "due_date": draft.due_date,
            "due_time": draft.due_time,
            "completed": draft.completed,
            "recurrence": draft.recurrence,
            "recur_from_completion": draft.recur_from_completion,
            "project": self.projects.get(draft.project) if draft.project else None,
            "section": self.sections.get((draft.project, draft.section)) if draft.section else None,
            "parent": self.tasks.get(draft.parent) if draft.parent else None,
        }
        labels = [self.label_ids[name.lower()] for name in draft.labels if name.lower() in self.label_ids]
        result = task_actions.create_task(self.user, values, labels=labels)
        if not result.changed and "parent" in result.errors:
            # Its parent, imported before, has gone to the trash since: it comes as a top task.
            values["parent"] = None
            result = task_actions.create_task(self.user, values, labels=labels)
        if not result.changed:
            raise Refused(f"{draft.row}: {result.message}")
        task = result.task
        self.tasks[draft.ref] = task.pk
        self.made.tasks.append(task.pk)
        self.imported.append(ImportedTask(user=self.user, source=self.bundle.source, key=draft.ref, task=task))
        if draft.reminders:
            reminder_actions.set_task_reminders(self.user, task.pk, draft.reminders)

    def afterwards(self, new: list[DraftTask]) -> None:
        """What a create does not set: the file's times, order and folds (one statement for
        all), the completed occurrences, and the trash and the archive, last, once every task
        is in place."""
        ids = [self.tasks[draft.ref] for draft in new]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tasks SET created_at = coalesce(m.created_at, tasks.created_at),"
                " position = coalesce(m.position, tasks.position),"
                " completed_at = CASE WHEN tasks.completed THEN coalesce(m.completed_at, tasks.completed_at) END,"
                " collapsed = m.collapsed"
                " FROM unnest(%s::uuid[], %s::timestamptz[], %s::bigint[], %s::timestamptz[], %s::boolean[])"
                " AS m(id, created_at, position, completed_at, collapsed)"
                " WHERE tasks.user_id = %s AND tasks.id = m.id",
                [
                    ids,
                    [draft.created_at for draft in new],
                    [draft.position for draft in new],
                    [draft.completed_at for draft in new],
                    [draft.collapsed for draft in new],
                    self.user.pk,
                ],
            )
        TaskCompletion.objects.bulk_create(
            TaskCompletion(user=self.user, task_id=self.tasks[draft.ref], due_date=due, completed_at=at)
            for draft in new
            for due, at in draft.completions
        )
        for draft in new:
            if draft.trashed_at is not None:
                Task.objects.filter(user=self.user, pk=self.tasks[draft.ref]).update(deleted_at=draft.trashed_at)
        archive(self.user, [self.tasks[draft.ref] for draft in new if draft.archived])


def archive(user, ids: list) -> None:
    """Move these tasks of the person's to the archive (`tasks_archive`), in one statement, as
    `archive_tasks` does: their columns, kept; their labels, gone with them."""
    if not ids:
        return
    columns = ", ".join(Task.columns())
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (DELETE FROM tasks WHERE user_id = %s AND id = ANY(%s::uuid[]) RETURNING {columns})"
            f" INSERT INTO tasks_archive ({columns}) SELECT {columns} FROM moved",
            [user.pk, ids],
        )
