"""One task: create, edit, toggle, delete and restore it, and what quick add reads in a title."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DeleteView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from tasks.actions import tasks as actions
from tasks.forms import TaskEditForm, TaskForm, TaskInlineEditForm, TaskTitleForm, error_text, own_projects
from tasks.links import back_to_list, came_from
from tasks.models import MAX_LABELS_PER_TASK, Task, TaskCompletion
from tasks.quickadd import NotADate, parse, parse_repeat
from tasks.recurrence import describe
from tasks.views.base import AnswerMixin, LiveTaskMixin, PersonFormMixin, UserTasksMixin
from tasks.wording import clock, due_words


class TaskCreateView(UserTasksMixin, AnswerMixin, PersonFormMixin, CreateView):
    """The full form at /tasks/new/; the quick-add form on the list posts here too."""

    form_class = TaskForm
    template_name = "tasks/task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskTitleForm if self.request.POST.get("quick_add") else TaskForm

    def get_initial(self):
        # "Add details" on a list carries what was typed in the quick-add box, and what the
        # page gives its tasks (a project, a label, a date); the form checks them on saving.
        params = self.request.GET
        initial = {"title": params.get("title", "")[:200]}
        initial |= {name: params[name] for name in ("project", "section", "parent", "due_date") if params.get(name)}
        if params.get("labels"):
            initial["labels"] = params.getlist("labels")[:MAX_LABELS_PER_TASK]
        return initial

    def get_context_data(self, **kwargs):
        # Save and Cancel return to the list "Add details" came from (its `next`).
        back = back_to_list(self.request) if self.request.POST.get("next") else came_from(self.request)
        return super().get_context_data(submission=uuid.uuid4(), back=back, **kwargs)

    def form_valid(self, form):
        result = actions.create_task(
            self.request.user,
            form.values(),
            labels=form.label_ids(),
            label_names=form.new_labels,
            submission=self.submission(),
        )
        if result.errors:  # a place refused (tasks.actions.structure): said on the form
            return self.form_invalid(refused_in(form, result))
        if result.changed:  # not a form sent twice
            actions.save_other_fields(self.request.user, result.task.pk, form.other_changes())
        notes = form.notes + result.notes
        if not self.wants_json():
            for note in notes:
                messages.info(self.request, note)
        return self.done(result.message, result.task, notes=notes)

    def submission(self) -> uuid.UUID | None:
        """The form's one-time id; a post without a valid one is let through."""
        try:
            return uuid.UUID(self.request.POST.get("submission", ""))
        except ValueError:
            return None

    def form_invalid(self, form):
        if isinstance(form, TaskTitleForm) and not self.wants_json():
            # Back to the list: an empty quick-add adds nothing; anything else says why.
            if form.data.get("title", "").strip():
                messages.error(self.request, error_text(form))
            return HttpResponseRedirect(back_to_list(self.request))
        return self.refused(form, super().form_invalid(form))


class TaskUpdateView(LiveTaskMixin, PersonFormMixin, UpdateView):
    """The edit page, and in-place edits of the title from the list (`inline=1`).

    Saves only the fields the form changed, with the values it read them with
    (`tasks.actions.tasks.update_task`): an edit never undoes a change made meanwhile in
    another tab, and a field changed there too is a conflict shown with both values.
    """

    template_name = "tasks/task_form.html"
    # The form alone, for the list's edit dialog (`partial=1`, on the GET or in the posted form).
    fragment_name = "tasks/_task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskInlineEditForm if self.request.POST.get("inline") else TaskEditForm

    def partial(self) -> bool:
        return bool(self.request.GET.get("partial") or self.request.POST.get("partial"))

    def get_template_names(self):
        return [self.fragment_name] if self.partial() else [self.template_name]

    def get_form_kwargs(self):
        # In the dialog the form shares the page with the quick-add box (`id_title`): ids of its own.
        return {**super().get_form_kwargs(), **({"auto_id": "edit_%s"} if self.partial() else {})}

    def get_context_data(self, **kwargs):
        task = self.object
        at, clock_format = task.due_time, self.request.user.time_format
        repeats = describe(task.recurrence, task.recur_from_completion, at, clock_format) if task.recurrence else ""
        # The latest completed occurrences of a repeating task.
        completions = TaskCompletion.objects.filter(task=task).order_by("-completed_at")[:10] if repeats else []
        family = {}
        if not self.partial():  # the edit page lists its sub-tasks and names its parent
            live = self.user_tasks().alive()
            family = {
                "subtasks": list(live.filter(parent=task).order_by("position", "id")),
                "parent_task": live.filter(pk=task.parent_id).first() if task.parent_id else None,
                "new_subtask": uuid.uuid4(),
            }
        return super().get_context_data(repeats=repeats, completions=completions, back=self.back(), **family, **kwargs)

    def back(self) -> str:
        """Where Save and Cancel return: the list (its filters, sort and page) the task was opened
        from, at the task's row; a form posted again keeps the `next` it was posted with."""
        if self.request.method == "POST":
            return back_to_list(self.request) if self.request.POST.get("next") else ""
        path = came_from(self.request)
        return f"{path}#task-{self.object.pk}" if path and not self.partial() else path

    def fragment(self, form) -> dict[str, str]:
        """The dialog's form again, with its errors (and a conflict's values read anew)."""
        if not self.partial():
            return {}
        return {"form": render_to_string(self.fragment_name, self.get_context_data(form=form), request=self.request)}

    def form_valid(self, form):
        try:
            result = actions.update_task(self.request.user, self.object.pk, form.changes(), form.read())
        except Task.DoesNotExist as exc:
            raise Http404("This task is in the trash.") from exc
        if result.errors:
            return self.form_invalid(refused_in(form, result))
        if result.conflicts:
            form.refuse_conflicts(result.conflicts)
            if self.wants_json():
                answer = {"errors": form.errors.get_json_data(), "current": result.conflicts, **self.fragment(form)}
                return JsonResponse(answer, status=409)
            return super().form_invalid(form)
        actions.save_other_fields(self.request.user, self.object.pk, form.other_changes())
        return self.answer(result)

    def form_invalid(self, form):
        return self.refused(form, super().form_invalid(form), self.fragment(form))


