"""Projects and labels: make, rename, colour, archive, delete; labels made from names.

The limits (MAX_PROJECTS, MAX_LABELS) are counted under the person's lock, so two creates at
once cannot pass them together; a name taken meanwhile by another tab is refused by the
unique index and said in words.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from tasks.actions import undo
from tasks.actions.base import Result, due_moved, lock_person, own_tasks
from tasks.models import MAX_LABELS, MAX_LABELS_PER_TASK, MAX_PROJECTS, Label, Project, Task, TaskLabel
from tasks.validators import clean_name
from tasks.wording import plural

LIMITS = {Project: MAX_PROJECTS, Label: MAX_LABELS}


def name_taken(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    return bool(diag and (diag.constraint_name or "").endswith("_user_name"))


@transaction.atomic
def create_named(user, model, *, name: str, color: str | None = None) -> Result:
    """Make a project or a label (`model`), within the person's limit of them."""
    lock_person(user.pk)
    noun = model._meta.verbose_name
    try:
        name = clean_name(name, noun)
    except ValidationError as exc:
        return refused(exc.messages[0])
    limit = LIMITS[model]
    if model.objects.filter(user=user).count() >= limit:
        return refused(f"You have {limit} {noun}s, the most one can keep; delete one first.")
    try:
        with transaction.atomic():
            item = model.objects.create(user=user, name=name, color=color)
    except IntegrityError as exc:
        if name_taken(exc):
            return refused("That name was just taken; choose another.")
        raise
    return Result(changed=True, message=f"Added “{item.name}”.", item=item)


@transaction.atomic
def rename(user, model, pk, *, name: str, color: str | None) -> Result:
    """Rename or recolour one of the person's projects or labels."""
    item = model.objects.filter(user=user).select_for_update().get(pk=pk)
    try:
        name = clean_name(name, model._meta.verbose_name)
    except ValidationError as exc:
        return refused(exc.messages[0])
    try:
        with transaction.atomic():
            model.objects.filter(pk=item.pk).update(name=name, color=color)
    except IntegrityError as exc:
        if name_taken(exc):
            return refused("That name was just taken; choose another.")
        raise
    item.refresh_from_db()
    return Result(changed=True, message=f"Saved “{item.name}”.", item=item)


def refused(message: str) -> Result:
    return Result(changed=False, message=message, errors={"name": [message]})


@transaction.atomic
def archive_project(user, pk, *, archive: bool = True) -> Result:
    """Archive a project (out of the sidebar and the pickers; its tasks stay where they are), or bring it back."""
    project = Project.objects.filter(user=user).get(pk=pk)
    Project.objects.filter(pk=project.pk).update(archived_at=timezone.now() if archive else None)
    return Result(changed=True, message=f"{'Archived' if archive else 'Unarchived'} “{project.name}”.", item=project)


@transaction.atomic
def delete_project(user, pk) -> Result:
    """Move the project's tasks to the trash and delete it, with an Undo that brings both back."""
    project = Project.objects.filter(user=user).select_for_update().get(pk=pk)
    at = timezone.now()
    tasks = own_tasks(user).in_project(project).alive()
    ids = list(tasks.values_list("pk", flat=True))
    saved = {"id": str(project.pk), "name": project.name, "color": project.color, "position": project.position}
    count = Task.objects.filter(pk__in=ids).move_to_trash(at)
    project.delete()
    due_moved(user.pk, ids)
    token = undo.token(
        user,
        "project_deleted",
        project=saved,
        at=at.isoformat(),
    )
    message = f"Deleted the project “{project.name}” and moved its {plural(count, 'task')} to the trash."
    return Result(changed=True, count=count, message=message, undo=token, item=project)


def undo_project_deletion(user, note: dict) -> Result:
    """The Undo of `delete_project`: the project again, with the tasks trashed with it that
    are still in the trash; to the Inbox when its name was taken since."""
    saved = note["project"]
    tasks = own_tasks(user).trashed_at(datetime.fromisoformat(note["at"])).filter(project__isnull=True)
    ids = list(tasks.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            project = Project.objects.create(user=user, **saved)
    except IntegrityError:
        count = tasks.restore()
        due_moved(user.pk, ids)
        return Result(changed=bool(count), count=count, message=f"Restored {plural(count, 'task')} to the Inbox.")
    count = tasks.update(project=project, deleted_at=None)
    due_moved(user.pk, ids)
    message = f"Restored the project “{project.name}” and its {plural(count, 'task')}."
    return Result(changed=True, count=count, message=message, item=project)


@transaction.atomic
def delete_label(user, pk) -> Result:
    """Delete a label; it comes off every task that had it (the database's cascade)."""
    label = Label.objects.filter(user=user).get(pk=pk)
    label.delete()
    return Result(changed=True, message=f"Deleted the label “{label.name}”.")


def labels_from_names(user, names) -> tuple[list, list[str]]:
    """The ids of the labels named (compared ignoring case), made where new within
    MAX_LABELS; and what could not be made, in words."""
    lock_person(user.pk)
    mine = Label.objects.filter(user=user)
    found, notes = [], []
    for name in list(names)[:MAX_LABELS_PER_TASK]:
        try:
            name = clean_name(name[:60], "label")
        except ValidationError as exc:
            notes.append(f"@{name} was not made: {exc.messages[0]}")
            continue
        same = mine.alias(lower=Lower("name")).filter(lower=name.lower())  # as idx_labels_user_name
        if not same.exists():
            if mine.count() >= MAX_LABELS:
                notes.append(f"@{name} was not made: you have {MAX_LABELS} labels, the most one can keep.")
                continue
            Label.objects.create(user=user, name=name)
        found.extend(same.values_list("pk", flat=True))
    return found, notes


def set_labels(task: Task, label_ids) -> None:
    """Give the task exactly these labels (the first MAX_LABELS_PER_TASK of them), under the
    person's lock so that two changes at once cannot pass the limit together."""
    lock_person(task.user_id)
    chosen = list(dict.fromkeys(label_ids))[:MAX_LABELS_PER_TASK]
    TaskLabel.objects.filter(task=task).exclude(label__in=chosen).delete()
    TaskLabel.objects.bulk_create(
        [TaskLabel(task=task, label_id=pk, user_id=task.user_id) for pk in chosen], ignore_conflicts=True
    )
