"""A task's create and change bodies, validated by the same forms as the pages (quick add,
repeat words, the person's projects, sections and parents), then handed to tasks.actions."""

from __future__ import annotations

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone

from api.errors import ApiError
from tasks.forms import TaskForm
from tasks.recurrence import rule_words
from tasks.validators import clean_name

# The forms' field names, as the API calls them.
API_NAMES = {"project": "project_id", "section": "section_id", "parent": "parent_id"}


class FieldsForm(TaskForm):
    """The task form with the title taken as it is (the API's `title`; `text` is read by quick add)."""

    reads_title = False


class ChangeForm(FieldsForm):
    class Meta(TaskForm.Meta):
        fields = [*TaskForm.Meta.fields, "completed"]


def invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, "Some values are not valid.", errors)


def form_errors(form, *, title_as: str = "title") -> ApiError:
    names = {**API_NAMES, "title": title_as}
    return invalid({names.get(name, name): list(messages) for name, messages in form.errors.items()})


def repeat_words(payload, *, from_completion: bool = False) -> str | None:
    """The repeat as words the form reads: `repeat` itself, or the RRULE `recurrence` put in
    words (only a rule this app can say in words is one it can repeat by)."""
    if payload.repeat is not None and payload.recurrence is not None:
        raise invalid({"recurrence": ["Give `repeat` or `recurrence`, not both."]})
    if payload.recurrence is None:
        return payload.repeat
    rule = payload.recurrence.strip().removeprefix("RRULE:")
    if not rule:
        return ""
    try:
        rrulestr(f"RRULE:{rule}", dtstart=timezone.now().replace(tzinfo=None))
        return rule_words(rule, from_completion)
    except Exception as exc:  # noqa: BLE001 (any rule the parser or the words cannot take: refused)
        raise invalid({"recurrence": ["Not a repeat rule this app can follow."]}) from exc


def form_data(payload, sent: set[str], current: dict | None = None) -> dict:
    """The form's data: `current` (a change: the task as it is), with the fields `sent` over it."""
    data = dict(current or {})
    if "title" in sent or "text" in sent:
        data["title"] = payload.text if getattr(payload, "text", None) is not None else payload.title or ""
    if "description" in sent:
        data["description"] = payload.description or ""
    for field, name in (("project", "project_id"), ("section", "section_id"), ("parent", "parent_id")):
        if name in sent:
            value = getattr(payload, name)
            data[field] = str(value) if value else ""
    if "priority" in sent:
        data["priority"] = str(payload.priority or 4)
    if "due_date" in sent:
        data["due_date"] = payload.due_date.isoformat() if payload.due_date else ""
    if "due_time" in sent:
        data["due_time"] = payload.due_time.strftime("%H:%M") if payload.due_time else ""
    if "completed" in sent and payload.completed is not None:
        data["completed"] = "on" if payload.completed else ""
    return data


def check_label_names(names) -> list[str]:
    errors = []
    for name in names or ():
        try:
            clean_name(name[:60], "label")
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise invalid({"labels": errors})
    return list(names or ())


def create_input(user, payload) -> tuple[dict, list[str], list[str]]:
    """A create's values for tasks.actions.create_task, its label names, and the notes of quick
    add; a 422 for anything the form refuses."""
    sent = payload.model_fields_set
    if (payload.text is None) == (payload.title is None):
        raise invalid({"text": ["Give `text` (read by quick add) or `title`, one of them."]})
    data = form_data(payload, sent)
    words = repeat_words(payload, from_completion=bool(getattr(payload, "recur_from_completion", False)))
    data["repeat"] = words or ""
    labels = check_label_names(payload.labels)
    form = (TaskForm if payload.text is not None else FieldsForm)(data, user=user)
    if not form.is_valid():
        raise form_errors(form, title_as="text" if payload.text is not None else "title")
    return form.values(), [*labels, *form.new_labels], form.notes


def current_data(task, labels: list[str], words: str) -> dict:
    return {
        "title": task.title,
        "description": task.description or "",
        "project": str(task.project_id or ""),
        "section": str(task.section_id or ""),
        "parent": str(task.parent_id or ""),
        "priority": str(task.priority),
        "due_date": task.due_date.isoformat() if task.due_date else "",
        "due_time": task.due_time.strftime("%H:%M") if task.due_time else "",
        "completed": "on" if task.completed else "",
        "repeat": words,
    }


def change_input(user, task, payload) -> tuple[dict, list[str] | None]:
    """A change's `changes` for tasks.actions.update_task (the fields sent, and what a new
    repeat moves), and the label names when they were sent; a 422 for what the form refuses."""
    sent = set(payload.model_fields_set)
    # The form works on the task itself (a model form's instance): what it holds now, first.
    recurrence, due_date = task.recurrence, task.due_date
    if "recurrence" in sent or "repeat" in sent:
        sent.add("repeat")
    current = current_data(task, [], "")
    data = form_data(payload, sent, current)
    if "repeat" in sent:
        data["repeat"] = repeat_words(payload, from_completion=bool(payload.recur_from_completion)) or ""
    form = ChangeForm(data, user=user, instance=task)
    if not form.is_valid():
        raise form_errors(form)
    cleaned = form.cleaned_data
    fields = {
        "title": "title", "description": "description", "project_id": "project", "section_id": "section",
        "parent_id": "parent", "priority": "priority", "due_date": "due_date", "due_time": "due_time",
        "completed": "completed",
    }  # fmt: skip
    changes = {field: cleaned.get(field) for name, field in fields.items() if name in sent}
    if "repeat" in sent:
        changes["repeat"] = (form.instance.recurrence, form.instance.recur_from_completion)
        changes |= {"due_date": cleaned.get("due_date"), "due_time": cleaned.get("due_time")}
    recurs = changes["repeat"][0] if "repeat" in changes else recurrence
    due = changes.get("due_date", due_date)
    if recurs and due is None:
        raise invalid({"due_date": ['A repeating task needs a due date: clear its repeat too (`repeat`: "").']})
    labels = check_label_names(payload.labels) if "labels" in sent else None
    if "labels" in sent and payload.labels is None:
        labels = []
    return changes, labels
