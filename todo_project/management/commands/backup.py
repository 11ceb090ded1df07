"""Back up the database with pg_dump (custom format), with a checksum and the row counts.

pg_dump must read every row, and under FORCE row-level security only a superuser or a
BYPASSRLS role can: give one in DATABASE_BACKUP_URL (the embedded database's superuser is
used when there is none). Writes FILE and FILE.json (sha256, size, row count per table).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.core.management.base import CommandError

from todo_project.operations import OperatorCommand, admin_url, pg_tool, table_counts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="the dump file (default: backups/todo-<UTC time>.dump)")

    def handle(self, *args, output: str | None, **options) -> None:
        url = admin_url()
        if not url:
            raise CommandError("set DATABASE_BACKUP_URL to a superuser or BYPASSRLS role (pg_dump reads every row)")
        stamp = datetime.now(UTC)
        path = Path(output or f"backups/todo-{stamp:%Y%m%d-%H%M%S}.dump")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with psycopg.connect(url) as conn:
                # One snapshot for the counts and the dump, so they agree.
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
                counts = table_counts(conn)
                self.say(f"Dumping {sum(counts.values()):,} rows in {len(counts)} tables to {path} ...")
                subprocess.run(
                    [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={path}", url],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                server = conn.execute("SHOW server_version").fetchone()[0]
        except (psycopg.Error, FileNotFoundError) as exc:
            raise CommandError(f"backup failed: {exc}".strip()) from exc
        except subprocess.CalledProcessError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {exc.stderr.strip()}") from exc
        manifest = {
            "file": path.name,
            "sha256": sha256(path),
            "bytes": path.stat().st_size,
            "created_at": stamp.isoformat(),
            "server_version": server,
            "row_counts": counts,
        }
        path.with_name(path.name + ".json").write_text(json.dumps(manifest, indent=2) + "\n")
        self.say(
            self.style.SUCCESS(f"Backed up to {path} ({manifest['bytes']:,} bytes, sha256 {manifest['sha256'][:12]}…)")
        )
