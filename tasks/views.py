"""The task pages. Every view reaches tasks through UserTasksMixin.user_tasks().

Each action is a plain form POST that redirects (works without JavaScript). When the
request says `Accept: application/json` (static/js/app.js does), the same view answers
with JSON instead: a message, the re-rendered row and the new counts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import CreateView, DeleteView, FormView, ListView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from tasks.forms import (
    STATUSES,
    BulkActionForm,
    ListParamsForm,
    TaskEditForm,
    TaskForm,
    TaskInlineEditForm,
    TaskTitleForm,
)
from tasks.models import PAGE_SIZE, SORTS, Task, TaskCounts, TaskSubmission
from tasks.pagination import decode_cursor, keyset_page
from tasks.rows import cached_reverse, task_row, task_url

SORT_LABELS = {"newest": "Newest first", "oldest": "Oldest first", "updated": "Recently updated", "title": "Title A–Z"}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class UserTasksMixin(LoginRequiredMixin):
    """The one door to task rows: every queryset starts from the signed-in user."""

    # Pages answer GET, actions POST; nothing else (a DELETE or PUT is a 405, never an action).
    http_method_names = ["get", "head", "options"]

    def user_tasks(self):
        return Task.objects.for_user(self.request.user)

    def get_queryset(self):
        return self.user_tasks()


class AnswerMixin:
    """One answer for both a plain form (a message, then back to the list) and the script
    (`Accept: application/json`: the message, the new counts and the re-rendered row)."""

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def done(self, message: str, task: Task | None = None, *, default: str = "tasks:list", **extra):
        if not self.wants_json():
            messages.success(self.request, message, extra_tags=extra.pop("tags", ""))
            return HttpResponseRedirect(back_to_list(self.request, default))
        payload = {"message": message, "counts": TaskCounts.of(self.request.user), **extra}
        if task is not None and not task.in_trash:
            payload["row"] = task_row(task, list_url=back_to_list(self.request), csrf_token=get_token(self.request))
        return JsonResponse(payload)

    def trashed(self, message: str, at: datetime, count: int):
        """Tasks moved to the trash together: the message's Undo restores those, and only those."""
        if not count:
            return self.done(message)
        undo_url = f"{reverse('tasks:restore_trashed')}?{urlencode({'at': at.isoformat()})}"
        return self.done(message, undo_url=undo_url, tags=f"undo:{undo_url}")

    def refused(self, form, template_response):
        if self.wants_json():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return template_response


class LiveTaskMixin(UserTasksMixin, AnswerMixin):
    """For views on one task: a task in the trash is out of reach (404) until restored."""

    def get_queryset(self):
        return self.user_tasks().alive()


class TaskListView(UserTasksMixin, ListView):
    template_name = "tasks/task_list.html"
    context_object_name = "tasks"

    def get(self, request, *args, **kwargs):
        params = ListParamsForm(request.GET).params()
        self.status, self.sort = params["status"], params["sort"]
        self.query, self.cursor = params["q"], params["cursor"]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.user_tasks().with_status(self.status).search(self.query).ordered(self.sort, after=self.cursor)

    def get_context_data(self, **kwargs):
        sort_field = SORTS[self.sort][0]
        page = keyset_page(self.object_list, PAGE_SIZE, key=sort_field)
        kwargs["object_list"] = page.items
        context = super().get_context_data(**kwargs)
        params = {"q": self.query, "sort": self.sort if self.sort != "newest" else ""}
        context.update(
            status=self.status,
            query=self.query,
            sort=self.sort,
            sort_labels=SORT_LABELS,
            counts=TaskCounts.of(self.request.user),
            status_links=[(s, list_url(status=s, **params)) for s in STATUSES],
            is_first_page=self.cursor is None,
            first_url=list_url(status=self.status, **params),
            next_url=list_url(status=self.status, **params, cursor=page.next_cursor) if page.next_cursor else None,
            list_url=self.request.get_full_path(),
            submission=uuid.uuid4(),
        )
        return context


def list_url(status: str = "all", **params: str | None) -> str:
    query = {name: value for name, value in {"status": status, **params}.items() if value and value != "all"}
    return cached_reverse("tasks:list") + (f"?{urlencode(query)}" if query else "")


