"""Undo: a signed, one-time token for each change that can be undone.

An action that can be undone returns `token(user, kind, **data)`: what the Undo needs to put
back, signed so nobody can forge one and bound to its person. `undo(user, token)` runs the
kind's handler, once: the token's id is recorded in `task_submissions` (the table of one-time
ids) in the same transaction, so a second use, in any worker, changes nothing. Each handler
first checks that nothing changed the rows since, and says so instead of changing them.

Tokens expire after a day, the age at which `purge_trash` forgets one-time ids.
"""

from __future__ import annotations

import uuid

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from tasks.actions.base import Result
from tasks.models import TaskSubmission

SALT = "tasks.undo"
MAX_AGE = 24 * 60 * 60

# Each kind of Undo and the action that performs it: handler(user, data) -> Result.
HANDLERS = {
    "trashed": "tasks.actions.tasks.undo_trashing",
    "completion": "tasks.actions.tasks.undo_completion",
    # A change of fields, labels or occurrences on one task or many (a toggle, the bulk bar,
    # Today's Reschedule): each task's old values, back where the new ones still are.
    "changes": "tasks.actions.changes.undo_changes",
    # An edit (the edit form, a rename in place): the fields it saved, back if still as saved.
    "edited": "tasks.actions.tasks.undo_edit",
    "project_deleted": "tasks.actions.organise.undo_project_deletion",
    "section_deleted": "tasks.actions.structure.undo_section_deletion",
}


class InvalidUndo(ValueError):
    """The token is not ours, not this person's, of an unknown kind, or too old."""


def token(user, kind: str, **data) -> str:
    """A token that undoes a change of `user`'s, with what the Undo needs (JSON values)."""
    assert kind in HANDLERS, kind
    note = {"kind": kind, "user": str(user.pk), "id": str(uuid.uuid4()), **data}
    return signing.dumps(note, salt=SALT, compress=True)


@transaction.atomic
def undo(user, raw: str) -> Result:
    """Undo the change the token names, if it is `user`'s and was not undone before."""
    try:
        note = signing.loads(raw or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidUndo("This undo link is not valid or has expired.") from exc
    if note.get("user") != str(user.pk) or note.get("kind") not in HANDLERS:
        raise InvalidUndo("This undo link is not valid or has expired.")
    try:
        with transaction.atomic():
            TaskSubmission.objects.create(user=user, submission=uuid.UUID(note["id"]))
    except IntegrityError:
        return Result(changed=False, message="That was undone already.")
    return import_string(HANDLERS[note["kind"]])(user, note)
