"""Sub-tasks, sections and the person's own order: a task's move, folding, and a project's
sections. Each view validates and dispatches to tasks.actions.structure, and answers as every
action does (a message and back to the page, or JSON for the script)."""

from __future__ import annotations

import uuid

from django.http import Http404, JsonResponse
from django.views.generic import View

from tasks.actions import structure as actions
from tasks.actions.base import Result
from tasks.models import Project, Section, Task
from tasks.views.base import AnswerMixin, UserTasksMixin
from tasks.views.organise import OwnMixin


def place_value(raw: str | None):
    """A form's `parent` or `section`: an id, "none" for none, or missing (...)."""
    if raw is None or raw == "":
        return ...
    if raw == "none":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return ...


def task_id(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


class PostMixin(UserTasksMixin, AnswerMixin):
    http_method_names = ["post", "options"]

    def reply(self, result: Result):
        """The action's answer; a refusal is a 400 for the script, a message for a form."""
        if not result.changed and result.errors and self.wants_json():
            return JsonResponse({"message": result.message, "errors": result.errors}, status=400)
        return self.answer(result)


class TaskMoveView(PostMixin, View):
    """POST `before` or `after` (a task's id: right next to it, as its sibling), or `parent`
    (a task's id, or "none" for a top task) or `section` (a section's id, or "none")."""

    def post(self, request, pk):
        data = request.POST
        before, after = task_id(data.get("before")), task_id(data.get("after"))
        parent, section = place_value(data.get("parent")), place_value(data.get("section"))
        if before is None and after is None and parent is ... and section is ...:
            message = "Say where to move it: before or after a task, under a parent, or to a section."
            return self.reply(Result(changed=False, message=message, errors={"before": [message]}))
        try:
            result = actions.move_task(request.user, pk, before=before, after=after, parent=parent, section=section)
        except Task.DoesNotExist as exc:
            raise Http404("No such task, or it is in the trash.") from exc
        return self.reply(result)


class TaskCollapseView(PostMixin, View):
    """Fold (`collapsed=1`) or unfold a parent's sub-tasks on the project page."""

    def post(self, request, pk):
        result = actions.set_collapsed(request.user, Task, pk, request.POST.get("collapsed") == "1")
        if not result.changed:
            raise Http404("No such task.")
        return self.answer(result)


class SectionCreateView(OwnMixin, PostMixin, View):
    """A new section at the end of the project (`name`)."""

    def post(self, request, pk):
        project = self.own(Project, pk)
        result = actions.create_section(request.user, project.pk, request.POST.get("name", ""))
        return self.reply(result)


class SectionActionView(OwnMixin, PostMixin, View):
    """Rename (`name`), move (`direction` up or down), fold (`collapsed`) or delete a section."""

    action = "rename"

    def post(self, request, pk):
        section = self.own(Section, pk)
        user, data = request.user, request.POST
        if self.action == "rename":
            result = actions.rename_section(user, section.pk, data.get("name", ""))
        elif self.action == "move":
            result = actions.move_section(user, section.pk, up=data.get("direction") != "down")
        elif self.action == "collapse":
            result = actions.set_collapsed(user, Section, section.pk, data.get("collapsed") == "1")
        else:
            result = actions.delete_section(user, section.pk)
        return self.reply(result)
