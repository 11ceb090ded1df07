from __future__ import annotations

from django import forms

from tasks.models import Task


class TaskForm(forms.ModelForm):
    """Create a task: a title (stripped, required) and an optional description."""

    class Meta:
        model = Task
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_description(self) -> str | None:
        # Blank descriptions are stored as NULL, never as "".
        return self.cleaned_data["description"].strip() or None


class TaskEditForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "description", "completed"]


class QuickAddForm(TaskForm):
    """The one-line form at the top of the list."""

    class Meta(TaskForm.Meta):
        fields = ["title"]
        widgets = {"title": forms.TextInput(attrs={"placeholder": "What needs to be done?", "autofocus": True})}
