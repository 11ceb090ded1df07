"""The API's bodies, as OpenAPI describes them (DESIGN §11's names)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from tasks.models import COLORS, MAX_LABELS_PER_TASK

Color = Literal[tuple(code for code, _ in COLORS)]  # type: ignore[valid-type]
StatusName = Literal["all", "active", "completed"]
SortName = Literal["newest", "oldest", "updated", "title", "due", "priority"]
MAX_LIMIT = 200


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
    due_time: time | None
    recurrence: str | None = Field(description="An RFC 5545 RRULE value, without `RRULE:`.")
    recur_from_completion: bool
    position: int
    created_at: datetime
    updated_at: datetime


class TaskPage(Schema):
    results: list[TaskOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class TaskFields(Strict):
    description: str | None = Field(None, max_length=1000)
    project_id: uuid.UUID | None = Field(None, description="null: the Inbox.")
    section_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    labels: list[str] | None = Field(
        None, max_length=MAX_LABELS_PER_TASK, description="Label names; a new name makes the label."
    )
    priority: int | None = Field(None, ge=1, le=4)
    due_date: date | None = None
    due_time: time | None = Field(None, description="Only with a due date.")
    repeat: str | None = Field(None, max_length=200, description="In words: “every 3rd friday”, “every! 2 weeks”.")
    recurrence: str | None = Field(None, max_length=500, description="An RRULE value, instead of `repeat`.")
    recur_from_completion: bool | None = Field(
        None, description="With `recurrence`: the next date counts from completion."
    )


class TaskCreate(TaskFields):
    text: str | None = Field(
        None, max_length=200, description="Quick-add text, read as the add box reads it: “Pay rent every 1st p1 #Home”."
    )
    title: str | None = Field(None, max_length=200, description="The title as it is; give `text` or `title`.")


class TaskPatch(TaskFields):
    title: str | None = Field(None, max_length=200)
    completed: bool | None = None


class Completion(Schema):
    occurrence: date | None = Field(
        None, description="For a repeating task: the due date you saw. If that one is done already, nothing changes."
    )


class CompleteOut(Schema):
    task: TaskOut
    occurrence: date | None = Field(description="The occurrence completed (a repeating task).")
    next_date: date | None = Field(description="Its next date; null when the rule is spent or it does not repeat.")
    changed: bool
    message: str


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
    name: str = Field(max_length=120)
    color: Color | None = None


class ProjectPatch(Strict):
    name: str | None = Field(None, max_length=120)
    color: Color | None = None
    archived: bool | None = None


class LabelOut(Schema):
    id: uuid.UUID
    name: str
    color: str | None
    created_at: datetime


class LabelCreate(Strict):
    name: str = Field(max_length=60)
    color: Color | None = None


class LabelPatch(Strict):
    name: str | None = Field(None, max_length=60)
    color: Color | None = None


class SectionOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    name: str
    position: int
    created_at: datetime


class SectionCreate(Strict):
    project_id: uuid.UUID
    name: str = Field(max_length=120)


class SectionPatch(Strict):
    name: str | None = Field(None, max_length=120)


class ProjectPage(Schema):
    results: list[ProjectOut]
    next_cursor: str | None = Field(description="Always null: every project fits one page.")


class LabelPage(Schema):
    results: list[LabelOut]
    next_cursor: str | None = Field(description="Always null: every label fits one page.")


class SectionPage(Schema):
    results: list[SectionOut]
    next_cursor: str | None = Field(description="Always null: every section fits one page.")
