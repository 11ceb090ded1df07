"""Many tasks at once, set-wise: one statement per kind of change, whatever their number.

The selection is always narrowed to the person's own tasks first (`own_tasks`); ids of
anyone else's, or of none, are simply not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from tasks.actions import undo
from tasks.actions.base import Result, due_moved, lock_person, own_tasks
from tasks.models import Task, TaskCompletion, TaskLabel
from tasks.recurrence import next_date
from tasks.wording import full_date, plural


@dataclass(frozen=True)
class Occurrence:
    """A repeating task's occurrence done: the date it was due, the next one (None: the rule
    is spent and the task completed), and the record of it."""

    task_id: object
    due_date: date
    next_date: date | None
    completion_id: object | None


def complete_occurrences(tasks, today: date, shown: dict | None = None) -> list[Occurrence]:
    """Complete the current occurrence of each active repeating task among `tasks`, set-wise.

    Each moves to its next date (`every`: after the date it was due; `every!`: after today),
    with its occurrence recorded in task_completions; a task whose rule is spent is
    completed instead. `shown` maps a task id to the occurrence the person was shown: a task
    already past it is left alone. The rows are locked first, so a second completion at
    once waits and then sees the first one's result. At most five statements whatever the
    number of tasks; the rules' dates are computed once per distinct (rule, date) pair.
    """
    rows = list(
        tasks.active()
        .filter(recurrence__isnull=False)
        .select_for_update(of=("self",))
        .values_list("pk", "user_id", "recurrence", "due_date", "recur_from_completion")
    )
    # How many occurrences are done matters only to a rule with COUNT: counted for those alone.
    counted = [pk for pk, _, rule, *_ in rows if "COUNT=" in rule]
    done = dict(
        TaskCompletion.objects.filter(task_id__in=counted)
        .values("task_id")
        .annotate(n=Count("*"))
        .values_list("task_id", "n")
        if counted
        else ()
    )
    found: dict[tuple, date | None] = {}
    moving: dict = {}
    spent = []
    for pk, _user_id, rule, due, from_completion in rows:
        if shown and pk in shown and shown[pk] != due:
            continue
        key = (rule, due, from_completion, done.get(pk, 0))
        if key not in found:
            found[key] = next_date(rule, due=due, today=today, from_completion=from_completion, done=key[3])
        if found[key] is None:
            spent.append(Occurrence(pk, due, None, None))
        else:
            moving[pk] = (due, found[key])
    if spent:
        Task.objects.filter(pk__in=[o.task_id for o in spent]).update(completed=True)
    return move_on(moving) + spent


def move_on(moving: dict) -> list[Occurrence]:
    """Move each task to its next date and record the occurrence it leaves, in one statement
    (the ORM has no UPDATE ... FROM, nor a data-modifying WITH)."""
    if not moving:
        return []
    ids, dues, nexts = zip(*((pk, due, after) for pk, (due, after) in moving.items()), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH moved AS ("
            "  UPDATE tasks SET due_date = m.next_date"
            "  FROM unnest(%s::uuid[], %s::date[], %s::date[]) AS m(id, due_date, next_date)"
            "  WHERE tasks.id = m.id RETURNING tasks.id, tasks.user_id, m.due_date)"
            " INSERT INTO task_completions (task_id, user_id, due_date) SELECT id, user_id, due_date FROM moved"
            " RETURNING task_id, id",
            [list(ids), list(dues), list(nexts)],
        )
        records = dict(cursor.fetchall())
    return [Occurrence(pk, due, after, records[pk]) for pk, (due, after) in moving.items()]


def complete(tasks, today: date, shown: dict | None = None) -> tuple[int, int]:
    """Complete the active ones among `tasks`; the repeating ones move on to their next date.
    How many were completed, and how many of those moved on instead."""
    occurrences = complete_occurrences(tasks, today, shown)
    plain = tasks.active().filter(recurrence__isnull=True).update(completed=True)
    repeating = sum(1 for o in occurrences if o.next_date is not None)
    return plain + len(occurrences), repeating


@transaction.atomic
def apply_bulk(user, ids, action: str, value=None, *, today: date, shown: dict | None = None) -> Result:
    """One action on the person's tasks among `ids`, by its form name; only the live tasks
    whose value differs change.

    "complete" the active ones (`shown`: the occurrences the person saw, see
    `complete_occurrences`), "reopen" the completed ones, "trash" the live ones (with an
    Undo); "move" to the project `value` (None: the Inbox), "priority" `value`, "due" on the
    date `value` (None: no date, and so no time or repeat), "label" or "unlabel" with the
    label `value`.
    """
    selected = own_tasks(user).filter(pk__in=ids)
    if action == "complete":
        count, repeating = complete(selected, today, shown)
        due_moved(user.pk, ids)
        return Result(changed=bool(count), count=count, message=completed_message(count, repeating))
    if action == "trash":
        return trash(user, selected, "Moved {} to the trash.", "task")
    count = change(user, selected.alive(), action, value)
    if action in ("reopen", "due"):
        due_moved(user.pk, ids)
    return Result(changed=bool(count), count=count, message=bulk_message(action, value, count))


def change(user, live, action: str, value) -> int:
    """The set-wise changes of `apply_bulk`, one statement each."""
    if action == "reopen":
        return live.filter(completed=True).update(completed=False)
    if action == "move":
        if value is None:
            return live.filter(project__isnull=False).update(project=None)
        return live.exclude(project=value).update(project=value)
    if action == "priority":
        return live.exclude(priority=value).update(priority=value)
    if action == "due":
        if value is None:
            return live.filter(due_date__isnull=False).update(due_date=None, due_time=None, recurrence=None)
        return live.exclude(due_date=value).update(due_date=value)
    if action == "label":
        lock_person(user.pk)  # MAX_LABELS_PER_TASK holds with two label actions at once
        return value.add_to(live)
    if action == "unlabel":
        return TaskLabel.objects.filter(label=value, task__in=live.values("pk")).delete()[0]
    raise ValueError(f"unknown action {action!r}")


def trash(user, tasks, message: str, noun: str) -> Result:
    """Trash the live ones among `tasks`, all stamped with one time, so the Undo brings back
    those and only those."""
    at = timezone.now()
    ids = list(tasks.alive().values_list("pk", flat=True))
    count = Task.objects.filter(pk__in=ids).move_to_trash(at)
    due_moved(user.pk, ids)
    token = undo.token(user, "trashed", at=at.isoformat()) if count else None
    return Result(changed=bool(count), count=count, message=message.format(plural(count, noun)), undo=token)


@transaction.atomic
def toggle_all(user, action: str | None, *, today: date) -> Result:
    """Complete every active task, or reopen every completed one (TodoMVC's toggle-all).

    `action` is what the button said when the page was read; a task completed or reopened
    meanwhile in another tab never turns it into the opposite. A repeating task moves on
    only from the occurrence that is due.
    """
    tasks = own_tasks(user)
    if action not in ("complete", "reopen"):  # a form from before the button said it
        action = "complete" if tasks.active().exists() else "reopen"
    if action == "complete":
        count, repeating = complete(tasks.exclude(recurrence__isnull=False, due_date__gt=today), today)
        message = completed_message(count, repeating)
    else:
        count = tasks.completed().update(completed=False)
        message = bulk_message("reopen", None, count)
    if count:
        due_moved(user.pk, tasks.alive().values_list("pk", flat=True))
    return Result(changed=bool(count), count=count, message=message)


@transaction.atomic
def clear_completed(user) -> Result:
    """The completed tasks to the trash, with an Undo."""
    return trash(user, own_tasks(user).completed(), "Moved {} to the trash.", "completed task")


@transaction.atomic
def empty_trash(user, asked_at: datetime | None = None) -> Result:
    """Delete for good what is in the trash; only what was there at `asked_at` (when the
    question was asked), not what another tab trashed since."""
    trashed = own_tasks(user).trashed()
    if asked_at is not None:
        trashed = trashed.filter(deleted_at__lte=asked_at)
    count, _ = trashed.delete()
    return Result(changed=bool(count), count=count, message=f"Deleted {plural(count, 'task')} for good.")


def completed_message(count: int, repeating: int) -> str:
    """ "Marked 3 tasks as done", with the repeating tasks that moved on said apart."""
    done = f"Marked {plural(count - repeating, 'task')} as done"
    return f"{done}; {plural(repeating, 'repeating task')} moved to the next date." if repeating else f"{done}."


def bulk_message(action: str, value, count: int) -> str:
    """What a bulk action did, in words: "Moved 3 tasks to Home."."""
    tasks = plural(count, "task")
    if action == "reopen":
        return f"Marked {tasks} as not done."
    if action == "move":
        return f"Moved {tasks} to {value or 'the Inbox'}."
    if action == "priority":
        return f"Set {tasks} to P{value}."
    if action == "label":
        return f"Labelled {tasks} @{value}."
    if action == "unlabel":
        return f"Took @{value} off {tasks}."
    return f"Set {tasks} due {full_date(value)}." if value else f"Cleared the due date of {tasks}."
