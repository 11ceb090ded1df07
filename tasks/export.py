"""What the tasks app keeps about a person, for the account's export.

Declared to the platform in TasksConfig (todo_project.personal_data): `personal_data`, the
app's sections of the JSON export, and `tasks_csv`, the `?format=csv` download. A new table
of a person's in this app joins the export by adding its section to `personal_data`, unless
it holds only the app's own bookkeeping (see `task_submissions` there).
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from tasks.models import ArchivedTask, Label, Project, Section, Task, TaskCompletion, TaskLabel
from tasks.recurrence import rule_words
from todo_project.personal_data import ExportFile, csv_text


def personal_data(user) -> dict[str, list[dict]]:
    """Every row of `user`'s in this app, by section, in a stable order.

    "tasks": live, trashed and archived tasks (each with every column but `user_id`, its
    `labels` by name, and `archived`; `parent_id`, `section_id` and `position` give the
    sub-tasks, sections and the person's own order), oldest first; "projects", "labels" and
    "sections" (in each project's order); "task_completions"
    (the completed occurrences of repeating tasks). Call it inside the person's RLS context
    (a request of theirs).

    Not `task_submissions`: its rows are ids the server itself made (a create form's, an
    Undo's), kept for a day only so that a form sent twice adds one task and an Undo works
    once. They say nothing the person wrote or did that the tasks do not already say, and
    mean nothing outside this server: an importer would have nothing to do with them, and a
    reader of the export would find a list of random ids.
    """
    projects = (
        Project.objects.filter(user=user)
        .order_by("position", "created_at")
        .values("id", "name", "color", "position", "archived_at", "created_at", "updated_at")
    )
    labels = Label.objects.filter(user=user).order_by("created_at").values("id", "name", "color", "created_at")
    sections = (
        Section.objects.filter(user=user)
        .order_by("project_id", "position", "id")
        .values("id", "project_id", "name", "position", "collapsed", "created_at")
    )
    completions = (
        TaskCompletion.objects.filter(user=user)
        .order_by("completed_at")
        .values("id", "task_id", "due_date", "completed_at")
    )
    return {
        "tasks": task_rows(user),
        "projects": list(projects),
        "labels": list(labels),
        "sections": list(sections),
        "task_completions": list(completions),
    }


def task_rows(user) -> list[dict]:
    """The export's "tasks": live, trashed and archived, each with every column but `user_id`,
    its `labels` by name and `archived`, oldest first."""
    columns = [column for column in Task.columns() if column != "user_id"]
    names = TaskLabel.objects.filter(task=OuterRef("pk")).order_by("label__name").values("label__name")
    return [
        {**task, "archived": False}
        for task in Task.objects.filter(user=user)
        .annotate(labels=ArraySubquery(names))
        .order_by("created_at", "id")
        .values(*columns, "labels")
        .iterator()
    ] + [
        # An archived task's labels went with it out of `tasks` (task_labels cascade from it).
        {**task, "labels": [], "archived": True}
        for task in ArchivedTask.objects.filter(user=user).order_by("created_at", "id").values(*columns).iterator()
    ]


def tasks_csv(user) -> ExportFile:
    """The tasks alone, one row each, for a spreadsheet: the columns of `task_rows` (no tasks,
    no columns), with the project's and the section's names beside their ids and the repeat in
    words ("every 3rd friday") beside its RRULE; labels by name, joined by ", "; an empty
    description as an empty cell."""
    tasks = task_rows(user)
    projects = dict(Project.objects.filter(user=user).values_list("id", "name"))
    sections = dict(Section.objects.filter(user=user).values_list("id", "name"))
    rows = [csv_row(task, projects, sections) for task in tasks]
    return ExportFile(csv_text(rows, list(rows[0]) if rows else []), "text/csv", "todo-tasks", "csv")


def csv_row(task: dict, projects: dict, sections: dict) -> dict:
    row = {}
    for name, value in task.items():
        row[name] = ", ".join(value) if isinstance(value, list) else value
        if name == "project_id":
            row["project"] = projects.get(value, "")
        elif name == "section_id":
            row["section"] = sections.get(value, "")
        elif name == "recurrence":
            row["repeat"] = rule_words(value, task["recur_from_completion"]) if value else ""
    row["description"] = task["description"] or ""
    return row
