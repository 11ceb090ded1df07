"""The app as it is deployed, for tests that need real worker processes.

`gunicorn()` serves the current test database under gunicorn with production settings
(DEBUG off, collected static files, Argon2) on a loopback port, and always stops it.
`Server.only(pid)` sends every new connection to one chosen worker, so a test can show what
each worker does with the same cookie or code; `Browser` is one person's browser.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connections

from bench.measure import request
from bench.pgbouncer import free_port, stop, wait_for
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Production settings want a key for the two-factor secrets; a test that enrols someone in the
# test process encrypts with it too (settings.MFA_ENCRYPTION_KEYS).
MFA_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"test server two-factor key").digest()).decode()
# A worker boots (imports Django and the app) before it takes its first connection.
TIMEOUT = 30


def database_urls() -> dict[str, str]:
    """The test database as the web process reaches it: the app role, and the staff role."""
    db = connections["default"].settings_dict
    where = f"{quote(db['HOST'] or HOST, safe='')}{':' + str(db['PORT']) if db['PORT'] else ''}/{db['NAME']}"
    return {
        "DATABASE_URL": f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@{where}",
        "DATABASE_STAFF_URL": f"postgres://{quote(settings.DATABASE_ROLES['staff'])}@{where}",
    }


def production_password(*users, password: str = PASSWORD) -> None:
    """Give `users` a password the server can check: it has the production hashers, not the suite's."""
    argon2 = Argon2PasswordHasher()
    for user in users:
        type(user).objects.filter(pk=user.pk).update(password=argon2.encode(password, argon2.salt()))


_static_collected = False


def collect_static(env: dict[str, str]) -> None:
    # Production settings serve hashed file names from the collected manifest. Once a run is
    # enough (the sources do not change under it), and each collection rewrites the manifest
    # under any server already reading it.
    global _static_collected
    if not _static_collected:
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=120)
        _static_collected = True


class Server:
    """A running gunicorn: its address, its worker processes and what each of them answered."""

    def __init__(self, port: int, workers: list[int], access_log: Path, log: Path) -> None:
        self.port, self.workers, self.access_log, self.log = port, workers, access_log, log
        self.url = f"http://{HOST}:{port}"

    def served_by(self, request_id: str) -> int:
        """The pid of the worker that answered the request sent with this X-Request-ID."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if found := re.search(rf"^{request_id} <(\d+)>", self.access_log.read_text(), re.MULTILINE):
                return int(found.group(1))
            time.sleep(0.02)
        raise AssertionError(f"no access log line for {request_id}:\n{self.log.read_text()}")

    def _hold(self) -> socket.socket:
        # A request whose headers never end: the sync worker that accepts it waits on it,
        # and takes no other connection until it is finished.
        held = socket.create_connection((HOST, self.port), timeout=TIMEOUT)
        held.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        return held

    def _finish(self, held: socket.socket) -> int:
        request_id = uuid.uuid4().hex
        with held:
            held.sendall(f"X-Request-ID: {request_id}\r\nConnection: close\r\n\r\n".encode())
            while held.recv(65536):
                pass
        return self.served_by(request_id)

    def _probe(self) -> int:
        return self._finish(self._hold())

    @contextmanager
    def only(self, pid: int) -> Iterator[None]:
        """Within the block every new connection is served by worker `pid`.

        Each other worker holds a connection of ours whose request is unfinished. A server
        hands waiting connections out oldest first, so when a probe made after them is
        answered by `pid`, every other worker has taken one and is kept busy.
        """
        held: collections.deque[socket.socket] = collections.deque()
        try:
            held.extend(self._hold() for _ in range(len(self.workers) - 1))
            for _ in range(4 * len(self.workers)):
                served = self._probe()
                if served == pid:
                    break
                # Busy the worker that answered (it is the only free one) and free another.
                held.append(self._hold())
                self._finish(held.popleft())
            else:
                raise AssertionError(f"worker {pid} never took a connection:\n{self.log.read_text()}")
            yield
        finally:
            while held:
                self._finish(held.popleft())

    def each_worker(self) -> Iterator[int]:
        """For each worker in turn, run the loop's body with every request going to it."""
        for pid in self.workers:
            with self.only(pid):
                yield pid


def production_environment(folder: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a production web process on the test database, on plain HTTP.

    `env` adds to and overrides it; emails are written as files to `folder`.
    """
    (folder / "mail").mkdir(exist_ok=True)
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-server-secret-key-" + "x" * 40,
        "MFA_ENCRYPTION_KEYS": MFA_KEY,
        "ALLOWED_HOSTS": HOST,
        **database_urls(),
        # Plain HTTP on loopback: no redirect to HTTPS, cookies sent without TLS.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
        "LOG_LEVEL": "WARNING",
        **(env or {}),
    }


@contextmanager
def gunicorn(folder: Path, *, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Serve the test database's app under gunicorn with `workers` workers; yield the Server.

    `env` adds to and overrides the production settings given here (DATABASE_URL and the
    like). Logs, and emails as files, go to `folder`.
    """
    environment = production_environment(folder, env)
    collect_static(environment)
    port = free_port()
    access_log, log = folder / "access.log", folder / "server.log"
    access_log.touch()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "todo_project.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--graceful-timeout",
        "1",
        "--log-level",
        "info",
        # Not the control socket in the home folder, which every server there would share.
        "--no-control-socket",
        "--access-logfile",
        str(access_log),
        # Which worker answered which request: the tests send their own X-Request-ID.
        "--access-logformat",
        "%({x-request-id}i)s %(p)s %(s)s %(m)s %(U)s %(M)sms %(t)s",
    ]
    with ExitStack() as stack:
        output = stack.enter_context(log.open("w"))
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
        stack.callback(stop, process)
        wait_for(port, process, log)
        pids: list[int] = []
        deadline = time.monotonic() + TIMEOUT
        while len(pids) < workers:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start {workers} workers:\n{log.read_text()}")
            pids = [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", log.read_text())]
            time.sleep(0.05)
        yield Server(port, pids[:workers], access_log, log)


@dataclass
class Page:
    status: int
    location: str
    text: str


class Browser:
    """One person's browser: its own cookies, and a new connection for every request.

    The server closes each connection after its answer, so whichever worker is free takes
    the next request, as it does for a person clicking around.
    """

    def __init__(self, server: Server, cookies: dict[str, str] | None = None) -> None:
        self.server = server
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Page:
        headers = {"X-Request-ID": uuid.uuid4().hex}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        reply = request(HOST, self.server.port, method, path, data, headers, timeout=TIMEOUT)
        assert reply.status, f"{method} {path}: no answer within {TIMEOUT} s"
        for value in reply.cookies:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Page(reply.status, reply.location, reply.body)

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Page:
        if "csrftoken" not in self.cookies:
            self.get(path)  # the form page sets the CSRF cookie
        # Django takes the cookie's secret itself as the form's token.
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]})

    def sign_in(self, email: str, password: str = PASSWORD) -> Page:
        return self.post("/accounts/login/", {"login": email, "password": password})

    def signed_in(self) -> bool:
        page = self.get("/")
        assert page.status == 200 or page.location.startswith("/accounts/login/"), page
        return page.status == 200