def refused_in(form, result):
    """The form with the action's refusal (a place that breaks the rules) on its field."""
    for name, errors in result.errors.items():
        form.add_error(name if name in form.fields else None, errors)
    return form


def shown_occurrence(request) -> date | None:
    """The occurrence a completion names: the due date the row showed (absent on old pages)."""
    try:
        return date.fromisoformat(request.POST.get("due", ""))
    except ValueError:
        return None


class TaskToggleView(LiveTaskMixin, SingleObjectMixin, View):
    """Complete or reopen a task; a repeating one moves on to its next date, with an Undo."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        try:
            result = actions.toggle_task(request.user, task.pk, occurrence=shown_occurrence(request))
        except Task.DoesNotExist as exc:
            raise Http404("This task is in the trash.") from exc
        return self.answer(result)


class TaskDeleteView(LiveTaskMixin, DeleteView):
    """GET asks for confirmation; POST moves the task to the trash, with an Undo."""

    template_name = "tasks/task_confirm_delete.html"
    # Not "delete": DeleteView would answer an HTTP DELETE by deleting for good, past the trash.
    http_method_names = ["get", "post", "head", "options"]

    def form_valid(self, form):
        return self.answer(actions.trash_task(self.request.user, self.object.pk))


class TaskRestoreView(UserTasksMixin, AnswerMixin, View):
    """A task back from the trash (the trash page's Restore)."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        task = get_object_or_404(self.user_tasks().trashed(), pk=pk)
        return self.answer(actions.restore_task(request.user, task.pk), default="tasks:trash")


class QuickAddPreviewView(UserTasksMixin, View):
    """What quick add reads in a title, for the script to highlight while the person types:
    the recognised spans, a line saying what will be saved, and any problem; or, with
    `repeat`, the edit form's Repeat field said back as a sentence."""

    def get(self, request):
        if "repeat" in request.GET:
            return self.repeat(request, request.GET["repeat"][:200])
        text = request.GET.get("title", "")[: Task._meta.get_field("title").max_length]
        projects = list(own_projects(request.user).values_list("name", flat=True))
        now = timezone.localtime(timezone=request.user.zone)
        quick = parse(text, now=now, projects=projects, date_order=request.user.date_order)
        return JsonResponse(
            {
                "spans": [{"start": span.start, "end": span.end, "kind": span.kind} for span in quick.spans],
                "summary": quick_summary(quick, request.user.today(), request.user.time_format),
                "problems": quick.problems,
                # What saving this text on the main list makes: the same reading, field by field.
                "fields": saved_fields(quick, text),
            }
        )

    def repeat(self, request, text: str):
        """The Repeat field's words as the edit form will save them ("sentence"), or why not."""
        now = timezone.localtime(timezone=request.user.zone)
        try:
            found = parse_repeat(
                text, start=now.date(), today=now.date(), date_order=request.user.date_order, now_time=now.time()
            )
        except NotADate as exc:
            return JsonResponse({"sentence": None, "problems": [str(exc)]})
        if found is None:
            return JsonResponse({"sentence": None, "problems": ["Not a repeat this app understands yet."]})
        sentence = describe(found.rule, found.from_completion, found.time, request.user.time_format)
        return JsonResponse({"sentence": sentence, "problems": []})


def saved_fields(quick, text: str) -> dict:
    """The fields a task saved from `text` on the main list gets. A text made only of what quick
    add reads ("tomorrow p1") is kept whole as the title, with nothing else (TaskForm.read_quick_add)."""
    if quick.kept_whole:
        return {"title": text.strip(), "project": None, "labels": [], "priority": 4, "due_date": None,
                "due_time": None, "recurrence": None, "recur_from_completion": False}  # fmt: skip
    return {
        "title": quick.title,
        "project": quick.project,
        "labels": quick.labels,
        "priority": quick.priority or 4,
        "due_date": quick.due_date.isoformat() if quick.due_date else None,
        "due_time": quick.due_time.strftime("%H:%M") if quick.due_time else None,
        "recurrence": quick.recurrence,
        "recur_from_completion": quick.from_completion,
    }


def quick_summary(quick, today: date, time_format: str = "24h") -> str:
    """ "Water the plants · Today 08:00 · Every 3 days at 8:00, from completion · Home · @garden · P2"
    (on a 12-hour clock "Today 8:00 am" and "at 8:00 am")."""
    parts = [f"“{quick.title}”"] if quick.title else []
    if quick.due_date:
        parts.append(
            due_words(quick.due_date, today) + (f" {clock(quick.due_time, time_format)}" if quick.due_time else "")
        )
    if quick.recurrence:
        parts.append(describe(quick.recurrence, quick.from_completion, quick.due_time, time_format))
    parts += [f"#{quick.project}"] if quick.project else []
    parts += [f"@{label}" for label in quick.labels]
    parts += [f"P{quick.priority}"] if quick.priority else []
    return " · ".join(parts)
