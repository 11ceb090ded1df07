"""What a change to many tasks' fields remembers for its Undo, and the Undo itself, set-wise.

A bulk action, a reschedule, a toggle or an edit stores in its Undo token, per task, the old
values of the columns it changed, grouped by value (a bulk move of 500 tasks out of two
projects holds two groups), and the values it set. The Undo (`undo_changes`) puts the old
values back in one statement, only on the tasks whose columns still hold the values the
change set: a task changed since, by another tab or a later action, keeps its change.
"""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

from django.db import connection

from tasks.actions.base import Result, due_moved, lock_person, own_tasks
from tasks.models import MAX_BULK, Label, Task, TaskCompletion, TaskLabel
from tasks.wording import plural

# The columns a change may put back, and their SQL types.
COLUMNS = {
    "title": "text",
    "description": "text",
    "project_id": "uuid",
    "section_id": "uuid",
    "parent_id": "uuid",
    "priority": "smallint",
    "due_date": "date",
    "due_time": "time",
    "completed": "boolean",
    "recurrence": "text",
    "recur_from_completion": "boolean",
}
# The columns whose change moves when a task is due, or whether it is.
DUE_COLUMNS = frozenset({"due_date", "due_time", "completed", "recurrence", "recur_from_completion"})


def as_json(value):
    """A column's value as a token holds it (JSON)."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def as_text(value) -> str | None:
    """A token's value as SQL text, cast to the column's type in the statement."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def remember(columns: tuple[str, ...], rows, new: tuple) -> dict:
    """What an Undo token keeps of a change: the columns, the values set (`new`), and each
    task's old values, grouped by value. `rows`: (task id, old values) pairs."""
    groups: dict[tuple, list[str]] = {}
    for pk, olds in rows:
        groups.setdefault(tuple(as_json(old) for old in olds), []).append(str(pk))
    assert sum(map(len, groups.values())) <= MAX_BULK, "an Undo token holds at most MAX_BULK tasks"
    return {
        "columns": list(columns),
        "new": [as_json(value) for value in new],
        "olds": [[list(k), v] for k, v in groups.items()],
    }


def put_back(user, columns: list[str], rows: list[tuple[str, list, list]]) -> list[str]:
    """Set each task's `columns` back to its old values where they still hold the new ones, in
    one statement. `rows`: (task id, old values, new values). The ids put back."""
    if not rows:
        return []
    arrays = [[pk for pk, _, _ in rows]]
    arrays += [[as_text(olds[i]) for _, olds, _ in rows] for i in range(len(columns))]
    arrays += [[as_text(news[i]) for _, _, news in rows] for i in range(len(columns))]
    casts = ["%s::uuid[]"] + [f"%s::text[]::{COLUMNS[c]}[]" for c in columns] * 2
    names = ["id"] + [f"old_{i}" for i in range(len(columns))] + [f"new_{i}" for i in range(len(columns))]
    sets = ", ".join(f"{column} = m.old_{i}" for i, column in enumerate(columns))
    still = " AND ".join(f"tasks.{column} IS NOT DISTINCT FROM m.new_{i}" for i, column in enumerate(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE tasks SET {sets} FROM unnest({', '.join(casts)}) AS m({', '.join(names)})"  # noqa: S608 (names are ours)
            f" WHERE tasks.id = m.id AND tasks.user_id = %s AND tasks.deleted_at IS NULL AND {still}"
            " RETURNING tasks.id",
            [*arrays, user.pk],
        )
        return [str(pk) for (pk,) in cursor.fetchall()]


def put_back_fields(user, note: dict) -> list[str]:
    """The fields part of a token: each group's old values back, where the new ones still are."""
    columns, new = note["columns"], note["new"]
    rows = [(pk, olds, new) for olds, ids in note["olds"] for pk in ids]
    return put_back(user, columns, rows)


def put_back_occurrences(user, occurrences: list) -> list[str]:
    """Repeating tasks a completion moved on: their date back and the occurrence's record gone,
    where the task is still active on the date it moved to."""
    if not occurrences:
        return []
    rows = [(pk, [due, at], [after, after_at]) for pk, _completion, due, after, at, after_at in occurrences]
    moved = set(put_back(user, ["due_date", "due_time"], rows))
    records = [completion for pk, completion, *_ in occurrences if pk in moved]
    TaskCompletion.objects.filter(pk__in=records).delete()
    return sorted(moved)


def put_back_labels(user, note: dict) -> list[str]:
    """A label added to tasks comes off those still having it; one taken off goes back on."""
    label = Label.objects.filter(user=user, pk=note["label"]).first()
    if label is None:
        return []
    if note.get("added"):
        ids = list(
            TaskLabel.objects.filter(label=label, task_id__in=note["added"], task__deleted_at__isnull=True).values_list(
                "task_id", flat=True
            )
        )
        TaskLabel.objects.filter(label=label, task_id__in=ids).delete()
        return [str(pk) for pk in ids]
    lock_person(user.pk)  # MAX_LABELS_PER_TASK, as in the bulk action
    return [str(pk) for pk in label.add_to(own_tasks(user).alive().filter(pk__in=note.get("removed", [])))]


def undo_changes(user, note: dict) -> Result:
    """The Undo of a set-wise change of fields, labels or occurrences (see `remember`)."""
    done: set[str] = set()
    if note.get("columns"):
        done.update(put_back_fields(user, note))
    done.update(put_back_occurrences(user, note.get("occurrences", [])))
    if note.get("label"):
        done.update(put_back_labels(user, note))
    if DUE_COLUMNS & set(note.get("columns", ())) or note.get("occurrences"):
        due_moved(user.pk, sorted(done))
    return undone(user, sorted(done), note.get("count", len(done)))


def undone(user, ids: list[str], count: int) -> Result:
    """What an Undo did, in words: the one task back as it was, or how many."""
    if not ids:
        what = "That task has" if count == 1 else "Those tasks have"
        return Result(changed=False, message=f"{what} changed since; nothing was changed.")
    if len(ids) == 1:
        task = Task.objects.filter(user=user).get(pk=ids[0])
        return Result(changed=True, task=task, count=1, message=f"“{task.title}” is back as it was.")
    left = f" ({plural(count - len(ids), 'task')} changed since and stayed as they are)" if count > len(ids) else ""
    return Result(changed=True, count=len(ids), message=f"Put {plural(len(ids), 'task')} back as they were{left}.")
