"""What the tasks app keeps about a person, for the account's export (accounts.views.ExportView).

The one function the accounts app calls here: a new table of a person's in this app joins
the export by adding its section to `personal_data`.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from tasks.models import ArchivedTask, Label, Project, Task, TaskCompletion, TaskLabel, TaskSubmission


def personal_data(user) -> dict[str, list[dict]]:
    """Every row of `user`'s in this app, by section, in a stable order.

    "tasks": live, trashed and archived tasks (each with every column but `user_id`, its
    `labels` by name, and `archived`), oldest first; "projects" and "labels"; "task_completions"
    (the completed occurrences of repeating tasks); "task_submissions":
    the one-time ids of the create forms of the last day. Call it inside the person's RLS
    context (a request of theirs).
    """
    columns = [column for column in Task.columns() if column != "user_id"]
    names = TaskLabel.objects.filter(task=OuterRef("pk")).order_by("label__name").values("label__name")
    tasks = [
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
    projects = (
        Project.objects.filter(user=user)
        .order_by("position", "created_at")
        .values("id", "name", "color", "position", "archived_at", "created_at", "updated_at")
    )
    labels = Label.objects.filter(user=user).order_by("created_at").values("id", "name", "color", "created_at")
    completions = (
        TaskCompletion.objects.filter(user=user)
        .order_by("completed_at")
        .values("id", "task_id", "due_date", "completed_at")
    )
    submissions = TaskSubmission.objects.filter(user=user).order_by("created_at").values("submission", "created_at")
    return {
        "tasks": tasks,
        "projects": list(projects),
        "labels": list(labels),
        "task_completions": list(completions),
        "task_submissions": list(submissions),
    }
