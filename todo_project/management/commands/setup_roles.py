"""Create the owner, app and staff roles and the database, idempotently, on a server you bring.

Connects with --admin-url (a superuser, or a role with CREATEROLE and CREATEDB). Passwords
come from DATABASE_OWNER_PASSWORD, DATABASE_APP_PASSWORD and DATABASE_STAFF_PASSWORD when
set. The app and staff roles get the timeouts of DATABASE_APP_TIMEOUTS and
DATABASE_STAFF_TIMEOUTS (run it again after changing them). With --print-sql nothing is
changed: the SQL is printed for you to run with psql, as on a managed service. The grants on
tables follow after every `migrate`.
"""

from __future__ import annotations

import os

import psycopg
from django.conf import settings
from django.core.management.base import CommandError
from psycopg import sql

from todo_project import database as roles_sql
from todo_project.operations import OperatorCommand


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--admin-url", help="postgres:// URL of an administrator role (not with --print-sql)")
        parser.add_argument(
            "--database", default=settings.DATABASES["default"]["NAME"], help="database name (default: %(default)s)"
        )
        parser.add_argument(
            "--owner-createdb",
            action="store_true",
            help="let the owner create databases (needed to run the test suite against this server)",
        )
        parser.add_argument("--print-sql", action="store_true", help="print the SQL instead of running it")

    def handle(self, *args, admin_url, database: str, owner_createdb: bool, print_sql: bool, **options) -> None:
        roles = settings.DATABASE_ROLES
        passwords = {
            roles[kind]: os.environ.get(f"DATABASE_{kind.upper()}_PASSWORD", "") for kind in ("owner", "app", "staff")
        }
        role_sql = roles_sql.role_statements(
            **roles, owner_can_create_databases=owner_createdb, passwords=passwords, timeouts=settings.DATABASE_TIMEOUTS
        )
        create_db = sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(database), sql.Identifier(roles["owner"])
        )
        schema_sql = roles_sql.database_statements(**roles)

        if print_sql:
            self.print_script(role_sql, create_db, schema_sql, database)
            return
        if not admin_url:
            raise CommandError("--admin-url is required (or use --print-sql)")
        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                for statement in role_sql:
                    conn.execute(statement)
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                    conn.execute(create_db)
                    self.say(f"created database {database}")
                where = f"{conn.info.host}:{conn.info.port}/{database}"
            with psycopg.connect(admin_url, dbname=database, autocommit=True) as conn:
                for statement in schema_sql:
                    conn.execute(statement)
        except psycopg.Error as exc:
            raise CommandError(f"could not set up the roles: {exc}".strip()) from exc
        for role, password in passwords.items():
            if not password:
                self.stderr.write(self.style.WARNING(f"{role} has no password: only trust or peer auth will admit it"))
        self.say(self.style.SUCCESS(f"roles {', '.join(roles.values())} ready on {where}"))

    def print_script(self, role_sql, create_db, schema_sql, database: str) -> None:
        def text(statement) -> str:
            return statement.as_string(None) + ";"

        lines = ['-- Run with psql as an administrator role, e.g. psql "$ADMIN_URL" -f roles.sql']
        lines += [text(s) for s in role_sql]
        lines.append(
            f"SELECT {sql.Literal(create_db.as_string(None)).as_string(None)} "
            f"WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = {sql.Literal(database).as_string(None)})\\gexec"
        )
        lines.append(f"\\connect {sql.Identifier(database).as_string(None)}")
        lines += [text(s) for s in schema_sql]
        self.stdout.write("\n".join(lines))
