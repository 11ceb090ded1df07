"""One task: create, update, toggle, complete an occurrence, trash and restore it.

Each function takes the person and plain values, runs in one transaction, and raises
`Task.DoesNotExist` for a task that is not theirs, not there, or (for a change) in the trash.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from tasks.actions import undo
from tasks.actions.base import Result, due_moved, local_time, own_tasks, pk_of
from tasks.actions.bulk import complete_occurrences
from tasks.actions.changes import DUE_COLUMNS, as_json, put_back, remember
from tasks.actions.organise import labels_from_names, set_labels
from tasks.actions.structure import Refused, open_family, placement
from tasks.models import Label, Task, TaskCompletion, TaskLabel, TaskSubmission
from tasks.recurrence import rule_words
from tasks.wording import day_name, plural

# The columns a create or an update may set, by their names in `values` / `changes`.
TASK_FIELDS = ("title", "description", "project", "priority", "due_date", "due_time", "completed")
# Where a task is: its project, section and parent (tasks.actions.structure.placement).
PLACE_FIELDS = frozenset({"project", "section", "parent"})
# The fields whose change moves when a task is due (or whether it is).
DUE_FIELDS = frozenset({"due_date", "due_time", "repeat", "completed"})


@transaction.atomic
def create_task(
    user,
    values: dict,
    *,
    labels=(),
    label_names=(),
    submission: uuid.UUID | None = None,
) -> Result:
    """Make a task from `values` (TASK_FIELDS, `recurrence` / `recur_from_completion`, and
    `parent` or `section`: a sub-task takes its parent's project and section), with the
    labels `labels` (ids) and `label_names` (made where new, within the limits).

    `submission` is the create's one-time id (a form's hidden field, the API's
    Idempotency-Key): stored with the task in one transaction, so the same create sent twice
    makes one task, and a create that failed can be sent again.
    """
    if submission is not None:
        try:
            with transaction.atomic():
                TaskSubmission.objects.create(user=user, submission=submission)
        except IntegrityError:
            return Result(changed=False, message="That task was already added.")
    columns = {name: values[name] for name in TASK_FIELDS if name in values}
    if "project" in columns:
        columns["project_id"] = pk_of(columns.pop("project"))
    try:
        columns |= placement(
            user,
            None,
            parent=values.get("parent") or ...,
            section=values.get("section") or ...,
            project=columns.get("project_id", ...) if values.get("section") else ...,
        )
    except Refused as refused:
        transaction.set_rollback(True)  # the submission id too: the create may be sent again
        return refused.result()
    task = Task.objects.create(
        user=user,
        recurrence=values.get("recurrence"),
        recur_from_completion=values.get("recur_from_completion", False),
        **columns,
    )
    notes: list[str] = []
    if labels or label_names:
        named, notes = labels_from_names(user, label_names)
        set_labels(task, [*map(pk_of, labels), *named])
    if task.due_date is not None:
        due_moved(user.pk, task.pk)
    return Result(changed=True, message=f"Added “{task.title}”.", task=task, notes=notes)


def normal(value):
    """A field's value as compared: a blank description is NULL in the row and "" in a form, a
    browser sends a text area's line breaks as \r\n, a choice comes back as text, and a project
    or labels as rows where the task holds ids."""
    if isinstance(value, bool):
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, list | tuple | set | QuerySet):
        return sorted(normal(item) for item in value)
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


def current_values(task: Task) -> dict:
    """The task's editable values as an edit reads them: the fields, its label ids, and its
    repeat in words."""
    values = {name: getattr(task, name) for name in TASK_FIELDS if name != "project"}
    values["project"] = task.project_id
    values["section"] = task.section_id
    values["parent"] = task.parent_id
    values["labels"] = list(TaskLabel.objects.filter(task=task).values_list("label_id", flat=True))
    values["repeat"] = rule_words(task.recurrence, task.recur_from_completion) if task.recurrence else ""
    return values


@transaction.atomic
@transaction.atomic
def save_other_fields(user, task_id, changes: list[tuple[str, dict]]) -> None:
    """Other apps' fields of the task form (tasks.forms.other_fields), after the task's own
    action: each app's action, named by its dotted path, with the fields the person changed."""
    for action, changed in changes:
        import_string(action)(user, task_id, changed)


