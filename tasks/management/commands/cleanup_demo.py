"""Remove every demo user (addresses at @demo.todo.invalid) and, by cascade, their tasks.

Nothing else is touched: real people cannot sign up with that domain. Works in batches of
users, each committed on its own, so it can be interrupted and run again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tasks.maintenance import DEMO_DOMAIN, Progress, staff_connection

DEMO_USERS = "SELECT id FROM users WHERE lower(email) LIKE %(pattern)s"


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="users per transaction")
        parser.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")

    def handle(self, *args, batch_size: int, dry_run: bool, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        pattern = {"pattern": f"%@{DEMO_DOMAIN}"}
        with staff_connection() as conn:
            users, tasks = conn.execute(
                f"SELECT count(*), (SELECT count(*) FROM tasks WHERE user_id IN ({DEMO_USERS})) FROM ({DEMO_USERS}) d",
                pattern,
            ).fetchone()
            if dry_run:
                self.stdout.write(f"Would remove {users:,} demo users and their {tasks:,} tasks.")
                return
            progress = Progress(self.stdout, users, "demo users")
            removed = 0
            while True:
                with conn.transaction():
                    ids = [
                        row[0]
                        for row in conn.execute(f"{DEMO_USERS} LIMIT %(limit)s", {**pattern, "limit": batch_size})
                    ]
                    if not ids:
                        break
                    # Django's own tables point at users without a database cascade.
                    conn.execute(
                        "DELETE FROM account_emailconfirmation WHERE email_address_id IN"
                        " (SELECT id FROM account_emailaddress WHERE user_id = ANY(%s))",
                        [ids],
                    )
                    for table in (
                        "account_emailaddress",
                        "mfa_authenticator",
                        "django_admin_log",
                        "users_groups",
                        "users_user_permissions",
                    ):
                        conn.execute(f"DELETE FROM {table} WHERE user_id = ANY(%s)", [ids])
                    conn.execute("DELETE FROM users WHERE id = ANY(%s)", [ids])  # tasks go by cascade
                removed += len(ids)
                progress.advance(len(ids))
            progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Removed {removed:,} demo users and their {tasks:,} tasks."))
