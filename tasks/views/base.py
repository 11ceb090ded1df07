"""What the task views share: the one door to a person's tasks, and one answer for a form
and for the script."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve

from tasks.actions.base import Result
from tasks.links import back_to_list, undo_url
from tasks.models import Task
from tasks.rows import Rows, task_row
from tasks.sidebar import Sidebar


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

    def answer(self, result: Result, *, default: str = "tasks:list", **extra):
        """An action's result: its message (with an Undo button when it can be undone)."""
        if result.undo:
            url = undo_url(result.undo)
            extra |= {"undo_url": url, "tags": f"undo:{url}"}
        return self.done(result.message, result.task, default=default, **extra)

    def done(self, message: str, task: Task | None = None, *, default: str = "tasks:list", **extra):
        if not self.wants_json():
            messages.success(self.request, message, extra_tags=extra.pop("tags", ""))
            return HttpResponseRedirect(back_to_list(self.request, default))
        extra.pop("tags", None)
        today = self.request.user.today()
        sidebar = Sidebar.of(self.request.user, today)
        list_path = back_to_list(self.request)
        payload = {
            "message": message,
            "counts": page_counts(sidebar, list_path),
            "sidebar": sidebar.counts_by_link(),
            **extra,
        }
        if task is not None and not task.in_trash:
            rows = Rows(
                list_url=list_path,
                csrf_token=get_token(self.request),
                today=today,
                time_format=self.request.user.time_format,
                names=sidebar.names,
            )
            payload["row"] = task_row(self.user_tasks().with_labels().get(pk=task.pk), rows)
        return JsonResponse(payload)

    def refused(self, form, template_response, extra: dict | None = None):
        if self.wants_json():
            return JsonResponse({"errors": form.errors.get_json_data(), **(extra or {})}, status=400)
        return template_response


class PersonFormMixin:
    """Forms whose choices are the signed-in person's own projects and labels."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class LiveTaskMixin(UserTasksMixin, AnswerMixin):
    """For views on one task: a task in the trash is out of reach (404) until restored."""

    def get_queryset(self):
        return self.user_tasks().alive()


def page_counts(sidebar: Sidebar, path: str) -> dict[str, int] | None:
    """The counts the page at `path` shows in its tabs (None for a page without them)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.url_name == "list":
        return sidebar.counts
    if match.url_name == "inbox":
        return sidebar.inbox_counts
    if match.url_name == "project" and (project := sidebar.project(match.kwargs["pk"])) is not None:
        return project.counts
    return None