def update_task(user, task_id, changes: dict, read: dict | None = None) -> Result:
    """Save `changes` (by field: TASK_FIELDS, `labels` as ids, `repeat` as a (rule,
    from_completion) pair) on the live task, and nothing else.

    `read` holds the values the person's copy showed for the fields they changed (a form's
    hidden initial values, an API client's copy). A field changed meanwhile by someone else,
    to a third value, is a conflict: nothing is saved, and the result holds its value now.
    The row is locked for the check and the save, so the two see the same row.
    """
    task = own_tasks(user).alive().select_for_update().get(pk=task_id)
    now = current_values(task)
    mine = {**changes, "repeat": rule_words(*changes["repeat"]) if changes.get("repeat", (None,))[0] else ""}
    conflicts = {
        name: now[name]
        for name, value in (read or {}).items()
        if name in changes and value is not None and normal(now[name]) not in (normal(value), normal(mine[name]))
    }
    if conflicts:
        return Result(changed=False, task=task, conflicts=conflicts, message="Changed elsewhere meanwhile.")
    edited = edited_columns(changes)
    before = [getattr(task, column) for column in edited]
    try:
        columns = edit_columns(user, task, changes)
    except Refused as refused:
        return refused.result()
    if columns:
        Task.objects.filter(pk=task.pk).update(**columns)
    if "labels" in changes:
        set_labels(task, [pk_of(label) for label in changes["labels"]])
    task.refresh_from_db()
    if DUE_FIELDS & set(changes):
        due_moved(user.pk, task.pk)
    due = ""
    if task.recurrence and "repeat" in changes:
        due = f" It is due {day_name(task.due_date, user.today())}."
    token = edit_token(user, task, changes, edited, before, now["labels"])
    return Result(changed=True, message=f"Saved “{task.title}”.{due}", task=task, undo=token)


def edit_columns(user, task: Task, changes: dict) -> dict:
    """The columns an edit sets: its fields, its place (`placement`, refused in words) and its repeat."""
    columns = {name: changes[name] for name in TASK_FIELDS if name in changes and name != "project"}
    if PLACE_FIELDS & set(changes):
        columns |= placement(user, task.pk, **{name: changes[name] for name in PLACE_FIELDS if name in changes})
    if "repeat" in changes:
        columns["recurrence"], columns["recur_from_completion"] = changes["repeat"]
    return columns


def edit_token(user, task: Task, changes: dict, edited: list[str], before: list, labels_before) -> str | None:
    """The Undo of an edit: the columns it may have set, as they were and as they are now,
    and the labels when it set them; None when it changed nothing."""
    after = [getattr(task, column) for column in edited]
    note = {
        "task": str(task.pk),
        "columns": edited,
        "old": list(map(as_json, before)),
        "new": list(map(as_json, after)),
    }
    same = note["old"] == note["new"]
    if "labels" in changes:
        note["labels"] = [sorted(map(str, labels_before)), sorted(str(pk_of(label)) for label in changes["labels"])]
        same = same and note["labels"][0] == note["labels"][1]
    return None if same else undo.token(user, "edited", **note)


# The columns an edit of each field may set: a new repeat can move the date and the time too.
EDITED_COLUMNS = {
    "title": ("title",),
    "description": ("description",),
    "project": ("project_id", "section_id", "parent_id"),
    "section": ("project_id", "section_id", "parent_id"),
    "parent": ("project_id", "section_id", "parent_id"),
    "priority": ("priority",),
    "due_date": ("due_date",),
    "due_time": ("due_time",),
    "completed": ("completed",),
    "repeat": ("recurrence", "recur_from_completion", "due_date", "due_time"),
}


