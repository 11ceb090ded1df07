"""A real worker process on the test database, a clock the test moves, and a mail server of our
own on loopback that can hold a message in flight (to kill the worker mid-send).

`Worker` runs `manage.py procrastinate worker` as the Procfile does (the app role, and the staff
role for the scan), with REMINDERS_CLOCK_FILE pointing at a file the test writes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

from django.db import connection

from tests.servers import database_urls

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30


class MailServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take a message. With `hold` set, the answer to a message's end waits
    until the test releases it: the message is in flight, not yet accepted, and a client that
    dies meanwhile has sent nothing."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.accepted: list[Message] = []
        self.hold = False
        self.in_flight = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> MailServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()

    def wait_for(self, count: int, timeout: float = TIMEOUT) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.accepted) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.accepted


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 test mail server")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 hello")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                if not self.take_message():
                    return
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")

    def take_message(self) -> bool:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n"):
            if not line:
                return False
            lines.append(line[1:] if line.startswith(b"..") else line)
        server: MailServer = self.server
        if server.hold:
            server.in_flight.set()
            server.release.wait(TIMEOUT)
            # The client died while the answer was held: nothing was accepted.
            self.request.settimeout(0.2)
            try:
                if self.request.recv(1, socket.MSG_PEEK) == b"":
                    return False
            except OSError:
                pass
            self.request.settimeout(None)
        server.accepted.append(message_from_bytes(b"".join(lines), policy=policy.default))
        self.reply("250 accepted")
        return True


class Clock:
    """The worker's now, in a file it reads (REMINDERS_CLOCK_FILE)."""

    def __init__(self, path: Path, start: datetime) -> None:
        self.path = path
        self.set(start)

    def set(self, moment: datetime) -> None:
        self.now = moment
        self.path.write_text(moment.isoformat())

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.set(self.now + timedelta(**delta))


class Worker:
    def __init__(self, folder: Path, mail: MailServer, clock: Clock | None, name: str = "worker") -> None:
        self.log = folder / f"{name}.log"
        self.env = {
            **os.environ,
            **database_urls(),
            "DEBUG": "true",
            "ENV_FILE": "",
            "EMAIL_URL": mail.url,
            "SITE_URL": "https://todo.example.com",
            "ALLOWED_HOSTS": "todo.example.com",
            "WORKER_CONCURRENCY": "2",
            "REMINDERS_CLOCK_FILE": str(clock.path) if clock else "",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        command = [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "reminders"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + TIMEOUT
        while "Starting worker" not in self.log.read_text() and time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        assert self.process is not None
        DEAD_WORKERS.update(running_workers())
        self.process.kill()
        self.process.wait()


# Workers the test killed: their jobs stay "doing" until the stalled-job retry.
DEAD_WORKERS: set[int] = set()


def running_workers() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT worker_id FROM procrastinate_jobs WHERE status = 'doing'")
        return {row[0] for row in cursor.fetchall()}


def queue_idle(timeout: float = TIMEOUT) -> None:
    """Wait until no job that is due to run is waiting or running (on a live worker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE (status = 'todo' OR"
                " (status = 'doing' AND NOT worker_id = ANY(%s)))"
                " AND (scheduled_at IS NULL OR scheduled_at <= now())",
                [sorted(DEAD_WORKERS)],
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the queue did not empty")


def tick() -> None:
    """What the worker's periodic job does every minute, now: defer it and let it run."""
    from procrastinate.exceptions import AlreadyEnqueued

    from reminders import jobs

    queue_idle()
    # AlreadyEnqueued: the worker's own minute tick is waiting, which is the same job.
    with contextlib.suppress(AlreadyEnqueued):
        jobs.tick.defer(timestamp=int(time.time()))
    queue_idle()


def empty_queue() -> None:
    """The queue's tables are not Django's models, so a test's flush leaves them: empty them."""
    with connection.cursor() as cursor:
        for table in ("procrastinate_events", "procrastinate_jobs", "procrastinate_periodic_defers"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
        cursor.execute("DELETE FROM procrastinate_workers")
    DEAD_WORKERS.clear()
