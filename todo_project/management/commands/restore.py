"""Restore a backup made by `backup` into a database, then check every table's row count.

--database-url names the target database and a role that may create the tables there (a
superuser, so the tables keep their owner and the policies come back as they were). The
checksum must match the backup's FILE.json. A target that already has tables is refused
unless --force, which replaces them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import CommandError

from todo_project.management.commands.backup import sha256
from todo_project.operations import OperatorCommand, pg_tool, table_counts


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the .dump file written by `backup`")
        parser.add_argument("--database-url", required=True, help="postgres:// URL of the target database")
        parser.add_argument("--force", action="store_true", help="replace what the target database already has")

    def handle(self, *args, file: str, database_url: str, force: bool, **options) -> None:
        path = Path(file)
        manifest_path = path.with_name(path.name + ".json")
        if not path.exists() or not manifest_path.exists():
            raise CommandError(f"need both {path} and {manifest_path}")
        manifest = json.loads(manifest_path.read_text())
        if sha256(path) != manifest["sha256"]:
            raise CommandError(f"{path} does not match its checksum: the file is damaged or not this backup")
        try:
            with psycopg.connect(database_url, autocommit=True) as conn:
                existing = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
            if existing and not force:
                raise CommandError(f"the target database has {existing} tables; use --force to replace them")
            command = [pg_tool("pg_restore"), "--exit-on-error", "--single-transaction", f"--dbname={database_url}"]
            if existing:
                command += ["--clean", "--if-exists"]
            self.say(f"Restoring {path} ...")
            subprocess.run([*command, str(path)], check=True, capture_output=True, text=True)
            with psycopg.connect(database_url) as conn:
                counts = table_counts(conn)
        except psycopg.Error as exc:
            raise CommandError(f"restore failed: {exc}".strip()) from exc
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_restore failed: {exc.stderr.strip()}") from exc
        expected = manifest["row_counts"]
        wrong = {
            t: (expected.get(t), counts.get(t))
            for t in expected.keys() | counts.keys()
            if expected.get(t) != counts.get(t)
        }
        if wrong:
            for table, (want, got) in sorted(wrong.items()):
                self.stderr.write(f"FAIL {table}: {got} rows, the backup had {want}")
            raise CommandError("the restored row counts do not match the backup", returncode=1)
        self.say(self.style.SUCCESS(f"Restored {sum(counts.values()):,} rows in {len(counts)} tables; counts match."))
