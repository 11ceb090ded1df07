"""The interchange app's part of a person's export (todo_project.personal_data): what was
imported, and the tasks as iCalendar (`?format=ics`) and todo.txt (`?format=todotxt`).

The two formats are written from the same sections as the JSON export (every app's, through
the platform), so the three always say the same tasks.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from interchange.formats import ical, ticktick, todotxt
from interchange.models import ImportedTask, Upload
from todo_project.personal_data import ExportFile, export_sections


def personal_data(user) -> dict[str, list[dict]]:
    """Each task an import made, by the key of its row (the file's row is not kept), and the
    files waiting for their "Import" (their names; the content is the person's own file)."""
    return {
        "imported_tasks": list(
            ImportedTask.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("source", "key", "task_id", "created_at")
        ),
        "import_uploads": list(
            Upload.objects.filter(user=user).order_by("created_at").values("filename", "format", "created_at")
        ),
    }


def tasks_ics(user) -> ExportFile:
    """The live tasks (done ones too) as VTODOs, each due in the person's time zone."""
    host = urlsplit(settings.SITE_URL).hostname or "todo"
    body = ical.write(export_sections(user), zone=user.zone, host=host)
    return ExportFile(body, "text/calendar", "todo-tasks", "ics")


def tasks_todotxt(user) -> ExportFile:
    """The live tasks as todo.txt lines, oldest first."""
    sections = export_sections(user)
    projects = {project["id"]: project["name"] for project in sections["projects"]}
    lines = [
        todotxt.write_line(task, projects, task["labels"])
        for task in sections["tasks"]
        if task["deleted_at"] is None and not task["archived"]
    ]
    return ExportFile("".join(f"{line}\n" for line in lines), "text/plain", "todo", "txt")


def tasks_ticktick(user) -> ExportFile:
    """The live tasks as a TickTick backup (CSV), which TickTick and this app import."""
    body = ticktick.write(export_sections(user), zone=user.zone, now=timezone.localtime(timezone=user.zone))
    return ExportFile(body, "text/csv", "todo-ticktick", "csv")
