from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from tasks.actions.tasks import normal
from tasks.models import (
    COLORS,
    MAX_BULK,
    MAX_LABELS,
    MAX_LABELS_PER_TASK,
    MAX_PROJECTS,
    PRIORITIES,
    Label,
    Project,
    Section,
    Task,
    TaskLabel,
)
from tasks.outline import CURSOR_TYPES
from tasks.pagination import SORTS, Sort, decode_cursor
from tasks.quickadd import NotADate, parse, parse_repeat
from tasks.recurrence import rule_words
from tasks.validators import clean_name, shows_something
from todo_project.declared import declared

STATUSES = ("all", "active", "completed")
MAX_SEARCH_LENGTH = 200


def error_text(form) -> str:
    """A form's errors as one sentence, for a message after a redirect."""
    return " ".join(error for errors in form.errors.values() for error in errors)


class LabelsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        # Counted before the ids are looked up: hundreds of them are refused without a query.
        if value and len(value) > MAX_LABELS_PER_TASK:
            raise ValidationError(f"A task can have at most {MAX_LABELS_PER_TASK} labels.", code="too_many")
        return super().clean(value)


def other_fields() -> list:
    """The fields other apps add to the full task form, each app's as one object (the dotted
    path of its class on the AppConfig, `task_form_fields`) with three methods:

    - `fields(user) -> dict[str, forms.Field]`, cleaning to the values `save` takes;
    - `initial(user, task) -> dict`, the fields' values for a saved task;
    - `action`, the dotted path of the app's action `(user, task_id, changed: dict)` that saves
      the fields the person changed, called just after the task's own, in the same
      transaction (tasks.actions.tasks.save_other_fields).

    So the reminders app adds `reminders` to the form without the tasks app knowing of it.
    """
    return [import_string(path)() for _, path in declared("task_form_fields")]


def own_projects(user, keep: uuid.UUID | None = None) -> QuerySet[Project]:
    """The projects a task of `user`'s can be put in: the unarchived ones, and `keep` (its own)."""
    return Project.objects.filter(user=user).filter(Q(archived_at__isnull=True) | Q(pk=keep))


