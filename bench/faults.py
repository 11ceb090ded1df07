"""Reproduce the faults of issue 11, items 1-4, against a running app; print one Markdown table.

Serve the app with gunicorn, two sync workers, production settings (as bench/run.sh does), then:

    python -m bench.faults --app http://127.0.0.1:8100 \
        --email demo-x-2@demo.todo.invalid --password '...'

It signs in as that person (a demo user of `seed_demo`, say), adds a few tasks of its own
(titled "Faults <run id> ..."), and moves them to the trash when done. What it measures:

1. a signed-out session cookie replayed --replays times (two at a time, so both workers see
   it): how many replays were still signed in;
2. two tabs: the edit form read in tab 1, the task toggled (or moved to the trash) in tab 2
   and acknowledged, and tab 1's form saved with a new title, after tab 2's action or at the
   same moment: how many toggles and trashings the save undid;
3. the same create form (with its one-time `submission` id) posted twice at once, --creates
   times: how many tasks were stored twice (or not at all);
4. a row lock held for --lock-seconds from a separate connection, on the person's
   `task_counts` row (with two toggles in flight, as from two tabs) and then on one task's
   row: how long `/healthz` and the person's toggles took.

--database-url is a superuser connection (it takes the locks and counts rows past row-level
security); it defaults to the embedded server under `.data/` when that is running. `--only
1,3` runs some of them. Loopback addresses only; every wait is bounded by --timeout.

Item 10, slow clients, needs no account or database: it holds --slow-clients connections
open, sending a byte a second, while it asks for /healthz once a second, for --slow-seconds:

    python -m bench.faults --app http://127.0.0.1:8000 --slow-clients 4     # gunicorn itself
    python -m bench.faults --app https://127.0.0.1:8443 --slow-clients 4    # through nginx
"""

from __future__ import annotations

import argparse
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from bench.measure import LOOPBACK, Forms, Reply, Session, request

EMBEDDED_SOCKET = Path(__file__).resolve().parent.parent / ".data" / "postgres"


