"""What a file holds, read into plain drafts before anything is saved: tasks, projects,
sections and labels, and what cannot come across, row by row, with the reason.

Each format's reader (interchange.formats) fills a `Bundle`; the preview shows it and the
import (interchange.actions) saves it. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

from tasks.models import MAX_DEPTH, MAX_LABELS_PER_TASK, MAX_PROJECTS, MAX_SECTIONS
from tasks.recurrence import first_date, rule_fields
from todo_project.personal_data import FORMULA_PREFIXES

# The most tasks one file brings: an import is one transaction, answered while the person
# waits (docs/INTERCHANGE.md, "Bounds").
MAX_TASKS = 5000
# The most columns a CSV row may have before the file is refused (each format needs < 30).
MAX_COLUMNS = 200
TITLE_MAX = 200
DESCRIPTION_MAX = 1000
NAME_MAX = {"project": 120, "section": 120, "label": 60}
# The dates a task may have: what a person plans, not a typo of a year.
FIRST_YEAR, LAST_YEAR = 1900, 2200
# How far before its time a reminder may be (reminders.models.MAX_OFFSET_MINUTES).
MAX_OFFSET_MINUTES = 4 * 7 * 24 * 60
MAX_REMINDERS = 5  # a task's own (reminders.actions.MAX_REMINDERS_PER_TASK)
PREVIEW_ROWS = 10
# The losses a preview lists one by one; past them, only how many more there are.
MAX_LOSSES = 500


class Unreadable(ValueError):
    """The file as a whole cannot be read as the format: said to the person in words."""


@dataclass
class Loss:
    """Something of the file that does not come across: where (a row or line number, or a
    task's title) and why."""

    where: str
    what: str


@dataclass
class DraftTask:
    title: str
    row: str  # where the task is in the file, for the preview and a loss
    key: str = ""  # the source's own id, if it has one
    description: str = ""
    project: str | None = None  # a project's name; None: the Inbox
    section: str | None = None
    # The parent, by its `link` in the file; after `Bundle.finish`, by its `ref`.
    parent: str | None = None
    # What sub-tasks name this task by in the file: its key, or a row number where it has none.
    link: str = ""
    labels: list[str] = field(default_factory=list)
    priority: int = 4
    due_date: date | None = None
    due_time: time | None = None
    recurrence: str | None = None
    recur_from_completion: bool = False
    completed: bool = False
    completed_at: datetime | None = None
    created_at: datetime | None = None
    reminders: list[int] = field(default_factory=list)
    completions: list[tuple[date, datetime]] = field(default_factory=list)
    trashed_at: datetime | None = None
    archived: bool = False
    position: int | None = None
    collapsed: bool = False
    # Set by `Bundle.finish`: the key the import remembers (the source id's, or a fingerprint).
    ref: str = ""

    def fingerprint(self, parent_ref: str) -> str:
        parts = [
            self.title,
            self.description,
            self.project or "",
            self.section or "",
            parent_ref,
            ",".join(self.labels),
            str(self.priority),
            str(self.due_date or ""),
            str(self.due_time or ""),
            self.recurrence or "",
            str(self.completed),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class DraftProject:
    name: str
    color: str | None = None
    archived_at: datetime | None = None


@dataclass
class DraftSection:
    project: str
    name: str
    collapsed: bool = False


@dataclass
class Bundle:
    """Everything read from one file, in the file's order (a parent before its sub-tasks)."""

    source: str
    tasks: list[DraftTask] = field(default_factory=list)
    projects: list[DraftProject] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)
    labels: dict[str, str | None] = field(default_factory=dict)  # name -> colour
    losses: list[Loss] = field(default_factory=list)
    timezone: str | None = None
    notes: list[str] = field(default_factory=list)  # about the file as a whole
    more_losses: int = 0

    def lose(self, where: str, what: str) -> None:
        if len(self.losses) < MAX_LOSSES:
            self.losses.append(Loss(where, what))
        else:
            self.more_losses += 1

    def add_task(self, task: DraftTask) -> DraftTask:
        if len(self.tasks) >= MAX_TASKS:
            raise Unreadable(f"The file holds more than {MAX_TASKS:,} tasks; split it into smaller files.")
        self.tasks.append(task)
        return task

    def project(self, name: str | None, **fields) -> str | None:
        """The project named `name` (made a draft once, compared ignoring case), or None."""
        name = clean_name(name, "project")
        if not name:
            return None
        for project in self.projects:
            if project.name.lower() == name.lower():
                return project.name
        if len(self.projects) >= MAX_PROJECTS:
            raise Unreadable(f"The file holds more than {MAX_PROJECTS} projects, the most one can keep.")
        self.projects.append(DraftProject(name, **fields))
        return name

    def section(self, project: str | None, name: str | None, **fields) -> str | None:
        name = clean_name(name, "section")
        if not name or project is None:
            return None
        mine = [section for section in self.sections if section.project == project]
        for section in mine:
            if section.name.lower() == name.lower():
                return section.name
        if len(mine) >= MAX_SECTIONS:
            raise Unreadable(f"A project of the file holds more than {MAX_SECTIONS} sections, the most one can keep.")
        self.sections.append(DraftSection(project, name, **fields))
        return name

    def label_names(self, where: str, names) -> list[str]:
        found = []
        for raw in names:
            name = clean_name(raw, "label")
            if name and name.lower() not in (known.lower() for known in found):
                found.append(self.label(name))
        if len(found) > MAX_LABELS_PER_TASK:
            self.lose(where, f"labels past the {MAX_LABELS_PER_TASK}th: {', '.join(found[MAX_LABELS_PER_TASK:])}")
        return found[:MAX_LABELS_PER_TASK]

    def label(self, name: str, color: str | None = None) -> str:
        for known in self.labels:
            if known.lower() == name.lower():
                return known
        self.labels[name] = color
        return name

    def finish(self) -> Bundle:
        """Check every task (title, text, dates, repeat, reminders) and give each its `ref`, the
        key its import is remembered by; a parent that is not in the file, or would make a
        cycle or go deeper than sub-tasks may, leaves the task at the top, said as a loss."""
        refs: dict[str, DraftTask] = {}
        links: dict[str, DraftTask] = {}
        seen: dict[str, int] = {}
        self.tasks = ordered_by_parent(self, self.tasks)
        for task in self.tasks:
            check_task(self, task)
            parent = links.get(task.parent) if task.parent else None
            if task.parent and parent is None:
                self.lose(task.row, "its parent task is not in the file (or comes after it): it is a top task")
            elif parent is not None and depth(parent, refs) >= MAX_DEPTH:
                self.lose(task.row, f"sub-tasks go at most {MAX_DEPTH} levels deep: it is under the deepest one")
                while depth(parent, refs) >= MAX_DEPTH:
                    parent = refs[parent.parent]
            task.parent = parent.ref if parent is not None else None
            if parent is not None:
                task.project, task.section = parent.project, parent.section
            base = f"id:{task.key}" if task.key else f"row:{task.fingerprint(task.parent or '')}"
            seen[base] = seen.get(base, 0) + 1
            # The same row twice in a file is two tasks: the second is told apart by its count.
            task.ref = hashlib.sha256(f"{self.source}:{base}:{seen[base]}".encode()).hexdigest()
            refs[task.ref] = task
            links[task.link or task.key or task.ref] = task
        return self

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "projects": len(self.projects),
            "sections": len(self.sections),
            "labels": len(self.labels),
        }


