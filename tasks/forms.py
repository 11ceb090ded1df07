from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

from tasks.models import Task

MAX_BULK = 500


class TaskForm(forms.ModelForm):
    """Create a task: a title (stripped, required) and an optional description."""

    class Meta:
        model = Task
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_description(self) -> str | None:
        # Blank descriptions are stored as NULL, never as "".
        return (self.cleaned_data["description"] or "").strip() or None


class TaskEditForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "description", "completed"]


class TaskTitleForm(TaskForm):
    """The title alone: the quick-add box, and in-place edits on the list."""

    class Meta(TaskForm.Meta):
        fields = ["title"]


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
