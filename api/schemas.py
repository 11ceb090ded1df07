"""The API's bodies, as OpenAPI describes them (DESIGN §11's names)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, StrictBool, StrictInt, WithJsonSchema

from tasks.models import COLORS, MAX_BULK, MAX_LABELS_PER_TASK

Color = Literal[tuple(code for code, _ in COLORS)]  # type: ignore[valid-type]
# The pages' statuses, and `trashed`: the trash, most recently trashed first.
StatusName = Literal["all", "active", "completed", "trashed"]
SortName = Literal["newest", "oldest", "updated", "title", "due", "priority"]
MAX_LIMIT = 200
UNDO = "Send it to POST /undo to undo this change (for a day, once); null when it cannot be undone."
# The due dates a task may have: a repeat stepping past year 9999 has nowhere to go.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def as_text(value):
    """An id is written as text."""
    if not isinstance(value, str):
        raise ValueError("Write it as text.")
    return value


DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
CLOCK_PATTERN = r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"


def day_text(value):
    """A day as YYYY-MM-DD, nothing else (pydantic would take a number as seconds since 1970)."""
    if not isinstance(value, str) or not re.match(DAY_PATTERN, value):
        raise ValueError("Write a day as YYYY-MM-DD.")
    return value


def clock_text(value):
    """A time of day as HH:MM (or HH:MM:SS), the person's own: no time zone."""
    if not isinstance(value, str) or not re.match(CLOCK_PATTERN, value):
        raise ValueError("Write a time as HH:MM.")
    return value


