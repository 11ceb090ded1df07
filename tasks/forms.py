from __future__ import annotations

import unicodedata
import uuid

from django import forms
from django.core.exceptions import ValidationError

from tasks.models import SORTS, Task
from tasks.pagination import decode_cursor

STATUSES = ("all", "active", "completed")
MAX_SEARCH_LENGTH = 200

MAX_BULK = 500


def is_visible(text: str) -> bool:
    """True when the text shows something: not only spaces, control or format characters (U+200B)."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


class TaskForm(forms.ModelForm):
    """Create a task: a title (stripped, required) and an optional description."""

    class Meta:
        model = Task
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if not is_visible(title):
            raise ValidationError("Enter a title you can see.", code="invisible")
        return title

    def clean_description(self) -> str | None:
        # Blank descriptions are stored as NULL, never as ""; line breaks as \n (browsers send \r\n).
        return normal(self.cleaned_data["description"]).strip() or None


class TaskChangeForm(TaskForm):
    """Edit a task field by field: only what this form changed is saved, nothing it merely showed.

    Each field carries the value it was read with in a hidden `initial-<name>` input (Django's
    show_hidden_initial), so `changed_data` is what the person changed, not what differs from
    the row now. A field that someone else changed meanwhile, to another value, is a conflict:
    the form says so and shows both values instead of overwriting (see `conflicts`). The view
    gives it the row locked FOR UPDATE, so the check and the save see the same row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def read_value(self, name: str):
        """The value this field had when the form was read (None when the client did not send it)."""
        field = self.fields[name]
        raw = self._widget_data_value(field.hidden_widget(), self[name].html_initial_name)
        return None if raw is None else field.to_python(raw)

    def conflicts(self) -> dict[str, object]:
        """The fields this form changed that were changed elsewhere to something else, with their current value."""
        found = {}
        for name in self.changed_data:
            read, now, mine = self.read_value(name), self.initial.get(name), self.cleaned_data.get(name)
            if read is not None and normal(now) not in (normal(read), normal(mine)):
                found[name] = now
        return found

    def refuse_conflicts(self, conflicts: dict[str, object]) -> None:
        """Keep the person's values in the form, say what is saved now, and let a second save win."""
        self.data = self.data.copy()
        for name, now in conflicts.items():
            self.data[self[name].html_initial_name] = self[name].field.prepare_value(now) if now is not None else ""
            shown = ("done" if now else "not done") if isinstance(now, bool) else f"“{now or ''}”"
            self.add_error(name, f"Changed elsewhere meanwhile, to {shown}. Save again to keep yours instead.")

    def save_changes(self) -> Task:
        """Save the changed fields alone (the updated_at trigger bumps the version)."""
        task = self.save(commit=False)
        if self.changed_data:
            task.save(update_fields=self.changed_data)
        # The fields not saved hold what the form read; the row may have moved on since.
        task.refresh_from_db()
        return task


def normal(value):
    """A field's value as compared: a blank description is NULL in the row and "" in a form, and
    a browser sends a text area's line breaks as \r\n."""
    if isinstance(value, bool):
        return value
    return (value or "").replace("\r\n", "\n")


class TaskEditForm(TaskChangeForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "description", "completed"]


class TaskTitleForm(TaskForm):
    """The title alone: the quick-add box."""

    class Meta(TaskForm.Meta):
        fields = ["title"]


class TaskInlineEditForm(TaskChangeForm):
    """The title alone, edited in place on the list."""

    class Meta(TaskForm.Meta):
        fields = ["title"]


class ListParamsForm(forms.Form):
    """The list's query string. Anything unknown falls back to the default (an old link, a
    typo); only a cursor that is not ours is an error, a 400 (tasks.pagination)."""

    status = forms.ChoiceField(choices=[(status, status) for status in STATUSES], required=False)
    sort = forms.ChoiceField(choices=[(sort, sort) for sort in SORTS], required=False)
    q = forms.CharField(required=False)
    cursor = forms.CharField(required=False, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Their NULs are dealt with below, not refused by the fields: a search drops them
        # (PostgreSQL's text cannot hold one), a cursor with one is not ours (a 400).
        for name in ("q", "cursor"):
            self.fields[name].validators = []

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()[:MAX_SEARCH_LENGTH]

    def params(self) -> dict:
        self.is_valid()  # an unknown status or sort is left out of cleaned_data: the default
        sort = self.cleaned_data.get("sort") or "newest"
        return {
            "status": self.cleaned_data.get("status") or "all",
            "sort": sort,
            "q": self.cleaned_data.get("q", ""),
            "cursor": decode_cursor(self.cleaned_data.get("cursor"), timestamp=sort != "title"),
        }


class BulkActionForm(forms.Form):
    ACTIONS = [("complete", "Mark as done"), ("reopen", "Mark as not done"), ("trash", "Move to trash")]

    action = forms.ChoiceField(choices=ACTIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids_raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []

    def clean(self):
        cleaned = super().clean()
        if not self.ids_raw:
            raise ValidationError("Select at least one task first.")
        if len(self.ids_raw) > MAX_BULK:
            raise ValidationError(f"Select at most {MAX_BULK} tasks at a time.")
        try:
            cleaned["ids"] = [uuid.UUID(raw) for raw in self.ids_raw]
        except ValueError as exc:
            raise ValidationError("The selection is not valid; reload the page and try again.") from exc
        return cleaned
