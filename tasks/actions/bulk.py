"""Many tasks at once, set-wise: one statement per kind of change, whatever their number.

The selection is always narrowed to the person's own tasks first (`own_tasks`); ids of
anyone else's, or of none, are simply not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from tasks.actions import undo
from tasks.actions.base import Result, due_moved, local_time, lock_person, own_tasks, pk_of
from tasks.actions.changes import remember
from tasks.actions.structure import open_family
from tasks.models import MAX_BULK, Section, Task, TaskCompletion, TaskLabel
from tasks.recurrence import next_moment
from tasks.wording import day_name, full_date, plural


@dataclass(frozen=True)
class Occurrence:
    """A repeating task's occurrence done: the date it was due, the next one (None: the rule
    is spent and the task completed), and the record of it."""

    task_id: object
    due_date: date
    next_date: date | None
    completion_id: object | None
    # The due time, before and after: a rule by the hour moves it; any other keeps it.
    due_time: time | None = None
    next_time: time | None = None

    def note(self) -> list:
        """What an Undo token keeps of it."""
        return [str(self.task_id), str(self.completion_id), self.due_date.isoformat(), self.next_date.isoformat(),
                self.due_time and self.due_time.isoformat(), self.next_time and self.next_time.isoformat()]  # fmt: skip


def complete_occurrences(
    tasks, today: date, shown: dict | None = None, now_time: time | None = None
) -> list[Occurrence]:
    """Complete the current occurrence of each active repeating task among `tasks`, set-wise.

    Each moves to its next date (`every`: the first after the date it was due and after today;
    `every!`: after today; a rule by the hour moves the time too, from `now_time`),
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
        .values_list("pk", "user_id", "recurrence", "due_date", "due_time", "recur_from_completion")
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
    found: dict[tuple, tuple | None] = {}
    moving: dict = {}
    spent = []
    for pk, _user_id, rule, due, at, from_completion in rows:
        if shown and pk in shown and shown[pk] != due:
            continue
        key = (rule, due, at, from_completion, done.get(pk, 0))
        if key not in found:
            found[key] = next_moment(
                rule, due=due, at=at, today=today, now_time=now_time, from_completion=from_completion, done=key[4]
            )
        if found[key] is None:
            spent.append(Occurrence(pk, due, None, None, at))
        else:
            moving[pk] = (due, at, *found[key])
    if spent:
        Task.objects.filter(pk__in=[o.task_id for o in spent]).update(completed=True)
    moved = move_on(moving)
    if moved:
        # A repeating parent's sub-tasks start again with its next occurrence.
        user_id = rows[0][1]
        family = Task.objects.filter(pk__in=[o.task_id for o in moved]).with_families(user_id)
        family.exclude(pk__in=[o.task_id for o in moved]).filter(completed=True).update(completed=False)
    return moved + spent


def move_on(moving: dict) -> list[Occurrence]:
    """Move each task to its next date and record the occurrence it leaves, in one statement
    (the ORM has no UPDATE ... FROM, nor a data-modifying WITH)."""
    if not moving:
        return []
    ids = list(moving)
    dues, nexts, times = ([values[i] for values in moving.values()] for i in (0, 2, 3))
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH moved AS ("
            "  UPDATE tasks SET due_date = m.next_date, due_time = m.next_time"
            "  FROM unnest(%s::uuid[], %s::date[], %s::date[], %s::time[]) AS m(id, due_date, next_date, next_time)"
            "  WHERE tasks.id = m.id RETURNING tasks.id, tasks.user_id, m.due_date)"
            " INSERT INTO task_completions (task_id, user_id, due_date) SELECT id, user_id, due_date FROM moved"
            " RETURNING task_id, id",
            [ids, dues, nexts, times],
        )
        records = dict(cursor.fetchall())
    return [
        Occurrence(pk, due, after, records[pk], at, after_time) for pk, (due, at, after, after_time) in moving.items()
    ]


def complete(tasks, today: date, shown: dict | None = None, now_time: time | None = None) -> tuple[int, int]:
    """Complete the active ones among `tasks`; the repeating ones move on to their next date.
    How many were completed, and how many of those moved on instead."""
    occurrences = complete_occurrences(tasks, today, shown, now_time)
    plain = tasks.active().filter(recurrence__isnull=True).update(completed=True)
    repeating = sum(1 for o in occurrences if o.next_date is not None)
    return plain + len(occurrences), repeating


def complete_remembered(
    tasks, today: date, shown: dict | None = None, now_time: time | None = None
) -> tuple[int, int, dict]:
    """`complete` for a selection (at most MAX_BULK tasks), with what its Undo needs: the tasks
    completed (the plain ones, and the repeating ones whose rule is spent), and each
    repeating task moved on with its occurrence's record."""
    occurrences = complete_occurrences(tasks, today, shown, now_time)
    plain = list(
        tasks.active().filter(recurrence__isnull=True).select_for_update(of=("self",)).values_list("pk", flat=True)
    )
    spent = [o.task_id for o in occurrences if o.next_date is None]
    if plain or spent:
        user_id = tasks.values_list("user_id", flat=True).first()
        # Their open sub-tasks are completed with them (repeating ones too: no occurrence moves on).
        plain += open_family(user_id, plain + spent)
    Task.objects.filter(pk__in=plain).update(completed=True)
    completed = plain + spent
    moved = [o for o in occurrences if o.next_date is not None]
    note = remember(("completed",), ((pk, (False,)) for pk in completed), (True,))
    note["occurrences"] = [o.note() for o in moved]
    return len(completed) + len(moved), len(moved), note


