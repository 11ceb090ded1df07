from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlatformConfig(AppConfig):
    """The platform: the RLS context, the database roles and their checks, health, logging,
    and the operators' commands that are not about one domain. It imports no domain app;
    domain apps tell it about their tables through their AppConfig (`rls_tables`,
    `rls_exempt_tables`, `restrict_runtime_privileges`), about a person's data
    (`personal_data`, `export_formats`, `personal_data_deletion`: todo_project.personal_data),
    and about the pages a replica may serve (`replica_views`: todo_project.replica)."""

    name = "todo_project"
    verbose_name = "Platform"
    rls_exempt_tables = {"django_admin_log": "written by staff only, through the admin"}

    def ready(self) -> None:
        from todo_project import checks, middleware  # noqa: F401  (registers the system checks and login receivers)
        from todo_project.rls import grant_runtime_privileges

        post_migrate.connect(grant_runtime_privileges, dispatch_uid="grant_runtime_privileges")