def back_to_list(request, default: str = "tasks:list") -> str:
    """Return to the filtered list the form was posted from, never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


class TaskCreateView(UserTasksMixin, AnswerMixin, CreateView):
    """The full form at /tasks/new/; the quick-add form on the list posts here too."""

    form_class = TaskForm
    template_name = "tasks/task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskTitleForm if self.request.POST.get("quick_add") else TaskForm

    def get_initial(self):
        # "Add details" on the list carries what was typed in the quick-add box.
        return {"title": self.request.GET.get("title", "")[:200]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=uuid.uuid4(), **kwargs)

    def form_valid(self, form):
        form.instance.user = self.request.user
        try:
            # The form's one-time id and the task commit together or not at all (the request's
            # transaction): a resend after any failure adds the task, a second post of the
            # same form waits for the first and is refused by the primary key.
            with transaction.atomic():
                if submission := self.submission():
                    TaskSubmission.objects.create(user=self.request.user, submission=submission)
                self.object = form.save()
        except IntegrityError as exc:
            if getattr(exc.__cause__, "diag", None) and exc.__cause__.diag.constraint_name == "task_submissions_pkey":
                return self.done("That task was already added.")
            raise
        return self.done(f"Added “{self.object.title}”.", self.object)

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
                messages.error(self.request, " ".join(form.errors["title"]))
            return HttpResponseRedirect(back_to_list(self.request))
        return self.refused(form, super().form_invalid(form))


class TaskUpdateView(LiveTaskMixin, UpdateView):
    """The edit page, and in-place edits of the title from the list (`inline=1`).

    Saves only the fields the form changed (TaskChangeForm), on the row locked for the
    request: an edit never undoes a toggle or a trashing made meanwhile in another tab, and a
    task trashed meanwhile is a 404.
    """

    template_name = "tasks/task_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_class(self):
        return TaskInlineEditForm if self.request.POST.get("inline") else TaskEditForm

    def get_object(self, queryset=None):
        queryset = self.get_queryset()
        if self.request.method == "POST":
            queryset = queryset.select_for_update()
        return super().get_object(queryset)

    def form_valid(self, form):
        if conflicts := form.conflicts():
            form.refuse_conflicts(conflicts)
            if self.wants_json():
                return JsonResponse({"errors": form.errors.get_json_data(), "current": conflicts}, status=409)
            return super().form_invalid(form)
        self.object = form.save_changes()
        return self.done(f"Saved “{self.object.title}”.", self.object)

    def form_invalid(self, form):
        return self.refused(form, super().form_invalid(form))


class TaskToggleView(LiveTaskMixin, SingleObjectMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        if not task.toggle():
            raise Http404("This task is in the trash.")
        return self.done(f"Marked “{task.title}” as {'done' if task.completed else 'not done'}.", task)


class ToggleAllView(UserTasksMixin, AnswerMixin, View):
    """Complete every active task, or reopen every completed one (TodoMVC).

    The button says which (`action`), as its label promised when the page was read; a task
    completed or reopened meanwhile in another tab never turns it into the opposite.
    """

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        tasks = self.user_tasks()
        action = request.POST.get("action")
        if action not in ("complete", "reopen"):  # a form from before the button said it
            action = "complete" if tasks.active().exists() else "reopen"
        count = tasks.apply(action)
        return self.done(f"Marked {plural(count, 'task')} as {'done' if action == 'complete' else 'not done'}.")


class TaskDeleteView(LiveTaskMixin, DeleteView):
    """GET asks for confirmation; POST moves the task to the trash, with an Undo."""

    template_name = "tasks/task_confirm_delete.html"
    success_url = reverse_lazy("tasks:list")
    # Not "delete": DeleteView would answer an HTTP DELETE by deleting for good, past the trash.
    http_method_names = ["get", "post", "head", "options"]

    def form_valid(self, form):
        self.object.move_to_trash()
        undo_url = task_url("restore", self.object.pk)
        return self.done(f"Moved “{self.object.title}” to the trash.", undo_url=undo_url, tags=f"undo:{undo_url}")


class ClearCompletedView(UserTasksMixin, AnswerMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        at = timezone.now()
        count = self.user_tasks().completed().move_to_trash(at)
        return self.trashed(f"Moved {plural(count, 'completed task')} to the trash.", at, count)


class BulkActionView(UserTasksMixin, AnswerMixin, FormView):
    """Complete, reopen or trash the selected tasks in one POST."""

    form_class = BulkActionForm
    http_method_names = ["post", "options"]

    def form_valid(self, form):
        selected = self.user_tasks().filter(pk__in=form.cleaned_data["ids"])
        action, at = form.cleaned_data["action"], timezone.now()
        count = selected.apply(action, at=at)
        if action == "trash":
            return self.trashed(f"Moved {plural(count, 'task')} to the trash.", at, count)
        return self.done(f"Marked {plural(count, 'task')} as {'done' if action == 'complete' else 'not done'}.")

    def form_invalid(self, form):
        if self.wants_json():
            return self.refused(form, None)
        messages.error(self.request, " ".join(error for errors in form.errors.values() for error in errors))
        return HttpResponseRedirect(back_to_list(self.request))


class TrashListView(UserTasksMixin, ListView):
    template_name = "tasks/trash.html"
    context_object_name = "tasks"

    def get(self, request, *args, **kwargs):
        self.cursor = decode_cursor(request.GET.get("cursor"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.user_tasks().recently_trashed(after=self.cursor)

    def get_context_data(self, **kwargs):
        page = keyset_page(self.object_list, PAGE_SIZE, key="deleted_at")
        kwargs["object_list"] = page.items
        context = super().get_context_data(**kwargs)
        trash_url = reverse("tasks:trash")
        context.update(
            is_first_page=self.cursor is None,
            first_url=trash_url,
            next_url=f"{trash_url}?{urlencode({'cursor': page.next_cursor})}" if page.next_cursor else None,
        )
        return context


class TaskRestoreView(UserTasksMixin, AnswerMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, pk):
        task = get_object_or_404(self.user_tasks().trashed(), pk=pk)
        task.restore()
        return self.done(f"Restored “{task.title}”.", task, default="tasks:trash")


class RestoreTrashedView(UserTasksMixin, AnswerMixin, View):
    """Undo of a bulk trashing or "Clear completed": the tasks trashed at that moment come back."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        try:
            at = datetime.fromisoformat(request.GET.get("at", ""))
        except ValueError as exc:
            raise BadRequest("This undo link is not valid.") from exc
        if at.tzinfo is None:
            raise BadRequest("This undo link is not valid.")
        count = self.user_tasks().trashed_at(at).restore()
        return self.done(f"Restored {plural(count, 'task')}.")


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
        trashed = self.user_tasks().trashed()
        try:
            asked_at = datetime.fromisoformat(request.POST["asked_at"])
        except (KeyError, ValueError):
            asked_at = None  # a form from before the question said when
        if asked_at is not None and asked_at.tzinfo is not None:
            trashed = trashed.filter(deleted_at__lte=asked_at)
        count, _ = trashed.delete()
        return self.done(f"Deleted {plural(count, 'task')} for good.", default="tasks:trash")
