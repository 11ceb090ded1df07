from django.apps import AppConfig
from psycopg import sql


class RemindersConfig(AppConfig):
    name = "reminders"
    # Under the row-level security of the person (todo_project.rls).
    rls_tables = (
        "reminders",
        "reminder_schedule",
        "reminder_deliveries",
        "digest_deliveries",
        "push_subscriptions",
        "calendar_feeds",
    )
    # The person's reminders, what was sent and their push subscriptions, in the export; no
    # deletion step: the rows go by the cascade from users, and a push service forgets a
    # subscription nobody sends to.
    personal_data = "reminders.export.personal_data"
    # The task form's `reminders` field (tasks.forms.other_fields).
    task_form_fields = "reminders.forms.TaskFormFields"

    def ready(self) -> None:
        from reminders import listeners  # noqa: F401  (due_changed, profile_changed)

    def restrict_runtime_privileges(self, cursor, roles: dict[str, str]) -> None:
        """After every migrate: the queue's tables (procrastinate's, owned by the owner) number
        their rows from sequences, which the app role (the web process defers jobs, the worker
        runs them) and the staff role (the scan defers them) must use."""
        cursor.execute(
            "SELECT array_agg(c.relname::text) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relname LIKE 'procrastinate%%'"
        )
        if sequences := cursor.fetchone()[0]:
            cursor.execute(
                sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}, {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, sequences)),
                    sql.Identifier(roles["app"]),
                    sql.Identifier(roles["staff"]),
                )
            )