def edited_columns(changes: dict) -> list[str]:
    """The columns an edit of `changes` may set, once each."""
    return list(dict.fromkeys(column for name in changes for column in EDITED_COLUMNS.get(name, ())))


def undo_edit(user, note: dict) -> Result:
    """The Undo of an edit: every field it saved back as it was, if all are still as saved
    (someone changed one since: nothing is changed)."""
    task = own_tasks(user).alive().select_for_update().filter(pk=note["task"]).first()
    if task is None:
        return Result(changed=False, message="That task is gone; nothing was changed.")
    changed_since = Result(changed=False, task=task, message=f"“{task.title}” has changed since; nothing was changed.")
    labels = note.get("labels")
    if labels and sorted(map(str, current_values(task)["labels"])) != labels[1]:
        return changed_since
    if note["columns"] and not put_back(user, note["columns"], [(note["task"], note["old"], note["new"])]):
        return changed_since
    if labels:
        set_labels(task, Label.objects.filter(user=user, pk__in=labels[0]).values_list("pk", flat=True))
    if DUE_COLUMNS & set(note["columns"]):
        due_moved(user.pk, task.pk)
    task.refresh_from_db()
    return Result(changed=True, task=task, message=f"“{task.title}” is back as it was.")


@transaction.atomic
def toggle_task(user, task_id, *, occurrence: date | None = None, today: date | None = None) -> Result:
    """Complete or reopen a task; an active repeating one completes its occurrence instead.

    `occurrence`: the due date the person saw, for a repeating task (see `complete_task`).
    In SQL, so two quick toggles never both read the same old value.
    """
    task = own_tasks(user).alive().select_for_update().get(pk=task_id)
    if task.recurrence and not task.completed:
        return complete_task(user, task_id, occurrence=occurrence, today=today)
    # Completing a parent completes its open sub-tasks; reopening it leaves them as they are.
    ids = [task.pk] if task.completed else [task.pk, *open_family(user.pk, [task.pk])]
    was = task.completed
    Task.objects.filter(pk__in=ids).update(completed=not was)
    task.refresh_from_db()
    due_moved(user.pk, ids)
    also = f" with {plural(len(ids) - 1, 'sub-task')}" if len(ids) > 1 else ""
    return Result(
        changed=True,
        task=task,
        count=len(ids),
        message=f"Marked “{task.title}”{also} as {'done' if task.completed else 'not done'}.",
        undo=undo.token(
            user, "changes", count=len(ids), **remember(("completed",), [(pk, (was,)) for pk in ids], (not was,))
        ),
    )


@transaction.atomic
def complete_task(user, task_id, *, occurrence: date | None = None, today: date | None = None) -> Result:
    """Complete a repeating task's occurrence: record it, and move the task to its next date
    (complete it when the rule is spent). A plain task is completed.

    `occurrence` is the due date the person was shown: if that one is done already (a second
    tab, a double click), nothing changes and the result says so, instead of skipping a date.
    """
    today = today or user.today()
    task = own_tasks(user).alive().select_for_update().get(pk=task_id)
    if task.completed:
        return Result(changed=False, task=task, message=f"“{task.title}” is done already; nothing was changed.")
    if not task.recurrence:
        return toggle_task(user, task_id)
    if occurrence is not None and task.due_date != occurrence:
        return Result(
            changed=False,
            task=task,
            message=f"“{task.title}” for {day_name(occurrence, today)} was done already; nothing was changed.",
        )
    (done,) = complete_occurrences(Task.objects.filter(pk=task.pk), today, now_time=local_time(user))
    task.refresh_from_db()
    due_moved(user.pk, task.pk)
    if done.next_date is None:
        return Result(
            changed=True,
            task=task,
            occurrence=done.due_date,
            message=f"Marked “{task.title}” as done; it does not repeat any more.",
        )
    return Result(
        changed=True,
        task=task,
        occurrence=done.due_date,
        next_date=done.next_date,
        message=f"Done for {day_name(done.due_date, today)}. Next: {day_name(done.next_date, today)}.",
        undo=undo.token(
            user,
            "completion",
            task=str(task.pk),
            completion=str(done.completion_id),
            due=done.due_date.isoformat(),
            next=done.next_date.isoformat(),
            at=done.due_time and done.due_time.isoformat(),
            next_at=done.next_time and done.next_time.isoformat(),
        ),
    )


