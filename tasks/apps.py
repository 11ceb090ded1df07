from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TasksConfig(AppConfig):
    name = "tasks"

    def ready(self) -> None:
        from tasks import checks, middleware  # noqa: F401  (registers the system check and login receivers)
        from tasks.rls import grant_runtime_privileges

        # Sent once per app at the end of migrate; the tasks app's is enough.
        post_migrate.connect(grant_runtime_privileges, sender=self, dispatch_uid="tasks_grant_privileges")
