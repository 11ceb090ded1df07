"""What every action shares: its result, the one door to a person's tasks, the person's lock, and
the due-moment signal."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, time

from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from tasks.models import Task

# Sent once per transaction that changed when some of a person's tasks are due, or whether
# they are due at all: created dated, a due date, time or repeat edited, completed, reopened,
# moved to the next occurrence, trashed, restored, deleted. Receivers (reminders) get
# `user_id` and `task_ids` after the commit, so they never act on a change that rolled back.
due_changed = Signal()


@dataclass
class Result:
    """What an action did, for a page, the API or a job to report.

    `changed` is False when nothing was written (an occurrence already done, an Undo whose
    rows moved on, a conflict); `message` says why, or what was done, in words.
    """

    changed: bool
    message: str = ""
    task: object | None = None
    # The project or label an organising action made or changed.
    item: object | None = None
    count: int = 0
    # The Undo token (tasks.actions.undo), when the change can be undone.
    undo: str | None = None
    # A repeating task's completion: the occurrence done, and the next date (None: the rule is spent).
    occurrence: date | None = None
    next_date: date | None = None
    # An edit refused because someone else changed a field meanwhile: {field: value now}.
    conflicts: dict = field(default_factory=dict)
    # What could not be used (a label over the limit, a project that does not exist).
    notes: list[str] = field(default_factory=list)
    # The invalid input, by field, when the action refused it: {field: [message]}.
    errors: dict = field(default_factory=dict)


def lock_person(user_id: uuid.UUID | str) -> None:
    """Hold the person's lock until the transaction ends: their limits (projects, labels, labels
    per task) are counted and written by one transaction at a time, across every worker.

    A transaction-level advisory lock on the person's id: no row of theirs is held, and it
    goes with the commit or the rollback.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"person:{user_id}"])


# While `due_moves_gathered` runs: the ids whose due moments changed, said once at its end.
_gathered: ContextVar[list | None] = ContextVar("gathered_due_moves", default=None)


def due_moved(user_id, task_ids) -> None:
    """Say, after the commit, that these tasks' due moments changed (see `due_changed`)."""
    ids = [task_ids] if isinstance(task_ids, uuid.UUID | str) else list(task_ids)
    gathered = _gathered.get()
    if gathered is not None:
        gathered.extend(ids)
    elif ids:
        transaction.on_commit(lambda: due_changed.send(sender=Result, user_id=user_id, task_ids=ids))


@contextmanager
def due_moves_gathered(user_id) -> Iterator[None]:
    """Many actions in a row (an import) say the due moments they changed once, at the end,
    instead of once each: one `due_changed` (one reminders plan) for thousands of tasks."""
    gathered: list = []
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
    due_moved(user_id, list(dict.fromkeys(gathered)))


def own_tasks(user) -> QuerySet[Task]:
    return Task.objects.for_user(user)


def pk_of(value):
    """An id, from an id or a row (forms hand over rows, the API ids)."""
    return value.pk if isinstance(value, Model) else value


def local_time(user) -> time:
    """The person's time of day, where they are: where a rule by the hour steps from."""
    return timezone.localtime(timezone=user.zone).time()