def clock(note: dict, key: str, default: time | None) -> time | None:
    """A time a token holds (null: none); `default` for a token from before it held one."""
    if key not in note:
        return default
    return time.fromisoformat(note[key]) if note[key] else None


def undo_completion(user, note: dict) -> Result:
    """The Undo of `complete_task`: the due date back and the occurrence's record gone, if the
    task is still on the date it moved to and that completion is still its latest."""
    task = own_tasks(user).alive().select_for_update().filter(pk=note["task"]).first()
    latest = TaskCompletion.objects.filter(task_id=note["task"]).order_by("-completed_at").first()
    if task is None:
        return Result(changed=False, message="That task is gone; nothing was changed.")
    if (
        latest is None
        or str(latest.pk) != note["completion"]
        or task.completed
        or task.due_date != date.fromisoformat(note["next"])
        or task.due_time != clock(note, "next_at", task.due_time)
    ):
        return Result(changed=False, task=task, message=f"“{task.title}” has moved on since; nothing was changed.")
    Task.objects.filter(pk=task.pk).update(due_date=latest.due_date, due_time=clock(note, "at", task.due_time))
    latest.delete()
    task.refresh_from_db()
    due_moved(user.pk, task.pk)
    return Result(
        changed=True, task=task, message=f"“{task.title}” is due {day_name(task.due_date, user.today())} again."
    )


@transaction.atomic
def trash_task(user, task_id) -> Result:
    """Move a live task to the trash, with an Undo."""
    task = own_tasks(user).alive().select_for_update().get(pk=task_id)
    at = timezone.now()
    family = own_tasks(user).filter(pk=task.pk).with_families(user.pk).alive()
    ids = list(family.values_list("pk", flat=True))
    Task.objects.filter(pk__in=ids).move_to_trash(at)
    task.refresh_from_db()
    due_moved(user.pk, ids)
    also = f" with {plural(len(ids) - 1, 'sub-task')}" if len(ids) > 1 else ""
    return Result(
        changed=True,
        task=task,
        count=len(ids),
        message=f"Moved “{task.title}”{also} to the trash.",
        undo=undo.token(user, "trashed", at=at.isoformat()),
    )


@transaction.atomic
def restore_task(user, task_id) -> Result:
    """Bring a task back from the trash."""
    task = own_tasks(user).trashed().select_for_update().get(pk=task_id)
    # Its sub-tasks trashed with it come back with it, and a sub-task brings back the tasks
    # above it, so no live task is ever under one in the trash.
    mine = own_tasks(user).filter(pk=task.pk)
    family = mine.with_families(user.pk).filter(deleted_at=task.deleted_at)
    ids = list(family.union(mine.with_ancestors(user.pk).trashed()).values_list("pk", flat=True))
    Task.objects.filter(pk__in=ids).restore()
    task.refresh_from_db()
    due_moved(user.pk, ids)
    also = f" with {plural(len(ids) - 1, 'related task')}" if len(ids) > 1 else ""
    return Result(changed=True, task=task, count=len(ids), message=f"Restored “{task.title}”{also}.")


def undo_trashing(user, note: dict) -> Result:
    """The Undo of a trashing: the tasks trashed at that moment that are still in the trash."""
    tasks = own_tasks(user).trashed_at(datetime.fromisoformat(note["at"]))
    ids = list(tasks.values_list("pk", flat=True))
    count = tasks.restore()
    due_moved(user.pk, ids)
    if count == 1:
        task = own_tasks(user).get(pk=ids[0])
        return Result(changed=True, task=task, count=1, message=f"Restored “{task.title}”.")
    return Result(changed=bool(count), count=count, message=f"Restored {plural(count, 'task')}.")
