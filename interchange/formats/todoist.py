"""Todoist's CSV, the project template format of Todoist's help ("Format a CSV file to import
into Todoist"): one file is one project, named after the file.

Columns: TYPE (task, section or note, lower case), CONTENT (the task's name with its
@labels, a section's name, a note's text), DESCRIPTION, PRIORITY (1 = p1 … 4 = p4; empty is
p1, as Todoist says), INDENT (1 a top task, 2 its sub-task, …), AUTHOR, RESPONSIBLE, DATE (in
Todoist's words, read by our quick add), DATE_LANG, TIMEZONE, DURATION, DURATION_UNIT,
DEADLINE, DEADLINE_LANG. A note goes into its task's description, under a line that says so.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from pathlib import PurePath

from django.utils.text import get_valid_filename

from interchange.drafts import Bundle, DraftTask, Unreadable, add_paragraph
from interchange.files import csv_rows, records
from tasks.quickadd import NotADate, parse
from tasks.recurrence import rule_words
from todo_project.personal_data import csv_text

NOTE_LINE = "Note from Todoist:"


def read(text: str, filename: str, now: datetime) -> Bundle:
    header, rows = csv_rows(text)
    if "TYPE" not in header or "CONTENT" not in header:
        raise Unreadable("It is not a Todoist CSV: its first line does not name the columns TYPE and CONTENT.")
    bundle = Bundle("todoist")
    project = bundle.project(PurePath(filename).stem or "Todoist")
    reader = Reader(bundle, project, now)
    for where, row in records(header, rows):
        reader.row(where, row)
    return bundle


class Reader:
    def __init__(self, bundle: Bundle, project: str | None, now: datetime):
        self.bundle, self.project, self.now = bundle, project, now
        self.section: str | None = None
        self.parents: list[DraftTask] = []  # the last task at each indent
        self.count = 0

    def row(self, where: str, row: dict[str, str]) -> None:
        kind = row.get("TYPE", "")
        if kind == "task":
            self.task(where, row)
        elif kind == "section":
            self.section = self.bundle.section(self.project, row.get("CONTENT"))
            self.parents = []
        elif kind == "note":
            self.note(where, row)
        elif kind != "meta":  # meta: Todoist's view settings, nothing of the tasks
            self.bundle.lose(where, f"its TYPE “{kind}” is none of task, section or note: left out")

    def task(self, where: str, row: dict[str, str]) -> None:
        words = row.get("CONTENT", "").split()
        labels = [word[1:] for word in words if word.startswith("@") and len(word) > 1]
        title = " ".join(word for word in words if not (word.startswith("@") and len(word) > 1))
        self.count += 1
        task = DraftTask(
            title=title,
            row=where,
            link=f"task {self.count}",
            description=row.get("DESCRIPTION", ""),
            project=self.project,
            section=self.section,
            labels=self.bundle.label_names(where, labels),
            priority=priority(self.bundle, where, row.get("PRIORITY", "")),
        )
        indent = indent_of(self.bundle, where, row.get("INDENT", ""))
        del self.parents[indent - 1 :]
        if self.parents:
            task.parent = self.parents[-1].link
        if len(self.parents) < indent - 1:
            self.bundle.lose(where, "it is indented deeper than the task above allows: it goes under that task")
        self.parents.append(task)
        self.date(task, row)
        self.extras(task, row)
        self.bundle.add_task(task)

    def date(self, task: DraftTask, row: dict[str, str]) -> None:
        words = row.get("DATE", "")
        if not words:
            return
        if row.get("DATE_LANG", "en") not in ("", "en"):
            self.bundle.lose(task.row, f"its date is in the language “{row['DATE_LANG']}”; it is read as English")
        now = self.now
        if row.get("TIMEZONE"):
            try:
                now = now.astimezone(zoneinfo.ZoneInfo(row["TIMEZONE"]))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.bundle.lose(task.row, f"its time zone “{row['TIMEZONE']}” is unknown: your own is used")
        try:
            # A word in front makes the date words the part quick add reads out of a title.
            read = parse(f"x {words}", now=now)
        except NotADate as exc:
            self.bundle.lose(task.row, f"its date “{words}” cannot be read ({exc}): it has no date")
            return
        if read.title != "x" or read.kept_whole:
            self.bundle.lose(task.row, f"its date “{words}” cannot be read: it has no date")
            return
        task.due_date, task.due_time = read.due_date, read.due_time
        task.recurrence, task.recur_from_completion = read.recurrence, read.from_completion

    def extras(self, task: DraftTask, row: dict[str, str]) -> None:
        if row.get("DEADLINE"):
            add_paragraph(self.bundle, task, f"Deadline: {row['DEADLINE']}")
            self.bundle.lose(task.row, "the app has no deadlines: the deadline is a line of its description")
        if row.get("DURATION"):
            unit = row.get("DURATION_UNIT") or "minute"
            self.bundle.lose(task.row, f"the app keeps no durations: {row['DURATION']} {unit}(s) left out")
        if row.get("RESPONSIBLE"):
            self.bundle.lose(task.row, f"the app has no assignees: {row['RESPONSIBLE']} left out")

    def note(self, where: str, row: dict[str, str]) -> None:
        if not self.parents:
            self.bundle.lose(where, "a note with no task above it: left out")
            return
        task = self.parents[-1]
        text = row.get("CONTENT", "")
        if text.startswith("[[file"):
            self.bundle.lose(where, "an attachment: the app keeps no files")
            return
        if row.get("AUTHOR"):
            self.bundle.lose(where, f"a comment's author ({row['AUTHOR']}): the text is kept, not who wrote it")
        add_paragraph(self.bundle, task, f"{NOTE_LINE}\n{text}")


def priority(bundle: Bundle, where: str, value: str) -> int:
    if value in ("", "1", "2", "3", "4"):
        return int(value or 1)
    bundle.lose(where, f"its priority “{value}” is not 1-4: it is p4")
    return 4


def indent_of(bundle: Bundle, where: str, value: str) -> int:
    if value in ("", "1", "2", "3", "4", "5"):
        return int(value or 1)
    bundle.lose(where, f"its indent “{value}” is not 1-5: it is a top task")
    return 1


COLUMNS = ["TYPE", "CONTENT", "DESCRIPTION", "PRIORITY", "INDENT", "AUTHOR", "RESPONSIBLE", "DATE", "DATE_LANG",
           "TIMEZONE"]  # fmt: skip


def write(sections: dict[str, list[dict]], project_id, *, zone) -> tuple[str, str]:
    """One project's live, open tasks (an export's sections) as a Todoist template, and the
    file's name (the project's: Todoist names the project after the file). Its sections in
    order, each task followed by its sub-tasks (INDENT), labels as @words in CONTENT, the date
    and repeat in words quick add and Todoist both read. A template has no done tasks."""
    name = next(project["name"] for project in sections["projects"] if project["id"] == project_id)
    tasks = [
        task
        for task in sections["tasks"]
        if task["project_id"] == project_id and task["deleted_at"] is None and not task["archived"]
        and not task["completed"]
    ]  # fmt: skip
    children: dict = {}
    for task in sorted(tasks, key=lambda task: task["position"]):
        children.setdefault(task["parent_id"], []).append(task)
    rows = []
    for section_id, section in [
        (None, None),
        *((s["id"], s) for s in sections["sections"] if s["project_id"] == project_id),
    ]:
        if section is not None:
            rows.append({"TYPE": "section", "CONTENT": section["name"]})
        for task in children.get(None, []):
            if task["section_id"] == section_id:
                rows += family_rows(task, children, 1, zone)
    filename = get_valid_filename(name) or "project"
    return csv_text(rows, COLUMNS), filename


def family_rows(task: dict, children: dict, indent: int, zone) -> list[dict]:
    rows = [task_row(task, indent, zone)]
    for child in children.get(task["id"], []):
        rows += family_rows(child, children, indent + 1, zone)
    return rows


def task_row(task: dict, indent: int, zone) -> dict:
    labels = " ".join("@" + "_".join(name.split()) for name in task["labels"])
    return {
        "TYPE": "task",
        "CONTENT": f"{task['title']} {labels}".strip(),
        "DESCRIPTION": task["description"] or "",
        "PRIORITY": task["priority"],
        "INDENT": indent,
        "DATE": date_words(task),
        "DATE_LANG": "en" if task["due_date"] else "",
        "TIMEZONE": str(zone) if task["due_date"] else "",
    }


def date_words(task: dict) -> str:
    """The task's date (and time, and repeat) in words: "2027-01-15 at 09:30",
    "every 3rd friday starting 2027-01-15 at 09:30"."""
    if task["due_date"] is None:
        return ""
    words = task["due_date"].isoformat()
    if task["recurrence"]:
        words = f"{rule_words(task['recurrence'], task['recur_from_completion'])} starting {words}"
    if task["due_time"] is not None:
        words += f" at {task['due_time'].strftime('%H:%M')}"
    return words