def visible_text(value):
    """Text PostgreSQL can keep: no NUL, no lone surrogate (JSON's "\\ud800")."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text cannot hold a NUL character.")
        try:
            value.encode()
        except UnicodeEncodeError as exc:
            raise ValueError("Not valid text (a lone surrogate).") from exc
    return value


Day = Annotated[date, BeforeValidator(day_text)]
Clock = Annotated[time, BeforeValidator(clock_text), WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN})]
Id = Annotated[uuid.UUID, BeforeValidator(as_text)]
Text = Annotated[str, BeforeValidator(visible_text)]


class Strict(Schema):
    # A field the API does not know is refused, not ignored: a typo must not pass silently.
    model_config = ConfigDict(extra="forbid")


class TaskOut(Schema):
    id: uuid.UUID
    title: str
    description: str | None
    completed: bool
    completed_at: datetime | None
    project_id: uuid.UUID | None
    section_id: uuid.UUID | None
    parent_id: uuid.UUID | None
    labels: list[str] = Field(description="The names of the task's labels.")
    priority: int = Field(ge=1, le=4, description="1 is the most urgent (P1).")
    due_date: date | None
    due_time: str | None = Field(pattern=CLOCK_PATTERN, description="HH:MM, the person's time of day.")
    recurrence: str | None = Field(description="An RFC 5545 RRULE value, without `RRULE:`.")
    recur_from_completion: bool
    position: int
    created_at: datetime
    updated_at: datetime


class TaskPage(Schema):
    results: list[TaskOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class TaskFields(Strict):
    description: Text | None = Field(None, max_length=1000)
    project_id: Id | None = Field(None, description="null: the Inbox.")
    section_id: Id | None = None
    parent_id: Id | None = None
    labels: list[Text] | None = Field(
        None, max_length=MAX_LABELS_PER_TASK, description="Label names; a new name makes the label."
    )
    priority: StrictInt | None = Field(None, ge=1, le=4)
    due_date: Day | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    due_time: Clock | None = Field(None, description="Only with a due date.")
    repeat: Text | None = Field(None, max_length=200, description="In words: “every 3rd friday”, “every! 2 weeks”.")
    recurrence: Text | None = Field(None, max_length=500, description="An RRULE value, instead of `repeat`.")
    recur_from_completion: StrictBool | None = Field(
        None, description="With `recurrence`: the next date counts from completion."
    )


class TaskCreate(TaskFields):
    text: Text | None = Field(
        None, max_length=200, description="Quick-add text, read as the add box reads it: “Pay rent every 1st p1 #Home”."
    )
    title: Text | None = Field(None, max_length=200, description="The title as it is; give `text` or `title`.")


class TaskPatch(TaskFields):
    title: Text | None = Field(None, max_length=200)
    completed: StrictBool | None = None


class Completion(Strict):
    occurrence: Day | None = Field(
        None, description="For a repeating task: the due date you saw. If that one is done already, nothing changes."
    )


class CompleteOut(Schema):
    task: TaskOut
    occurrence: date | None = Field(description="The occurrence completed (a repeating task).")
    next_date: date | None = Field(description="Its next date; null when the rule is spent or it does not repeat.")
    changed: bool
    message: str
    undo: str | None = Field(description=UNDO)


class ActionOut(Schema):
    """What an action did, as the pages say it in their message."""

    changed: bool = Field(description="False when nothing was changed (the message says why).")
    count: int = Field(description="How many tasks (or items) it changed.")
    message: str
    undo: str | None = Field(description=UNDO)


BulkAction = Literal["complete", "reopen", "trash", "move", "priority", "label", "unlabel", "due"]


class BulkIn(Strict):
    ids: list[Id] = Field(
        min_length=1, max_length=MAX_BULK, description="Your tasks' ids; anyone else's, or unknown ones, are ignored."
    )
    action: BulkAction
    value: StrictInt | Text | None = Field(
        None,
        description="`move`: a project's or a section's id (null: the Inbox); `priority`: 1-4; `label`, "
        "`unlabel`: a label's id; `due`: a day, YYYY-MM-DD (null: no date, no time, no repeat). "
        "`complete`, `reopen` and `trash` take none.",
    )


class MoveIn(Strict):
    before: Id | None = Field(None, description="Right before this task, as its sibling.")
    after: Id | None = Field(None, description="Right after this task, as its sibling.")
    parent_id: Id | None = Field(None, description="Last under this task (null: a top task).")
    section_id: Id | None = Field(None, description="Last in this section (null: in no section).")
    project_id: Id | None = Field(None, description="Last in this project (null: the Inbox).")


class MoveOut(Schema):
    task: TaskOut
    message: str


class RescheduleIn(Strict):
    date: Day | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="YYYY-MM-DD; today (yours) if left out.")


class UndoIn(Strict):
    token: Text = Field(description="The `undo` (or `Undo-Token`) of an answer.")


class CompletionOut(Schema):
    id: uuid.UUID
    due_date: date
    completed_at: datetime


class ProjectOut(Schema):
    id: uuid.UUID
    name: str
    color: str | None
    position: int
    archived: bool
    created_at: datetime
    updated_at: datetime


class ProjectCreate(Strict):
    name: Text = Field(max_length=120)
    color: Color | None = None


class ProjectPatch(Strict):
    name: Text | None = Field(None, max_length=120)
    color: Color | None = None
    archived: StrictBool | None = None


class LabelOut(Schema):
    id: uuid.UUID
    name: str
    color: str | None
    created_at: datetime


class LabelCreate(Strict):
    name: Text = Field(max_length=60)
    color: Color | None = None


class LabelPatch(Strict):
    name: Text | None = Field(None, max_length=60)
    color: Color | None = None


class SectionOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    name: str
    position: int
    created_at: datetime


class SectionCreate(Strict):
    project_id: Id
    name: Text = Field(max_length=120)


class SectionPatch(Strict):
    name: Text | None = Field(None, max_length=120)


class ProjectPage(Schema):
    results: list[ProjectOut]
    next_cursor: str | None = Field(description="Always null: every project fits one page.")


class LabelPage(Schema):
    results: list[LabelOut]
    next_cursor: str | None = Field(description="Always null: every label fits one page.")


class SectionPage(Schema):
    results: list[SectionOut]
    next_cursor: str | None = Field(description="Always null: every section fits one page.")
