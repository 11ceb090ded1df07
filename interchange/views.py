"""`/accounts/import/`: a file and its format; the answer is a preview of what will be made
and what cannot come across; its one button, "Import", imports it (interchange.actions).

The views only read the file and dispatch: the drafts come from interchange.files, the
writes from interchange.actions.
"""

from __future__ import annotations

import uuid

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from interchange import actions, files
from interchange.actions import person_now
from interchange.drafts import PREVIEW_ROWS, Bundle, DraftTask, Unreadable
from interchange.formats import todoist
from interchange.forms import ImportForm
from interchange.models import Upload
from tasks.models import Project
from tasks.recurrence import rule_words
from tasks.wording import clock, short_date
from todo_project.personal_data import export_sections

# A file of more tasks than this is imported by the worker, and its page follows it: a
# request answers in a few seconds (docs/INTERCHANGE.md, "Bounds").
WORKER_TASKS = 300


class ImportView(LoginRequiredMixin, View):
    template_name = "interchange/import.html"

    def page(self, request, form, status=200):
        projects = Project.objects.filter(user=request.user).values_list("pk", "name")
        return render(request, self.template_name, {"form": form, "projects": projects}, status=status)

    def get(self, request):
        return self.page(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, status=400)
        file, format = form.cleaned_data["file"], form.cleaned_data["format"]
        content = file.read()
        try:
            bundle = files.read(content, file.name, format, now=person_now(request.user))
        except Unreadable as exc:
            form.add_error("file", str(exc))
            return self.page(request, form, status=400)
        upload = actions.keep_upload(request.user, filename=file.name, format=format, content=content)
        known = actions.already_imported(request.user, bundle)
        context = preview(request.user, bundle, known) | {
            "upload": upload,
            "name": files.NAMES[bundle.source],
            "by_worker": len(bundle.tasks) > WORKER_TASKS,
        }
        return render(request, "interchange/preview.html", context)


class UploadView(LoginRequiredMixin, View):
    """The preview's "Import" (POST): the kept file, read again and imported; a large one by
    the worker, whose progress this page (GET) follows until it says what was made."""

    template_name = "interchange/progress.html"

    def upload(self, request, pk) -> Upload:
        return get_object_or_404(Upload.objects.filter(user=request.user).defer("content"), pk=pk)

    def get(self, request, pk):
        upload = self.upload(request, pk)
        if upload.state == Upload.PREVIEWED:
            return redirect("interchange:import")
        waited = (timezone.now() - upload.created_at).total_seconds()
        context = {"upload": upload, "waited": int(waited), "progress": actions.progress(upload.pk)}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        upload = get_object_or_404(Upload.objects.filter(user=request.user), pk=pk)
        if upload.state != Upload.PREVIEWED:
            return redirect("interchange:upload", pk=upload.pk)
        try:
            bundle = files.read(bytes(upload.content), upload.filename, upload.format, now=person_now(request.user))
        except Unreadable as exc:  # the file was read for its preview: only a change of the app lands here
            messages.error(request, f"Nothing was imported: {exc}")
            return redirect("interchange:import")
        if len(bundle.tasks) > WORKER_TASKS:
            actions.queue_import(request.user, upload)
            return redirect("interchange:upload", pk=upload.pk)
        result = actions.import_bundle(request.user, bundle, upload_id=upload.pk)
        (messages.success if result.changed else messages.info)(request, result.message)
        return redirect("tasks:list")


@method_decorator(reauthentication_required, name="dispatch")
class TodoistExportView(LoginRequiredMixin, View):
    """`/accounts/export/todoist/?project=<id>`: one project as a Todoist template (Todoist
    imports one project a file), its open tasks with their sections and sub-tasks."""

    def get(self, request):
        try:
            pk = uuid.UUID(request.GET.get("project", ""))
        except ValueError as exc:
            raise Http404("No such project.") from exc
        project = get_object_or_404(Project.objects.filter(user=request.user), pk=pk)
        body, name = todoist.write(export_sections(request.user), project.pk, zone=request.user.zone)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response["Cache-Control"] = "no-store"
        return response


def preview(user, bundle: Bundle, known: dict) -> dict:
    today = user.today()
    new = [task for task in bundle.tasks if task.ref not in known]
    return {
        "counts": bundle.counts() | {"new": len(new), "known": len(bundle.tasks) - len(new)},
        "rows": [row(task, today, user.time_format) for task in new[:PREVIEW_ROWS]],
        "losses": bundle.losses,
        "more_losses": bundle.more_losses,
        "notes": bundle.notes,
        "timezone": bundle.timezone if bundle.timezone and bundle.timezone != user.timezone else None,
    }


def row(task: DraftTask, today, time_format: str) -> dict:
    """A task as the list will show it: where it goes, its labels, priority, date and repeat."""
    place = " › ".join(filter(None, [task.project or "Inbox", task.section]))
    due = ""
    if task.due_date is not None:
        due = short_date(task.due_date, today)
        if task.due_time is not None:
            due += " " + clock(task.due_time, time_format)
    return {
        "title": task.title,
        "place": place,
        "subtask": bool(task.parent),
        "labels": task.labels,
        "priority": task.priority,
        "due": due,
        "repeat": rule_words(task.recurrence, task.recur_from_completion) if task.recurrence else "",
        "completed": task.completed,
        "trashed": task.trashed_at is not None,
    }
