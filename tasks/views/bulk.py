"""Many tasks at once: the bulk bar, "complete all", "clear completed", emptying the trash;
and Undo."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from tasks.actions import bulk as actions
from tasks.actions import undo
from tasks.forms import BulkActionForm, RescheduleForm, error_text
from tasks.links import back_to_list
from tasks.models import Project
from tasks.views.base import AnswerMixin, PersonFormMixin, UserTasksMixin


class ToggleAllView(UserTasksMixin, AnswerMixin, View):
    """Complete every active task, or reopen every completed one (TodoMVC); the button says
    which (`action`), as its label promised when the page was read."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        return self.answer(actions.toggle_all(request.user, request.POST.get("action"), today=request.user.today()))


class ClearCompletedView(UserTasksMixin, AnswerMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        return self.answer(actions.clear_completed(request.user))


class BulkActionView(UserTasksMixin, AnswerMixin, PersonFormMixin, FormView):
    """One action on the selected tasks in one POST: complete, reopen, trash, move to a project,
    set the priority, add or remove a label, set or clear the due date."""

    form_class = BulkActionForm
    http_method_names = ["post", "options"]

    def form_valid(self, form):
        data = form.cleaned_data
        result = actions.apply_bulk(
            self.request.user,
            data["ids"],
            data["action"],
            data["value"],
            today=self.request.user.today(),
            shown=shown_occurrences(self.request, data["ids"]),
        )
        return self.answer(result)

    def form_invalid(self, form):
        if self.wants_json():
            return self.refused(form, None)
        messages.error(self.request, error_text(form))
        return HttpResponseRedirect(back_to_list(self.request))


def shown_occurrences(request, ids) -> dict:
    """The occurrence each selected repeating row showed (`due-<id>`), for a bulk completion."""
    shown = {}
    for pk in ids:
        try:
            shown[pk] = date.fromisoformat(request.POST.get(f"due-{pk}", ""))
        except ValueError:
            continue
    return shown


class RescheduleView(UserTasksMixin, AnswerMixin, View):
    """Today's "Reschedule": every overdue task to `due_date` (empty: today), with an Undo."""

    http_method_names = ["post", "options"]

    def post(self, request):
        today = request.user.today()
        form = RescheduleForm(request.POST, today=today)
        if not form.is_valid():
            if self.wants_json():
                return self.refused(form, None)
            messages.error(request, error_text(form))
            return HttpResponseRedirect(back_to_list(request, "tasks:today"))
        return self.answer(
            actions.reschedule_overdue(request.user, form.cleaned_data["due_date"], today), default="tasks:today"
        )


class EmptyTrashView(UserTasksMixin, AnswerMixin, TemplateView):
    """GET asks for confirmation (it deletes for good), POST empties the trash."""

    template_name = "tasks/empty_trash.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_context_data(self, **kwargs):
        # What the question counted, and when: the answer deletes those, not what another tab
        # trashed since.
        return super().get_context_data(
            count=self.user_tasks().trashed().count(), asked_at=timezone.now().isoformat(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            asked_at = datetime.fromisoformat(request.POST["asked_at"])
        except (KeyError, ValueError):
            asked_at = None  # a form from before the question said when
        if asked_at is not None and asked_at.tzinfo is None:
            asked_at = None
        return self.answer(actions.empty_trash(request.user, asked_at), default="tasks:trash")


class UndoView(UserTasksMixin, AnswerMixin, View):
    """Every Undo button posts here with its token (tasks.actions.undo): once, and only if
    nothing changed the rows since."""

    http_method_names = ["post", "options"]

    def post(self, request):
        try:
            result = undo.undo(request.user, request.GET.get("token") or request.POST.get("token", ""))
        except undo.InvalidUndo as exc:
            raise BadRequest(str(exc)) from exc
        if isinstance(result.item, Project) and not self.wants_json():
            # A project brought back: to its page, where its tasks are.
            messages.success(request, result.message)
            return HttpResponseRedirect(reverse("tasks:project", args=[result.item.pk]))
        return self.answer(result)
