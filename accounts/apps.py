from django.apps import AppConfig
from psycopg import sql


class AccountsConfig(AppConfig):
    name = "accounts"
    # Tables with a user_id column that are not under row-level security, and why.
    rls_exempt_tables = {
        "account_emailaddress": "allauth looks addresses up before anyone is signed in",
        "users_groups": "Django's permission tables, written by staff only",
        "users_user_permissions": "Django's permission tables, written by staff only",
        "mfa_authenticator": "allauth reads it during login, before anyone is signed in",
    }
    # Who is staff, in groups or with permissions: written by the admin (the staff role) only.
    # The app role keeps DELETE, for the rows Django removes with a deleted account.
    STAFF_WRITTEN_TABLES = ("auth_group", "auth_group_permissions", "users_groups", "users_user_permissions")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (connects the allauth receivers)

    def restrict_runtime_privileges(self, cursor, roles: dict[str, str]) -> None:
        """After every migrate (todo_project.rls.grant_runtime_privileges): the app role may not
        make anyone staff.

        It may update every column of users but is_staff and is_superuser (User.save leaves
        them out), and not write the group and permission tables; an INSERT of a staff
        member is refused by a trigger (migration 0003). Revoking the table's UPDATE also
        drops the old column grants.
        """
        from accounts.models import PRIVILEGED_FIELDS

        app = sql.Identifier(roles["app"])
        for table in self.STAFF_WRITTEN_TABLES:
            cursor.execute(sql.SQL("REVOKE INSERT, UPDATE ON {} FROM {}").format(sql.Identifier(table), app))
        cursor.execute(
            "SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute"
            " WHERE attrelid = to_regclass('users') AND attnum > 0 AND NOT attisdropped AND attname <> ALL(%s)",
            [sorted(PRIVILEGED_FIELDS)],
        )
        if columns := cursor.fetchone()[0]:
            cursor.execute(sql.SQL("REVOKE UPDATE ON users FROM {}").format(app))
            cursor.execute(
                sql.SQL("GRANT UPDATE ({}) ON users TO {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, columns)), app
                )
            )
