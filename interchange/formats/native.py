"""This app's own JSON export (`/accounts/export/`), read back whole: projects (colour,
order, archived), sections (order, folded), labels (colour), tasks (every field, sub-tasks,
order, the trash and the archive), the completed occurrences of repeating tasks, a task's
own reminders and the time zone. Ids are the exporting account's: they are the keys an
import remembers, and how tasks find their parents, projects and sections in the file.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

from interchange.drafts import Bundle, DraftTask, Unreadable


def read(text: str, filename: str, now: datetime) -> Bundle:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"It is not JSON: {str(exc)[:200]}") from exc
    if not isinstance(data, dict) or data.get("format") != "todo-export":
        raise Unreadable("It is JSON, but not this app's export (it has no “format”: “todo-export”).")
    bundle = Bundle("json")
    try:
        Reader(bundle, data).read()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Unreadable(f"The export is damaged: {type(exc).__name__} {str(exc)[:200]}") from exc
    return bundle


def moment(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Reader:
    def __init__(self, bundle: Bundle, data: dict):
        self.bundle, self.data = bundle, data
        self.projects: dict[str, str | None] = {}
        self.sections: dict[str, str | None] = {}
        self.positions: dict[str, int] = {}

    def read(self) -> None:
        self.bundle.timezone = (self.data.get("user") or {}).get("timezone")
        for project in sorted(self.data.get("projects", []), key=lambda row: row["position"]):
            name = self.bundle.project(
                project["name"], color=project.get("color"), archived_at=moment(project.get("archived_at"))
            )
            self.projects[project["id"]] = name
        for section in sorted(self.data.get("sections", []), key=lambda row: row["position"]):
            project = self.projects.get(section["project_id"])
            self.sections[section["id"]] = self.bundle.section(
                project, section["name"], collapsed=bool(section.get("collapsed"))
            )
        for label in self.data.get("labels", []):
            self.bundle.label(label["name"], label.get("color"))
        reminders: dict[str, list[int]] = {}
        for reminder in self.data.get("reminders", []):
            reminders.setdefault(reminder["task_id"], []).append(int(reminder["offset_minutes"]))
        completions: dict[str, list] = {}
        for done in self.data.get("task_completions", []):
            completions.setdefault(done["task_id"], []).append(
                (date.fromisoformat(done["due_date"]), moment(done["completed_at"]))
            )
        for row in self.data.get("tasks", []):
            self.task(row, reminders.get(row["id"], []), completions.get(row["id"], []))

    def task(self, row: dict, reminders: list[int], completions: list) -> None:
        where = f"task “{str(row['title'])[:60]}”"
        section = row.get("section_id")
        self.bundle.add_task(
            DraftTask(
                title=str(row["title"]),
                row=where,
                key=str(row["id"]),
                description=row.get("description") or "",
                project=self.projects.get(row.get("project_id")),
                section=self.sections.get(section) if section else None,
                parent=row.get("parent_id"),
                labels=self.bundle.label_names(where, row.get("labels") or []),
                priority=int(row.get("priority") or 4),
                due_date=date.fromisoformat(row["due_date"]) if row.get("due_date") else None,
                due_time=time.fromisoformat(row["due_time"]) if row.get("due_time") else None,
                recurrence=row.get("recurrence"),
                recur_from_completion=bool(row.get("recur_from_completion")),
                completed=bool(row.get("completed")),
                completed_at=moment(row.get("completed_at")),
                created_at=moment(row.get("created_at")),
                trashed_at=moment(row.get("deleted_at")),
                archived=bool(row.get("archived")),
                position=int(row["position"]) if row.get("position") is not None else None,
                collapsed=bool(row.get("collapsed")),
                reminders=reminders,
                completions=completions,
            )
        )