def send(
    session: Session,
    method: str,
    path: str,
    data: dict | list | None = None,
    *,
    cookie: str | None = None,
    timeout: float = 30,
    ready: threading.Barrier | None = None,
) -> Reply:
    """One request as `session`'s person (or with `cookie`), on a connection of its own, so
    that concurrent ones reach both workers; see `request`."""
    headers = {"Cookie": session.cookie if cookie is None else cookie}
    if data is not None:
        headers["Referer"] = f"http://{session.host}:{session.port}/"
    return request(session.host, session.port, method, path, data, headers, timeout=timeout, ready=ready)


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.run = secrets.token_hex(3)
        self.db = psycopg.connect(args.database_url, autocommit=True)
        found = self.db.execute("SELECT id FROM users WHERE lower(email) = lower(%s)", [args.email]).fetchone()
        if not found:
            raise SystemExit(f"no account {args.email}")
        self.user_id = found[0]
        self.session = Session(args.app, args.email, args.password)
        self.tasks: list[str] = []

    # Helpers

    def form(self, path: str) -> dict[str, str]:
        reply = send(self.session, "GET", path, timeout=self.args.timeout)
        if reply.status != 200:
            raise SystemExit(f"GET {path}: HTTP {reply.status}")
        return Forms.with_field(reply.body, "title")

    def stored(self, title: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM tasks WHERE user_id = %s AND title = %s", [self.user_id, title])
        return [str(row[0]) for row in rows]

    def new_task(self, title: str) -> str:
        fields = self.form("/tasks/new/")
        reply = send(self.session, "POST", "/tasks/new/", {**fields, "title": title}, timeout=self.args.timeout)
        ids = self.stored(title)
        if reply.status != 302 or len(ids) != 1:
            raise SystemExit(f"could not add a task: HTTP {reply.status}")
        self.tasks.append(ids[0])
        return ids[0]

    def state(self, task: str) -> tuple[bool, bool]:
        """(completed, in the trash) as the database has it now."""
        completed, deleted_at = self.db.execute(
            "SELECT completed, deleted_at FROM tasks WHERE id = %s", [task]
        ).fetchone()
        return completed, deleted_at is not None

    def cleanup(self) -> None:
        """Move the tasks this run added to the trash, where they would go by hand."""
        alive = [task for task in self.tasks if not self.state(task)[1]]
        if alive:
            send(self.session, "POST", "/tasks/bulk/", {"action": "trash", "ids": alive, **self.csrf()})

    def csrf(self) -> dict[str, str]:
        return {"csrfmiddlewaretoken": self.session.csrf}

    # 1. Sessions across workers

    def signed_out_cookie(self) -> list[tuple[str, str, str]]:
        tab = Session(self.args.app, self.args.email, self.args.password)
        # Both workers read the session while it is valid (requests two at a time).
        warm = self.pairs(tab, tab.cookie, 4)
        if any(reply.status != 200 for reply in warm):
            raise SystemExit("the new session did not stay signed in")
        out = send(tab, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": tab.csrf}, cookie=tab.cookie)
        if out.status != 302:
            raise SystemExit(f"sign-out: HTTP {out.status}")
        replays = self.pairs(tab, tab.cookie, self.args.replays // 2)
        still = sum(reply.status == 200 for reply in replays)
        return [("1. signed-out cookie replayed", "replays still signed in", f"{still} of {len(replays)}")]

    def pairs(self, session: Session, cookie: str, rounds: int) -> list[Reply]:
        replies: list[Reply] = []
        for _ in range(rounds):
            look = partial(send, session, "GET", "/", cookie=cookie, timeout=self.args.timeout)
            replies += at_once(look, look)
        return replies

    # 2. An edit saved from a form read before a toggle or a trashing

    def stale_edits(self) -> list[tuple[str, str, str]]:
        pool = [self.new_task(f"Faults {self.run} edit {n}") for n in range(5)]
        rows = []
        for action, rounds, noun in (
            ("toggle", self.args.toggles, "toggles"),
            ("delete", self.args.trashings, "trashings"),
        ):
            for together in (False, True):
                acknowledged, undone, saves = self.edits_against(pool, action, rounds, together=together)
                when = "at the same moment as" if together else "after"
                rows.append(
                    (
                        f"2. edit form read before, saved {when} an acknowledged {noun[:-1]}",
                        f"{noun} undone (the saves answered {saves})",
                        f"{undone} of {acknowledged}",
                    )
                )
        return rows

    def edits_against(self, pool: list[str], action: str, rounds: int, *, together: bool) -> tuple[int, int, str]:
        """Tab 1 reads the edit form; tab 2 toggles or trashes; tab 1 saves a new title.

        With `together`, tab 2's action and tab 1's save are sent at the same moment.
        """
        acknowledged = undone = 0
        saves: dict[int, int] = {}
        for number in range(rounds):
            task = pool[number % len(pool)]
            if self.state(task)[1]:
                send(self.session, "POST", f"/trash/{task}/restore/", self.csrf())
            completed = self.state(task)[0]
            tab1 = self.form(f"/tasks/{task}/edit/")
            edited = {**tab1, "title": f"Faults {self.run} {action} {number}"}
            ready = threading.Barrier(2) if together else None
            act = partial(send, self.session, "POST", f"/tasks/{task}/{action}/", self.csrf(), ready=ready)
            save = partial(send, self.session, "POST", f"/tasks/{task}/edit/", edited, ready=ready)
            acted, saved = at_once(act, save) if together else (act(), save())
            if acted.status != 302:
                continue  # not acknowledged: nothing to undo
            acknowledged += 1
            saves[saved.status] = saves.get(saved.status, 0) + 1
            now_completed, now_trashed = self.state(task)
            undone += (now_completed == completed) if action == "toggle" else not now_trashed
        answers = ", ".join(f"{count}× HTTP {status}" for status, count in sorted(saves.items()))
        return acknowledged, undone, answers

    # 3. The same create form posted twice at once

    def double_creates(self) -> list[tuple[str, str, str]]:
        twice = lost = 0
        for number in range(self.args.creates):
            title = f"Faults {self.run} create {number}"
            fields = {**self.form("/tasks/new/"), "title": title}
            if number == 0 and "submission" not in fields:
                raise SystemExit("the create form has no `submission` id")
            post = partial(send, self.session, "POST", "/tasks/new/", fields, ready=threading.Barrier(2))
            at_once(post, post)
            ids = self.stored(title)
            self.tasks += ids
            twice += len(ids) > 1
            lost += not ids
        return [
            ("3. create form posted twice at once", "stored twice", f"{twice} of {self.args.creates}"),
            ("3. create form posted twice at once", "not stored", f"{lost} of {self.args.creates}"),
        ]

    # 4. A row lock held from another connection

    def stuck_rows(self) -> list[tuple[str, str, str]]:
        pool = [self.new_task(f"Faults {self.run} lock {n}") for n in range(2)]
        rows = []
        counts = self.locked("SELECT 1 FROM task_counts WHERE user_id = %s FOR UPDATE", self.user_id, toggles=pool)
        rows += [
            (f"4. `task_counts` row locked {self.args.lock_seconds} s, two toggles", "/healthz took", counts[0]),
            ("", "the two toggles took", counts[1]),
        ]
        task = self.locked("SELECT 1 FROM tasks WHERE id = %s FOR UPDATE", pool[0], toggles=pool[:1])
        rows += [
            (f"4. one task row locked {self.args.lock_seconds} s", "/healthz took", task[0]),
            ("", "its toggle took", task[1]),
        ]
        return rows

    def locked(self, statement: str, row: object, *, toggles: list[str]) -> tuple[str, str]:
        """Hold the lock for --lock-seconds; the toggles start at once, /healthz a second later.

        Every request runs in a thread of its own, so the lock is released on time even when
        nothing answers.
        """
        results: dict[str, Reply] = {}

        def call(key: str, method: str, path: str, data: dict | None = None, cookie: str | None = None) -> None:
            results[key] = send(self.session, method, path, data, cookie=cookie, timeout=self.args.timeout)

        with psycopg.connect(self.args.database_url) as holder:
            holder.execute(statement, [row])
            started = time.perf_counter()
            threads = []
            for task in toggles:
                threads.append(
                    threading.Thread(target=call, args=(task, "POST", f"/tasks/{task}/toggle/", self.csrf()))
                )
                threads[-1].start()
                time.sleep(0.3)
            time.sleep(max(0.0, 1 - (time.perf_counter() - started)))
            threads.append(threading.Thread(target=call, args=("health", "GET", "/healthz", None, "")))
            threads[-1].start()
            time.sleep(max(0.0, self.args.lock_seconds - (time.perf_counter() - started)))
            holder.rollback()
        for thread in threads:
            thread.join(self.args.timeout)
        toggled = ", ".join(took(results.get(task)) for task in toggles)
        return took(results.get("health")), toggled


def at_once(*calls: Callable[[], Reply]) -> list[Reply]:
    """Run each call in a thread of its own, all at once; their replies, in order."""
    replies: list[Reply | None] = [None] * len(calls)

    def run(index: int) -> None:
        replies[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


def slow_clients(url: str, clients: int, seconds: float, kind: str) -> list[tuple[str, str, str]]:
    """Slow clients (slowloris) hold connections open while a probe asks for /healthz each second.

    `kind` "headers": each sends its request headers a byte a second; "body": the headers at
    once, then a form body a byte a second; "mixed": half of each. Each reconnects when the
    server drops it.
    """
    where = urlsplit(url)
    secure = where.scheme == "https"
    port = where.port or (443 if secure else 80)
    context = ssl._create_unverified_context() if secure else None  # loopback, self-signed
    stop = threading.Event()
    drops = [0] * clients

    def connect(timeout: float) -> socket.socket:
        sock = socket.create_connection((where.hostname, port), timeout=timeout)
        return context.wrap_socket(sock, server_hostname=where.hostname) if context else sock

    def slow(number: int) -> None:
        host = f"Host: {where.hostname}\r\n"
        body = kind == "body" or (kind == "mixed" and number % 2)
        quick = f"POST /accounts/login/ HTTP/1.1\r\n{host}Content-Length: 4000\r\n\r\n" if body else ""
        trickle = "a" * 4000 if quick else f"GET /healthz HTTP/1.1\r\n{host}X-Slow: " + "a" * 4000
        while not stop.is_set():
            try:
                with connect(5) as sock:
                    sock.sendall(quick.encode())
                    for byte in trickle.encode():
                        if stop.wait(1):
                            return
                        sock.sendall(bytes([byte]))
            except OSError:
                drops[number] += 1
                stop.wait(0.1)

    threads = [threading.Thread(target=slow, args=(number,), daemon=True) for number in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    answered: list[float] = []
    probes = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        probes += 1
        asked = time.perf_counter()
        try:
            with connect(5) as sock:
                sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {where.hostname}\r\nConnection: close\r\n\r\n".encode())
                if sock.recv(12).startswith(b"HTTP/"):
                    answered.append(time.perf_counter() - asked)
        except OSError:
            pass
        time.sleep(max(0.0, 1 - (time.perf_counter() - asked)))
    stop.set()
    for thread in threads:
        thread.join(2)
    slowest = f"{max(answered):.2f} s" if answered else "-"
    return [
        (
            f"10. {clients} slow clients ({kind}), {seconds:.0f} s",
            "/healthz probes answered (5 s limit)",
            f"{len(answered)} of {probes}",
        ),
        ("", "slowest answer", slowest),
        ("", "slow connections dropped by the server", str(sum(drops))),
    ]


def took(reply: Reply | None) -> str:
    if reply is None:
        return "no answer"
    answer = f"HTTP {reply.status}" if reply.status else "no answer"
    return f"{reply.seconds:.1f} s ({answer})"


def loopback_database(url: str) -> bool:
    host = conninfo_to_dict(url).get("host") or ""
    return all(part in LOOPBACK or part.startswith("/") for part in host.split(","))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="http://127.0.0.1:8100")
    parser.add_argument("--email")
    parser.add_argument("--password")
    embedded = f"postgresql://postgres@/todo?host={EMBEDDED_SOCKET}" if EMBEDDED_SOCKET.exists() else None
    parser.add_argument("--database-url", default=embedded, help="a superuser (default: the embedded server)")
    parser.add_argument("--only", default="1,2,3,4", help="which findings to reproduce, e.g. 1,3")
    parser.add_argument("--replays", type=int, default=12)
    parser.add_argument("--toggles", type=int, default=100, help="rounds of each toggle case")
    parser.add_argument("--trashings", type=int, default=50, help="rounds of each trashing case")
    parser.add_argument("--creates", type=int, default=40)
    parser.add_argument("--lock-seconds", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=40, help="seconds to wait for any one answer")
    parser.add_argument("--slow-clients", type=int, help="only this: slow clients against --app (http or https)")
    parser.add_argument("--slow-seconds", type=float, default=30)
    parser.add_argument("--slow-kind", choices=["headers", "body", "mixed"], default="headers")
    args = parser.parse_args()
    if urlsplit(args.app).hostname not in LOOPBACK:
        raise SystemExit("loopback addresses only")
    if args.slow_clients:
        if not 1 <= args.slow_clients <= 16 or not 5 <= args.slow_seconds <= 120:
            raise SystemExit("keep it small: --slow-clients 1-16, --slow-seconds 5-120")
        print_table(slow_clients(args.app, args.slow_clients, args.slow_seconds, args.slow_kind))
        return
    if not args.email or not args.password:
        raise SystemExit("--email and --password are needed")
    if not args.database_url or not loopback_database(args.database_url):
        raise SystemExit("--database-url: a superuser on a loopback or local-socket server is needed")
    if not 1 <= args.lock_seconds <= 30 or max(args.replays, args.toggles, args.trashings, args.creates) > 500:
        raise SystemExit("keep it small: --lock-seconds 1-30, at most 500 of anything")

    harness = Harness(args)
    findings = {
        "1": harness.signed_out_cookie,
        "2": harness.stale_edits,
        "3": harness.double_creates,
        "4": harness.stuck_rows,
    }
    rows = []
    try:
        for number in args.only.split(","):
            rows += findings[number.strip()]()
    finally:
        harness.cleanup()
    print_table(rows)


def print_table(rows: list[tuple[str, str, str]]) -> None:
    print("| finding | measured | result |")
    print("| --- | --- | --- |")
    for finding, measured, result in rows:
        print(f"| {finding} | {measured} | {result} |")


if __name__ == "__main__":
    main()
