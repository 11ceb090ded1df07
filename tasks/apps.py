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
    )