@transaction.atomic
def apply_bulk(user, ids, action: str, value=None, *, today: date, shown: dict | None = None) -> Result:
    """One action on the person's tasks among `ids` (at most MAX_BULK), by its form name;
    only the live tasks whose value differs change, and the Undo puts back those alone.

    "complete" the active ones (`shown`: the occurrences the person saw, see
    `complete_occurrences`), "reopen" the completed ones, "trash" the live ones; "move" to
    the project `value` (None: the Inbox), "priority" `value`, "due" on the date `value`
    (None: no date, and so no time or repeat), "label" or "unlabel" with the label `value`.
    """
    selected = own_tasks(user).filter(pk__in=ids)
    if action == "complete":
        count, repeating, note = complete_remembered(selected, today, shown, local_time(user))
        due_moved(user.pk, ids)
        message = completed_message(count, repeating)
    elif action == "trash":
        return trash(user, selected, "Moved {} to the trash.", "task")
    else:
        count, note = change(user, selected.alive(), action, value)
        if action in ("reopen", "due"):
            due_moved(user.pk, ids)
        message = bulk_message(action, value, count)
    token = undo.token(user, "changes", count=count, **note) if count else None
    return Result(changed=bool(count), count=count, message=message, undo=token)


def change(user, live, action: str, value) -> tuple[int, dict]:
    """The set-wise changes of `apply_bulk`: the rows locked and their old values read in one
    statement, changed in another. How many changed, and what their Undo needs."""
    if action in ("label", "unlabel"):
        return relabel(user, live, action, value)
    columns, new, targets = field_change(live, action, value)
    rows = list(targets.select_for_update(of=("self",)).values_list("pk", *columns))
    count = Task.objects.filter(pk__in=[row[0] for row in rows]).update(**dict(zip(columns, new, strict=True)))
    return count, remember(columns, ((row[0], row[1:]) for row in rows), new)


def field_change(live, action: str, value) -> tuple[tuple[str, ...], tuple, object]:
    """The columns an action sets, their new values, and the tasks it changes (those whose
    value differs)."""
    if action == "reopen":
        return ("completed",), (False,), live.filter(completed=True)
    if action == "move":
        # To a project (None: the Inbox) or a section, at its top level; a sub-task whose
        # parent moves too stays under it (it follows its parent).
        live = live.exclude(parent__in=live.values("pk"))
        columns = ("project_id", "section_id", "parent_id")
        if isinstance(value, Section):
            place = Q(section=value, parent__isnull=True)
            return columns, (value.project_id, value.pk, None), live.exclude(place)
        place = Q(project=value, section__isnull=True, parent__isnull=True)
        if value is None:
            place = Q(project__isnull=True, parent__isnull=True)
        return columns, (pk_of(value), None, None), live.exclude(place)
    if action == "priority":
        return ("priority",), (value,), live.exclude(priority=value)
    if action == "due":
        if value is None:
            return ("due_date", "due_time", "recurrence"), (None, None, None), live.filter(due_date__isnull=False)
        return ("due_date",), (value,), live.exclude(due_date=value)
    raise ValueError(f"unknown action {action!r}")


def relabel(user, live, action: str, value) -> tuple[int, dict]:
    """Add the label `value` to the tasks, or take it off them; the ids, for the Undo."""
    lock_person(user.pk)  # MAX_LABELS_PER_TASK holds with two label actions at once
    if action == "label":
        ids = value.add_to(live)
        return len(ids), {"label": str(value.pk), "added": [str(pk) for pk in ids]}
    ids = list(TaskLabel.objects.filter(label=value, task__in=live.values("pk")).values_list("task_id", flat=True))
    TaskLabel.objects.filter(label=value, task_id__in=ids).delete()
    return len(ids), {"label": str(value.pk), "removed": [str(pk) for pk in ids]}


@transaction.atomic
def reschedule_overdue(user, day: date, today: date) -> Result:
    """Move the person's overdue active tasks to `day` (Today's "Reschedule"), set-wise, with
    an Undo that puts back each task's own date where it is still `day`.

    At most MAX_BULK at once, the oldest first (what one Undo token holds); the message says
    when more are left.
    """
    overdue = own_tasks(user).active().filter(due_date__lt=today)
    rows = list(overdue.agenda().select_for_update(of=("self",)).values_list("pk", "due_date")[:MAX_BULK])
    if not rows:
        return Result(changed=False, message="Nothing is overdue.")
    ids = [pk for pk, _ in rows]
    count = Task.objects.filter(pk__in=ids).update(due_date=day)
    due_moved(user.pk, ids)
    left = overdue.exclude(pk__in=ids).count() if count == MAX_BULK else 0
    more = f" {plural(left, 'more task')} still overdue: reschedule again." if left else ""
    return Result(
        changed=True,
        count=count,
        message=f"Moved {plural(count, 'overdue task')} to {day_name(day, today)}.{more}",
        undo=undo.token(
            user, "changes", count=count, **remember(("due_date",), ((pk, (due,)) for pk, due in rows), (day,))
        ),
    )


def trash(user, tasks, message: str, noun: str) -> Result:
    """Trash the live ones among `tasks`, with their sub-tasks, all stamped with one time, so
    the Undo brings back those and only those."""
    at = timezone.now()
    ids = list(tasks.alive().with_families(user.pk).alive().values_list("pk", flat=True))
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
        count, repeating = complete(
            tasks.exclude(recurrence__isnull=False, due_date__gt=today), today, now_time=local_time(user)
        )
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
        return f"Moved {tasks} to {value or 'the Inbox'}."  # a section says "Project / Section"
    if action == "priority":
        return f"Set {tasks} to P{value}."
    if action == "label":
        return f"Labelled {tasks} @{value}."
    if action == "unlabel":
        return f"Took @{value} off {tasks}."
    return f"Set {tasks} due {full_date(value)}." if value else f"Cleared the due date of {tasks}."