class TaskForm(forms.ModelForm):
    """Create a task: a title (stripped, required), and optionally a description, a project,
    labels, a priority and a due date with a time. Projects and labels are the person's own:
    anyone else's id is not a valid choice (and the database's composite keys refuse it too)."""

    labels = LabelsField(queryset=Label.objects.none(), required=False)
    repeat = forms.CharField(
        required=False,
        max_length=200,
        label="Repeat",
        help_text="For example “every day”, “every 3rd friday”, “every! 2 weeks” (from completion), empty for none.",
    )
    # Where in the project: a section of the task's project's, and a parent task (an id: the
    # edit page's "Add sub-task" and "Make it a top task" set it); the actions check the
    # rest (tasks.actions.structure.placement: the same project, depth, no cycle).
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False, empty_label="No section")
    parent = forms.ModelChoiceField(queryset=Task.objects.none(), required=False, widget=forms.HiddenInput)
    field_order = [
        "title", "description", "project", "section", "labels", "priority", "due_date", "due_time", "repeat", "parent"
    ]  # fmt: skip
    # On creation the title is read as quick-add text ("Pay rent every 1st p1 #Home").
    reads_title = True
    typed_wins = False
    # Other apps' fields (`other_fields`): on the full forms, not in quick add or the inline title.
    takes_other_fields = True

    class Meta:
        model = Task
        fields = ["title", "description", "project", "priority", "due_date", "due_time"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {"due_date": "Due date", "due_time": "Time"}
        help_texts = {"description": "Markdown: **bold**, _italic_, [a link](https://…), “- ” for a list."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.new_labels: list[str] = []  # named in quick-add text, made on saving if new
        self.notes: list[str] = []  # what quick add could not use, for the person
        if self.instance.recurrence:
            self.initial["repeat"] = rule_words(self.instance.recurrence, self.instance.recur_from_completion)
        if "project" in self.fields:
            self.fields["project"].queryset = own_projects(user, self.instance.project_id)
            self.fields["project"].empty_label = "Inbox"
        self.fields["labels"].queryset = Label.objects.filter(user=user)
        self.fields["parent"].queryset = Task.objects.for_user(user).alive()
        self.show_sections(user)
        self.others = self.add_other_fields(user) if self.takes_other_fields else {}
        if "priority" in self.fields:
            self.fields["priority"].required = False  # left out: as it is (P4 for a new task)
        # (A new task has its id before it is saved, and nothing stored to read.)
        if not self.instance._state.adding:
            self.initial |= {"section": self.instance.section_id, "parent": self.instance.parent_id}
            self.initial["labels"] = list(
                TaskLabel.objects.filter(task=self.instance).values_list("label_id", flat=True)
            )

    def show_sections(self, user) -> None:
        """Any section of the person's is a valid choice (the action checks its project); the
        select offers those of the task's project, and is hidden when that has none."""
        field = self.fields["section"]
        field.queryset = Section.objects.filter(user=user)
        project = self.instance.project_id or self.initial.get("project")
        try:
            shown = list(field.queryset.filter(project_id=project)) if project else []
        except (ValueError, ValidationError):  # an "Add details" link's project that is not an id
            shown = []
        field.choices = [("", field.empty_label), *((section.pk, section.name) for section in shown)]
        if not shown and not self.instance.section_id:
            field.widget = forms.HiddenInput()

    def add_other_fields(self, user) -> dict[str, object]:
        """Other apps' fields, after the task's own; by name, the app's object that saves them."""
        owners = {}
        for part in other_fields():
            for name, field in part.fields(user).items():
                self.fields[name], owners[name] = field, part
            if not self.instance._state.adding:
                self.initial |= part.initial(user, self.instance)
        if owners:
            self.order_fields([*self.field_order, *owners])
        return owners

    def other_changes(self) -> list[tuple[str, dict]]:
        """Each app's action (a dotted path) with the fields of its that the person changed."""
        changes = []
        for part in dict.fromkeys(self.others.values()):
            changed = {name: self.cleaned_data[name] for name in self.changed_data if self.others.get(name) is part}
            if changed:
                changes.append((part.action, changed))
        return changes

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if not shows_something(title):
            raise ValidationError("Enter a title you can see.", code="invisible")
        return title

    def clean_description(self) -> str | None:
        # Blank descriptions are stored as NULL, never as ""; line breaks as \n (browsers send \r\n).
        return normal(self.cleaned_data["description"]).strip() or None

    def clean_priority(self) -> int:
        return self.cleaned_data["priority"] or self.instance.priority

    def clean(self):
        cleaned = super().clean()
        if self.reads_title and cleaned.get("title"):
            self.read_quick_add(cleaned)
        if "repeat" in self.fields and "repeat" not in self.errors:
            self.read_repeat(cleaned)
        if cleaned.get("due_time") is not None and cleaned.get("due_date") is None and "due_date" not in self.errors:
            self.add_error("due_time", "Add a due date for this time, or clear the time.")
        return cleaned

    def read_quick_add(self, cleaned: dict) -> None:
        """Take the fields out of the title; a field the form sets itself wins over the title's."""
        projects = {project.name: project for project in own_projects(self.user)}
        now = timezone.localtime(timezone=self.user.zone)
        quick = parse(cleaned["title"], now=now, projects=list(projects), date_order=self.user.date_order)
        self.notes = quick.problems
        if quick.kept_whole:  # only a date, a project...: the words stay the title, and nothing is set
            return
        cleaned["title"] = quick.title
        # In the add box, what was typed wins over what the page gives (Today's date, a
        # project's page); on the full form, a field set by hand wins over the title.
        typed_wins = self.typed_wins
        if quick.project and (typed_wins or not cleaned.get("project")):
            self.put(cleaned, "project", projects[quick.project])
            if cleaned.get("section") is not None and cleaned["section"].project_id != cleaned["project"].pk:
                cleaned["section"] = None  # "#Home" typed in another project's section: Home's top
        if quick.priority and (typed_wins or cleaned.get("priority") in (None, 4)):
            self.put(cleaned, "priority", quick.priority)
        if quick.due_date and (typed_wins or not cleaned.get("due_date")):
            self.put(cleaned, "due_date", quick.due_date)
            self.put(cleaned, "due_time", quick.due_time or (None if typed_wins else cleaned.get("due_time")))
        if quick.recurrence and not cleaned.get("repeat"):
            self.instance.recurrence, self.instance.recur_from_completion = quick.recurrence, quick.from_completion
        self.new_labels = quick.labels

    def put(self, cleaned: dict, name: str, value) -> None:
        """Set a value quick add read: in the form's data, or on the task when the form has no such field."""
        cleaned[name] = value
        if name not in self.fields:
            setattr(self.instance, name, value)

    def read_repeat(self, cleaned: dict) -> None:
        """The Repeat field's words as a rule; the due date moves to its first date on or after it."""
        text = cleaned.get("repeat", "")
        if not text:
            if "repeat" in self.changed_data or not self.reads_title:
                self.instance.recurrence, self.instance.recur_from_completion = None, False
            return
        now = timezone.localtime(timezone=self.user.zone)
        today = now.date()
        try:
            repeat = parse_repeat(
                text,
                start=cleaned.get("due_date") or today,
                today=today,
                date_order=self.user.date_order,
                now_time=now.time(),
            )
        except NotADate as exc:
            self.add_error("repeat", str(exc))
            return
        self.instance.recurrence, self.instance.recur_from_completion = repeat.rule, repeat.from_completion
        cleaned["due_date"] = repeat.first
        if repeat.time and not cleaned.get("due_time"):
            cleaned["due_time"] = repeat.time

    def values(self) -> dict:
        """What the create action takes: the task's fields, its rule, and its labels (ids, and
        names typed in quick add, made where new)."""
        cleaned = self.cleaned_data
        values = {name: cleaned[name] for name in self._meta.fields if name in cleaned}
        values |= {"recurrence": self.instance.recurrence, "recur_from_completion": self.instance.recur_from_completion}
        for name in ("project", "priority", "due_date", "due_time"):  # read from the title, on a form without the field
            if name not in values and getattr(self.instance, name, None) is not None:
                values[name] = getattr(self.instance, name)
        for name in ("section", "parent"):
            if cleaned.get(name) is not None:
                values[name] = cleaned[name].pk
        return values

    def label_ids(self) -> list:
        return [label.pk for label in self.cleaned_data.get("labels") or ()]


class TaskChangeForm(TaskForm):
    """Edit a task field by field: only what this form changed is saved, nothing it merely showed.

    Each field carries the value it was read with in a hidden `initial-<name>` input (Django's
    show_hidden_initial), so `changed_data` is what the person changed, not what differs from
    the row now. A field that someone else changed meanwhile, to another value, is a conflict:
    the form says so and shows both values instead of overwriting (see `conflicts`). The view
    gives it the row locked FOR UPDATE, so the check and the save see the same row.
    """

    reads_title = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def read_value(self, name: str):
        """The value this field had when the form was read (None when the client did not send it)."""
        field = self.fields[name]
        raw = self._widget_data_value(field.hidden_widget(), self[name].html_initial_name)
        try:
            return None if raw is None else field.to_python(raw)
        except ValidationError:  # a label deleted since, a date that is not one: not known
            return None

    def read(self) -> dict[str, object]:
        """The values the person's copy showed for the task's fields they changed."""
        return {name: self.read_value(name) for name in self.changed_data if name not in self.others}

    def refuse_conflicts(self, conflicts: dict[str, object]) -> None:
        """Keep the person's values in the form, say what is saved now, and let a second save win."""
        self.data = self.data.copy()
        for name, now in conflicts.items():
            self.data[self[name].html_initial_name] = self[name].field.prepare_value(now) if now is not None else ""
            shown = ("done" if now else "not done") if isinstance(now, bool) else f"“{self.shown(name, now)}”"
            self.add_error(name, f"Changed elsewhere meanwhile, to {shown}. Save again to keep yours instead.")

    def shown(self, name: str, value) -> str:
        """A stored value as the form shows it: a project's or a label's name, not its id."""
        field = self.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            ids = value if isinstance(value, list | tuple) else [value]
            return ", ".join(str(item) for item in field.queryset.filter(pk__in=ids)) or str(field.empty_label or "")
        return "" if value is None else str(value)

    def changes(self) -> dict[str, object]:
        """What the update action saves: the changed fields alone (with a new repeat, its rule
        and the due date and time it may have moved)."""
        cleaned = self.cleaned_data
        changes = {name: cleaned.get(name) for name in self.changed_data if name not in self.others}
        if "repeat" in changes:
            changes["repeat"] = (self.instance.recurrence, self.instance.recur_from_completion)
            changes |= {"due_date": cleaned.get("due_date"), "due_time": cleaned.get("due_time")}
        return changes


class TaskEditForm(TaskChangeForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "description", "project", "priority", "due_date", "due_time", "completed"]


class TaskTitleForm(TaskForm):
    """The quick-add box: a title, and what the page it is on gives every task added there (a
    project's page its project, a label's page its label, Today today's date)."""

    typed_wins = True
    takes_other_fields = False

    class Meta(TaskForm.Meta):
        fields = ["title", "project", "due_date"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # An archived project's page adds to it too.
        self.fields["project"].queryset = Project.objects.filter(user=user)


class TaskInlineEditForm(TaskChangeForm):
    """The title alone, edited in place on the list."""

    takes_other_fields = False

    class Meta(TaskForm.Meta):
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["labels"], self.fields["repeat"], self.fields["section"], self.fields["parent"]


class ListParamsForm(forms.Form):
    """The list's query string. Anything unknown falls back to the default (an old link, a
    typo); only a cursor that is not ours is an error, a 400 (tasks.pagination)."""

    status = forms.ChoiceField(choices=[(status, status) for status in STATUSES], required=False)
    sort = forms.ChoiceField(choices=[(sort, sort) for sort in [*SORTS, "manual"]], required=False)
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

    def params(self, order: Sort | None = None, *, manual: bool = False) -> dict:
        """The page's parameters; `order` for a page with an order of its own (Today, Upcoming);
        `manual` for a page in the person's own order by default (a project, the Inbox)."""
        self.is_valid()  # an unknown status or sort is left out of cleaned_data: the default
        sort = self.cleaned_data.get("sort") or ("manual" if manual else "newest")
        if sort == "manual" and not manual:
            sort = "newest"
        q = self.cleaned_data.get("q", "")
        types = CURSOR_TYPES if sort == "manual" and not q else (order or SORTS.get(sort, SORTS["newest"])).types
        return {
            "status": self.cleaned_data.get("status") or "all",
            "sort": sort,
            "q": q,
            "cursor": decode_cursor(self.cleaned_data.get("cursor"), types),
            "select": self.data.get("select") in ("1", "all"),
            "select_all": self.data.get("select") == "all",
        }


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("complete", "Mark as done"),
        ("reopen", "Mark as not done"),
        ("trash", "Move to trash"),
        ("move", "Move to project"),
        ("priority", "Set priority"),
        ("label", "Add label"),
        ("unlabel", "Remove label"),
        ("due", "Set due date"),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    # "Move to": a project's id (empty: the Inbox), or "section:<id>" for one of its sections.
    project = forms.CharField(required=False)
    priority = forms.TypedChoiceField(choices=PRIORITIES, coerce=int, required=False)
    label = forms.ModelChoiceField(queryset=Label.objects.none(), required=False)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    # What each action acts with; "" for none.
    VALUE_OF = {"move": "project", "priority": "priority", "label": "label", "unlabel": "label", "due": "due_date"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["label"].queryset = Label.objects.filter(user=user)
        self.ids_raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []

    def clean_project(self) -> Project | Section | None:
        raw = self.cleaned_data["project"].strip()
        if not raw:
            return None
        places = own_projects(self.user)
        if raw.startswith("section:"):
            raw, places = raw.removeprefix("section:"), Section.objects.filter(user=self.user)
        try:
            found = places.filter(pk=uuid.UUID(raw)).first()
        except ValueError:
            found = None
        if found is None:
            raise ValidationError("Select a valid choice. That project or section is not yours.", code="invalid_choice")
        return found

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        needed = self.VALUE_OF.get(action) if action in ("priority", "label", "unlabel") else None
        if needed and cleaned.get(needed) in (None, "") and needed not in self.errors:
            self.add_error(needed, "Choose one for the selected tasks.")
        cleaned["value"] = cleaned.get(self.VALUE_OF.get(action, ""))
        if not self.ids_raw:
            raise ValidationError("Select at least one task first.")
        if len(self.ids_raw) > MAX_BULK:
            raise ValidationError(f"Select at most {MAX_BULK} tasks at a time.")
        try:
            cleaned["ids"] = [uuid.UUID(raw) for raw in self.ids_raw]
        except ValueError as exc:
            raise ValidationError("The selection is not valid; reload the page and try again.") from exc
        return cleaned


class RescheduleForm(forms.Form):
    """Today's "Reschedule": the day the overdue tasks move to, today when left empty."""

    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_due_date(self):
        day = self.cleaned_data["due_date"] or self.today
        if day < self.today:
            raise ValidationError("Pick today or a later day.", code="past")
        return day


class NamedForm(forms.ModelForm):
    """A project's or a label's name and colour: a name one can see, unique for the person
    whatever its case (the database's unique index says so too), and one of COLORS."""

    limit: int

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["color"] = forms.ChoiceField(
            choices=[("", "No colour"), *COLORS], required=False, label="Colour", initial=self.instance.color or ""
        )

    # The sign a name is typed with in quick add ("#Home", "@errands") is not part of it.
    sign: str

    def clean_name(self) -> str:
        noun = self._meta.model._meta.verbose_name
        name = clean_name(self.cleaned_data["name"].removeprefix(self.sign), noun)
        other = self._meta.model.objects.filter(user=self.user, name__iexact=name).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise ValidationError(f"You already have a {noun} named “{other.name}”.", code="duplicate")
        if self.instance._state.adding and self._meta.model.objects.filter(user=self.user).count() >= self.limit:
            raise ValidationError(f"You have {self.limit} {noun}s, the most one can keep; delete one first.")
        return name

    def clean_color(self) -> str | None:
        return self.cleaned_data["color"] or None


class ProjectForm(NamedForm):
    limit = MAX_PROJECTS
    sign = "#"

    class Meta:
        model = Project
        fields = ["name", "color"]


class LabelForm(NamedForm):
    limit = MAX_LABELS
    sign = "@"

    class Meta:
        model = Label
        fields = ["name", "color"]
