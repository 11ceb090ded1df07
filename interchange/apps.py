from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "interchange"
    # Under the row-level security of the person (todo_project.rls).
    rls_tables = ("import_uploads", "imported_tasks")
    # What was imported, in the export (not the files waiting for their "Import": they go
    # with the import, or after a day); no deletion step: the rows go by the cascade from users.
    personal_data = "interchange.export.personal_data"
    export_formats = {
        "ics": ("tasks as iCalendar", "interchange.export.tasks_ics"),
        "todotxt": ("tasks as todo.txt", "interchange.export.tasks_todotxt"),
        "ticktick": ("tasks for TickTick", "interchange.export.tasks_ticktick"),
    }
