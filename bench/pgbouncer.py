"""PgBouncer in transaction mode in front of the app's database, for the bench and its test.

    .venv/bin/python bench/pgbouncer.py 6439 4    # port, server connections; Ctrl-C stops

It serves the database of the `default` alias under the same name, logging in to the
server as the app role and the staff role (clients choose with their user name), with
`pool_mode = transaction`: each transaction gets whichever server connection is free.
Needs Debian's `pgbouncer` package. It asks clients for no password (any local user reaches
the staff pool while it runs): for the bench and the tests on a development machine, never
for a deployment, which should use `auth_type = scram-sha-256` and an auth file.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BINARY = "pgbouncer"


def available() -> bool:
    return shutil.which(BINARY) is not None or Path("/usr/sbin", BINARY).exists()


def config(databases: dict[str, dict], port: int, pool_size: int) -> str:
    """pgbouncer.ini: one entry per (name, Django database settings) pair."""
    lines = ["[databases]"]
    for name, db in databases.items():
        target = {
            "host": db["HOST"] or "127.0.0.1",
            "port": db["PORT"] or "5432",
            "dbname": db["NAME"],
            "user": db["USER"],
            "password": db["PASSWORD"],
        }
        lines.append(f"{name} = " + " ".join(f"{key}={value}" for key, value in target.items() if value))
    lines += [
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        f"listen_port = {port}",
        "unix_socket_dir =",
        # The server login is in each [databases] line; clients are on loopback only.
        "auth_type = any",
        "pool_mode = transaction",
        f"default_pool_size = {pool_size}",
        "max_client_conn = 200",
        "server_reset_query =",
        "ignore_startup_parameters = extra_float_digits,options",
        "log_connections = 0",
        "log_disconnections = 0",
    ]
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_as(db: dict) -> list[str]:
    """PgBouncer refuses to run as root: run it as whoever can reach the server's socket."""
    if os.geteuid() != 0:
        return []
    host = db["HOST"] or ""
    owner = pwd.getpwuid(os.stat(host).st_uid).pw_name if host.startswith("/") else "root"
    return ["-u", owner if owner != "root" else "nobody"]


@contextlib.contextmanager
def running(databases: dict[str, dict], *, port: int | None = None, pool_size: int = 1) -> Iterator[int]:
    """Start PgBouncer for `databases` (name: Django settings), yield its port, stop it."""
    port = port or free_port()
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        ini = Path(folder, "pgbouncer.ini")
        ini.write_text(config(databases, port, pool_size))
        ini.chmod(0o644)
        binary = shutil.which(BINARY) or f"/usr/sbin/{BINARY}"
        first = next(iter(databases.values()))
        log = Path(folder, "pgbouncer.log")
        with log.open("w") as output:
            process = subprocess.Popen([binary, *run_as(first), str(ini)], stdout=output, stderr=output)
        try:
            wait_for(port, process, log)
            yield port
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGINT (PgBouncer: shut down once running queries end; gunicorn: at once), then kill."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited: {log.read_text().strip()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args[0]} did not listen on port {port} within {timeout} s")


def main() -> None:
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
    django.setup()
    from django.conf import settings

    port, pool_size = int(sys.argv[1]), int(sys.argv[2])
    default, staff = settings.DATABASES["default"], settings.DATABASES["staff"]
    databases = {default["NAME"]: default, f"{default['NAME']}_staff": staff}
    # A plain `kill` must stop PgBouncer too: leave through the context manager.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running(databases, port=port, pool_size=pool_size), contextlib.suppress(KeyboardInterrupt):
        print(f"pgbouncer on 127.0.0.1:{port}, transaction mode, {pool_size} server connections per role")
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
