"""What the tasks app keeps about a person, for the account's export (accounts.views.ExportView).

The one function the accounts app calls here: a new table of a person's in this app joins
the export by adding its section to `personal_data`.
"""

from __future__ import annotations

from tasks.models import ArchivedTask, Task, TaskSubmission


def personal_data(user) -> dict[str, list[dict]]:
    """Every row of `user`'s in this app, by section, in a stable order.

    "tasks": live, trashed and archived tasks (each with every column but `user_id`, and
    `archived`), oldest first; "task_submissions": the one-time ids of the create forms of the
    last day. Call it inside the person's RLS context (a request of theirs).
    """
    columns = [column for column in Task.columns() if column != "user_id"]
    tasks = [
        {**task, "archived": archived}
        for model, archived in ((Task, False), (ArchivedTask, True))
        for task in model.objects.filter(user=user).order_by("created_at", "id").values(*columns).iterator()
    ]
    submissions = TaskSubmission.objects.filter(user=user).order_by("created_at").values("submission", "created_at")
    return {"tasks": tasks, "task_submissions": list(submissions)}
