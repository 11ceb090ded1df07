"""Many tasks at once, as the pages do them: the bulk bar, Today's "Reschedule", "Clear
completed", emptying the trash; and Undo. Each validates with the pages' form and calls the
same action (tasks.actions.bulk, tasks.actions.undo); each answers with the action's report.
"""

from __future__ import annotations

import re
import uuid

from django.http import QueryDict
from ninja import Router

from api.common import json_object_or_none, report
from api.errors import COMMON
from api.idempotency import keyed
from api.schemas import DAY_PATTERN, FIRST_DAY, LAST_DAY, ActionOut, BulkIn, RescheduleIn, UndoIn
from api.task_input import invalid
from tasks.actions import bulk, undo
from tasks.forms import BulkActionForm, RescheduleForm
from tasks.models import Section

router = Router(tags=["many tasks"])
# The bulk form's field each action takes its value from (BulkActionForm.VALUE_OF).
VALUE_FIELD = BulkActionForm.VALUE_OF


def bulk_form(request, payload: BulkIn) -> BulkActionForm:
    """The bulk bar's form, filled from the API's body: `value` goes to the field its action reads."""
    data = QueryDict(mutable=True)
    data.setlist("ids", [str(pk) for pk in payload.ids])
    data["action"] = payload.action
    field, value = VALUE_FIELD.get(payload.action), payload.value
    if field is None and value is not None:
        raise invalid({"value": [f"`{payload.action}` takes no value."]})
    if field is not None and value is not None:
        data[field] = bulk_value(request, payload.action, value)
    return BulkActionForm(data, user=request.user)


def bulk_value(request, action: str, value) -> str:
    """The value as the form's field reads it: a section's id as "section:<id>", a day only as YYYY-MM-DD."""
    if isinstance(value, int) != (action == "priority"):
        raise invalid({"value": ["Not a value this action takes."]})
    days = (FIRST_DAY.isoformat(), LAST_DAY.isoformat())
    if action == "due" and not (re.match(DAY_PATTERN, value) and days[0] <= value <= days[1]):
        raise invalid({"value": [f"Write a day as YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}."]})
    if action == "move" and Section.objects.filter(user=request.user, pk=as_id(value)).exists():
        return f"section:{value}"
    return str(value)


def as_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@router.post(
    "/tasks/bulk",
    response={200: ActionOut, **COMMON},
    summary="Do one thing to many tasks",
    description="The bulk bar of the pages: `complete`, `reopen`, `trash`, `move` (to a project or a "
    "section), `priority`, `label`, `unlabel`, `due`, on up to 500 of your tasks at once. Only your own "
    "live tasks among `ids` whose value differs change; other ids are ignored, as on the pages "
    "(`count` says how many changed). `undo` puts back those, and only those.",
)
@keyed
def apply(request, payload: BulkIn):
    form = bulk_form(request, payload)
    if not form.is_valid():
        raise invalid({api_field(name): list(messages) for name, messages in form.errors.items()})
    data = form.cleaned_data
    user = request.user
    return report(bulk.apply_bulk(user, data["ids"], data["action"], data["value"], today=user.today()))


def api_field(name: str) -> str:
    """The API's name for a bulk form's field: the value's fields are `value`, the selection `ids`."""
    if name in VALUE_FIELD.values():
        return "value"
    return "ids" if name == "__all__" else name


@router.post(
    "/tasks/reschedule-overdue",
    response={200: ActionOut, **COMMON},
    summary="Move every overdue task to a day",
    description="Today's Reschedule: your overdue active tasks to `date` (today, where you are, if left "
    "out; not a day past), up to 500 at once, the oldest first (the message says when more are left).",
)
@keyed
def reschedule(request, payload: RescheduleIn | None = None):
    json_object_or_none(request)
    today = request.user.today()
    day = payload.date if payload else None
    form = RescheduleForm({"due_date": day.isoformat() if day else ""}, today=today)
    if not form.is_valid():
        raise invalid({"date": form.errors["due_date"]})
    return report(bulk.reschedule_overdue(request.user, form.cleaned_data["due_date"], today))


@router.post(
    "/tasks/clear-completed",
    response={200: ActionOut, **COMMON},
    summary="Move the completed tasks to the trash",
    description="As the pages' “Clear completed”, with an `undo`.",
)
@keyed
def clear_completed(request):
    return report(bulk.clear_completed(request.user))


@router.post(
    "/trash/empty",
    response={200: ActionOut, **COMMON},
    summary="Empty the trash",
    description="Deletes for good every task in your trash: this cannot be undone.",
)
@keyed
def empty_trash(request):
    return report(bulk.empty_trash(request.user))


@router.post(
    "/undo",
    response={200: ActionOut, **COMMON},
    summary="Undo a change",
    description="The `undo` of an answer (or its `Undo-Token` header), once, within a day, and only if "
    "nothing changed those tasks since: `changed` is false then, and the message says why. A token that "
    "is not valid, has expired or is another person's is a 422.",
)
@keyed
def undo_change(request, payload: UndoIn):
    try:
        result = undo.undo(request.user, payload.token)
    except undo.InvalidUndo as exc:
        raise invalid({"token": [str(exc)]}) from exc
    return report(result)
