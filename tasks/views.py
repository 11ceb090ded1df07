from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import CreateView, DeleteView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from tasks.forms import QuickAddForm, TaskEditForm, TaskForm
from tasks.models import PAGE_SIZE, Task
from tasks.pagination import decode_cursor, keyset_page

STATUSES = ("all", "active", "completed")
MAX_SEARCH_LENGTH = 200


class UserTasksMixin(LoginRequiredMixin):
    """The one door to task rows: every queryset starts from the signed-in user."""

    def user_tasks(self):
        return Task.objects.for_user(self.request.user)

    def get_queryset(self):
        return self.user_tasks()


class LiveTaskMixin(UserTasksMixin):
    """For views on one task: a task in the trash is out of reach (404) until restored."""

    def get_queryset(self):
        return self.user_tasks().alive()


class TaskListView(UserTasksMixin, ListView):
    template_name = "tasks/task_list.html"
    context_object_name = "tasks"

    def get(self, request, *args, **kwargs):
        self.status = request.GET.get("status", "all")
        if self.status not in STATUSES:
            self.status = "all"
        self.query = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
        self.cursor = decode_cursor(request.GET.get("cursor"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().with_status(self.status).search(self.query).newest_first(after=self.cursor)

    def get_context_data(self, **kwargs):
        page = keyset_page(self.object_list, PAGE_SIZE, key="created_at")
        kwargs["object_list"] = page.items
        context = super().get_context_data(**kwargs)
        filters = {"q": self.query} if self.query else {}
        context.update(
            status=self.status,
            query=self.query,
            counts=self.user_tasks().counts(),
            form=QuickAddForm(),
            status_links=[(s, _list_url(s, filters)) for s in STATUSES],
            is_first_page=self.cursor is None,
            first_url=_list_url(self.status, filters),
            next_url=_list_url(self.status, {**filters, "cursor": page.next_cursor}) if page.next_cursor else None,
        )
        return context


def _list_url(status: str, params: dict[str, str]) -> str:
    query = {"status": status, **params} if status != "all" else params
    return reverse("tasks:list") + (f"?{urlencode(query)}" if query else "")


class TaskCreateView(UserTasksMixin, CreateView):
    """The full form at /tasks/new/ and the quick-add form on the list both post here."""

    form_class = TaskForm
    template_name = "tasks/task_form.html"
    success_url = reverse_lazy("tasks:list")

    def form_valid(self, form):
        form.instance.user = self.request.user
        response = super().form_valid(form)
        messages.success(self.request, f"Added “{self.object.title}”.")
        return response


class TaskUpdateView(LiveTaskMixin, UpdateView):
    form_class = TaskEditForm
    template_name = "tasks/task_form.html"
    success_url = reverse_lazy("tasks:list")

    def form_valid(self, form):
        messages.success(self.request, f"Saved “{form.instance.title}”.")
        return super().form_valid(form)


class TaskToggleView(LiveTaskMixin, SingleObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        task.toggle()
        state = "done" if task.completed else "not done"
        messages.success(request, f"Marked “{task.title}” as {state}.")
        return HttpResponseRedirect(_back_to_list(request))


class TaskDeleteView(LiveTaskMixin, DeleteView):
    """GET asks for confirmation; POST moves the task to the trash (it can be restored)."""

    template_name = "tasks/task_confirm_delete.html"
    success_url = reverse_lazy("tasks:list")

    def form_valid(self, form):
        self.object.move_to_trash()
        messages.success(self.request, f"Moved “{self.object.title}” to the trash.")
        return HttpResponseRedirect(_back_to_list(self.request))


class ClearCompletedView(UserTasksMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = self.get_queryset().completed().move_to_trash()
        messages.success(request, f"Moved {count} completed task{'s' if count != 1 else ''} to the trash.")
        return HttpResponseRedirect(_back_to_list(request))


class TrashListView(UserTasksMixin, ListView):
    template_name = "tasks/trash.html"
    context_object_name = "tasks"

    def get(self, request, *args, **kwargs):
        self.cursor = decode_cursor(request.GET.get("cursor"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().recently_trashed(after=self.cursor)

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


class TaskRestoreView(UserTasksMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        task = get_object_or_404(self.get_queryset().trashed(), pk=pk)
        task.restore()
        messages.success(request, f"Restored “{task.title}”.")
        return HttpResponseRedirect(reverse("tasks:trash"))


class EmptyTrashView(UserTasksMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count, _ = self.get_queryset().trashed().delete()
        messages.success(request, f"Deleted {count} task{'s' if count != 1 else ''} for good.")
        return HttpResponseRedirect(reverse("tasks:trash"))


def _back_to_list(request) -> str:
    """Return to the filtered list the form was posted from, never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("tasks:list")