def depth(task: DraftTask, refs: dict[str, DraftTask]) -> int:
    level = 0
    while task.parent and level <= MAX_DEPTH:
        task = refs[task.parent]
        level += 1
    return level


def ordered_by_parent(bundle: Bundle, tasks: list[DraftTask]) -> list[DraftTask]:
    """The tasks with each parent before its sub-tasks (a calendar may list a child first). A
    cycle of parents is broken where it closes: that task stays at the top, said as a loss.
    Walked without recursion, so a chain of any length is one pass."""
    by_link = {task.link or task.key: task for task in tasks if task.link or task.key}
    placed: list[DraftTask] = []
    done: set[int] = set()
    for task in tasks:
        chain: list[DraftTask] = []
        on_path: set[int] = set()
        node: DraftTask | None = task
        while node is not None and id(node) not in done and id(node) not in on_path:
            on_path.add(id(node))
            chain.append(node)
            node = by_link.get(node.parent or "")
        if node is not None and id(node) in on_path:
            bundle.lose(chain[-1].row, "its parent tasks go round in a circle: it is a top task")
            chain[-1].parent = None
        for found in reversed(chain):
            done.add(id(found))
            placed.append(found)
    return placed


def clean_text(text: str | None) -> str:
    """Text without NUL bytes and other control characters a database or a page would choke
    on (tabs and line breaks stay), with Windows line breaks made plain."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in text if char >= " " or char in "\n\t").strip()


def add_paragraph(bundle: Bundle, task: DraftTask, text: str) -> None:
    """Add a paragraph to a task's description, up to twice what a description holds (it is
    cut to size later, said as a loss): a file of a million notes stays a bounded string."""
    if len(task.description) > 2 * DESCRIPTION_MAX:
        bundle.lose(task.row, "more notes than its description can hold: left out")
        return
    task.description = f"{task.description}\n\n{text}".strip()


def clean_name(text: str | None, kind: str) -> str:
    name = " ".join(clean_text(text).split())
    return name[: NAME_MAX[kind]].strip()


def check_task(bundle: Bundle, task: DraftTask) -> None:
    """Make the draft fit the app's rules, saying in `bundle.losses` what had to change."""
    task.title = " ".join(clean_text(task.title).split())
    if not task.title:
        task.title = "(no title)"
        bundle.lose(task.row, "it has no title: it is called “(no title)”")
    if task.title.startswith(FORMULA_PREFIXES):
        bundle.lose(task.row, "its title starts like a spreadsheet formula: kept as plain text")
    if len(task.title) > TITLE_MAX:
        bundle.lose(task.row, f"its title is longer than {TITLE_MAX} characters: the rest starts its description")
        task.description = f"…{task.title[TITLE_MAX - 1 :]}\n\n{task.description}".strip()
        task.title = task.title[: TITLE_MAX - 1] + "…"
    task.description = clean_text(task.description)
    if task.priority not in (1, 2, 3, 4):
        bundle.lose(task.row, f"its priority {task.priority} is not 1-4: it is p4")
        task.priority = 4
    if len(task.description) > DESCRIPTION_MAX:
        bundle.lose(task.row, f"its description is longer than {DESCRIPTION_MAX} characters: cut there")
        task.description = task.description[: DESCRIPTION_MAX - 1] + "…"
    if task.due_date is not None and not FIRST_YEAR <= task.due_date.year <= LAST_YEAR:
        bundle.lose(task.row, f"its date {task.due_date.isoformat()} is out of range: it has no date")
        task.due_date = None
    if task.due_date is None:
        task.due_time = None
    check_repeat(bundle, task)
    kept = [offset for offset in task.reminders if 0 <= offset <= MAX_OFFSET_MINUTES]
    if len(kept) != len(task.reminders):
        bundle.lose(task.row, "a reminder after the task is due, or more than four weeks before: left out")
    kept = sorted(set(kept))
    if len(kept) > MAX_REMINDERS:
        bundle.lose(task.row, f"more than {MAX_REMINDERS} reminders: the first {MAX_REMINDERS} are kept")
    task.reminders = kept[:MAX_REMINDERS]


def check_repeat(bundle: Bundle, task: DraftTask) -> None:
    """A repeat needs a due date and a rule the app can compute; else the task keeps its date
    and the repeat is said as a loss."""
    if not task.recurrence:
        task.recurrence = None
        return
    rule = task.recurrence.removeprefix("RRULE:").strip().upper()
    problem = None
    if task.due_date is None:
        problem = "it repeats but has no date: the repeat is left out"
    else:
        try:
            fields = rule_fields(rule)
            if fields.get("FREQ") not in {"HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}:
                problem = f"its repeat {rule} is not one the app keeps: left out"
            elif first_date(rule, task.due_date) is None and "COUNT" not in fields and "UNTIL" not in fields:
                problem = f"its repeat {rule} never falls on a day: left out"
        except (ValueError, KeyError, TypeError, OverflowError):
            problem = f"its repeat {rule} cannot be read: left out"
    if problem:
        bundle.lose(task.row, problem)
        task.recurrence, task.recur_from_completion = None, False
    else:
        task.recurrence = rule
