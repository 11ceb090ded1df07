from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    # Under the row-level security of the request's person (todo_project.rls).
    rls_tables = (
        "tasks",
        "tasks_archive",
        "task_counts",
        "task_submissions",
        "projects",
        "labels",
        "task_labels",
        "task_completions",
        "sections",
    )
    # What the app adds to a person's export (todo_project.personal_data): its sections of the
    # JSON, and the tasks as CSV. No deletion step: its rows go with the account, by the
    # database's cascade from users.
    personal_data = "tasks.export.personal_data"
    export_formats = {"csv": ("tasks as CSV", "tasks.export.tasks_csv")}
    # Pages that only read: with DATABASE_REPLICA_URL their GETs read from the replica
    # (todo_project.replica).
    replica_views = (
        "tasks:list",
        "tasks:inbox",
        "tasks:today",
        "tasks:upcoming",
        "tasks:project",
        "tasks:label",
        "tasks:trash",
    )

    def ready(self) -> None:
        # Each worker reads one phrase when it starts, so its first person's quick add is as
        # quick as the next (docs/PERFORMANCE.md, "Quick add").
        from tasks.quickadd import warm

        warm()
