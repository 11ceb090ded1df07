"""Measure a running app (and the bare ceiling) from loopback; print one Markdown table.

    python -m bench.measure --app http://127.0.0.1:8100 --bare http://127.0.0.1:8101 \
        --typical demo-x-200@demo.todo.invalid --heavy demo-x-1@demo.todo.invalid --password '...'

Reads with wrk (bounded runs of --seconds): 16 connections for throughput, 2 for latency.
Changes (create, toggle, edit, delete) with a small client of its own at 2 connections,
since each needs a fresh CSRF-protected POST. Loopback addresses only.

Also the HTTP pieces the fault script and the tests' gunicorn browser share: `request` (one
request on a connection of its own), `Reply` and `Forms` (what a browser would post).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def login(host: str, port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = SimpleCookie()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            cookies.load(value)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = f"csrftoken={cookies['csrftoken'].value}"
    body = urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    conn.request(
        "POST",
        "/accounts/login/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Referer": f"http://{host}:{port}/"},
    )
    response = conn.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            cookies.load(value)
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login failed: HTTP {response.status}")
    # The CSRF cookie is rotated at login; forms posted later need the new one.
    return f"csrftoken={cookies['csrftoken'].value}; sessionid={cookies['sessionid'].value}"


def wrk(
    url: str, cookie: str | None, connections: int, seconds: int, token: str | None = None, script: list | None = None
) -> dict[str, float]:
    """Requests per second, p50 and p99 (ms) of `url`; `script`: a Lua file and its arguments."""
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script[0]]
        command += ["--", *script[1:]]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if token:  # the API: a personal access token, no cookie
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50%"), "p99": ms("99%")}


class Session:
    """A signed-in HTTP/1.1 connection that can post forms."""

    def __init__(self, base: str, email: str, password: str) -> None:
        where = urlsplit(base)
        self.host, self.port = where.hostname, where.port
        self.cookie = login(self.host, self.port, email, password)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        page = self.get("/")
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def get(self, path: str) -> str:
        self.conn.request("GET", path, headers={"Cookie": self.cookie})
        response = self.conn.getresponse()
        body = response.read().decode()
        if response.status != 200:
            raise SystemExit(f"GET {path}: HTTP {response.status}")
        return body

    def post(self, path: str, data: dict) -> int:
        body = urlencode({**data, "csrfmiddlewaretoken": self.csrf})
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{self.host}:{self.port}/",
        }
        self.conn.request("POST", path, body, headers)
        response = self.conn.getresponse()
        response.read()
        return response.status


class Reply:
    """An answer: status (0 when none came within the time allowed), the redirect's target,
    the body, the cookies it set, and how long it took."""

    def __init__(self, status: int, location: str, body: str, seconds: float, cookies: list[str] | None = None):
        self.status, self.location, self.body, self.seconds = status, location, body, seconds
        self.cookies = cookies or []


def request(
    host: str,
    port: int,
    method: str,
    path: str,
    data: dict | list | None = None,
    headers: dict[str, str] | None = None,
    *,
    timeout: float = 30,
    ready: threading.Barrier | None = None,
) -> Reply:
    """One request on a connection of its own, closed after the answer: whichever worker is
    free takes the next one. `data` is sent as a form. `ready` lets threads connect first and
    then send at the same moment."""
    headers = dict(headers or {})
    body = None
    if data is not None:
        body = urlencode(data, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.connect()
        if ready is not None:
            ready.wait(timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        except OSError:
            return Reply(0, "", "", time.perf_counter() - started)
        return Reply(
            response.status,
            response.getheader("Location", ""),
            text,
            time.perf_counter() - started,
            response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        conn.close()


class Forms(HTMLParser):
    """The fields a browser would submit from each form of a page (no button pressed)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.inside: str | None = None  # "textarea" or "select" while reading one
        self.pending: tuple[str, str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "option" and self.inside == "select" and self.pending:
            name, chosen = self.pending
            if chosen is None or "selected" in a:
                self.pending = (name, a.get("value", ""))
        elif tag == "form":
            self.forms.append([])
        elif not self.forms or "name" not in a or "disabled" in a:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image", "file"):
                self.forms[-1].append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.inside, self.pending = "textarea", (a["name"], "")
        elif tag == "select":
            self.inside, self.pending = "select", (a["name"], None)

    def handle_data(self, data: str) -> None:
        if self.inside == "textarea" and self.pending:
            self.pending = (self.pending[0], self.pending[1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.inside and self.pending:
            name, value = self.pending
            if tag == "textarea" and value.startswith("\n"):
                value = value[1:]  # as browsers read it
            self.forms[-1].append((name, value or ""))
            self.inside = self.pending = None

    @classmethod
    def with_field(cls, page: str, name: str) -> dict[str, str]:
        for form in cls(page).forms:
            if any(field == name for field, _ in form):
                return dict(form)
        raise SystemExit(f"no form with a {name!r} field on the page")


def deep_cursor_path(session: Session, pages: int) -> str:
    path = "/"
    for _ in range(pages):
        match = re.search(r'<a href="([^"]+)" rel="next"', session.get(path))
        if not match:
            break
        path = match.group(1).replace("&amp;", "&")
    return path


def first_link(session: Session, prefix: str, nth: int = 0) -> str:
    """The first (or `nth`) link of the sidebar under `prefix` ("/projects/"): one of the
    person's projects or labels, in the sidebar's order."""
    links = re.findall(rf'href="({re.escape(prefix)}[0-9a-f-]{{36}}/)"', session.get("/"))
    if len(links) <= nth:
        raise SystemExit(f"no {prefix} link number {nth + 1} on the list page (seed_demo makes them)")
    return links[nth]


def task_ids(session: Session) -> list[str]:
    return re.findall(r'id="task-([0-9a-f-]{36})"', session.get("/?status=active"))


def time_changes(base: str, email: str, password: str, requests: int) -> dict[str, dict[str, float]]:
    """p50 and p99 of each change, over 2 connections (threads), `requests` each."""
    results: dict[str, list[float]] = {"create": [], "toggle": [], "edit": [], "delete": []}
    lock = threading.Lock()

    def worker(number: int) -> None:
        session = Session(base, email, password)
        ids = task_ids(session)
        for i in range(requests):
            task = ids[(number * requests + i) % len(ids)]
            steps = [
                ("create", "/tasks/new/", {"title": f"Bench task {number}-{i}", "quick_add": "1"}),
                ("toggle", f"/tasks/{task}/toggle/", {}),
                ("edit", f"/tasks/{task}/edit/", {"title": f"Edited {i}", "inline": "1"}),
                ("delete", f"/tasks/{task}/delete/", {}),
            ]
            for name, path, data in steps:
                started = time.perf_counter()
                status = session.post(path, data)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 302:
                    raise SystemExit(f"POST {path}: HTTP {status}")
                with lock:
                    results[name].append(elapsed)
            session.post(f"/trash/{task}/restore/", {})

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {name: percentiles(values) for name, values in results.items()}


def percentiles(values: list[float]) -> dict[str, float]:
    """p50 and p99 of some timings (ms)."""
    ordered = sorted(values)
    return {"p50": statistics.median(ordered), "p99": ordered[max(int(len(ordered) * 0.99) - 1, 0)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="http://127.0.0.1:8100")
    parser.add_argument("--bare", default="http://127.0.0.1:8101")
    parser.add_argument("--typical", required=True)
    parser.add_argument("--heavy", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--changes", type=int, default=200, help="rounds of changes per connection")
    parser.add_argument("--api-token", help="the typical person's API token: measure the API's task list too")
    args = parser.parse_args()
    for url in (args.app, args.bare):
        if urlsplit(url).hostname not in LOOPBACK:
            raise SystemExit("loopback addresses only")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    rows = []
    # Each URL is warmed up for two seconds, unmeasured, before its runs: the first requests
    # of a worker and of a person's pages are slower (code paths, caches, the person's index
    # pages), and without this the first page measured carried all of it.
    wrk(args.bare + "/", None, 2, 2)
    ceiling = wrk(args.bare + "/", None, 16, args.seconds)
    ceiling_latency = wrk(args.bare + "/", None, 2, args.seconds)
    rows.append(("bare template (ceiling)", "-", ceiling, ceiling_latency))
    for who, email in (("typical", args.typical), ("heavy", args.heavy)):
        session = Session(args.app, email, args.password)
        paths = {
            "list, first page": "/",
            "list, active": "/?status=active",
            "list, completed": "/?status=completed",
            "list, search": "/?q=milk",
            "list, deep page": deep_cursor_path(session, 100 if who == "heavy" else 1),
            "list, by due date": "/?sort=due",
            "list, by priority": "/?sort=priority",
            "Today": "/today/",
            "Upcoming": "/upcoming/",
            "a project": first_link(session, "/projects/"),
            # seed_demo's second project has sections; every project has sub-tasks.
            "a project with sections": first_link(session, "/projects/", 1),
            "a label": first_link(session, "/labels/"),
        }
        for name, path in paths.items():
            wrk(args.app + path, session.cookie, 2, 2)
            throughput = wrk(args.app + path, session.cookie, 16, args.seconds)
            latency = wrk(args.app + path, session.cookie, 2, args.seconds)
            rows.append((name, who, throughput, latency))
    if args.api_token:
        # The API's task list, as a script calls it: the same 50 tasks as the list page, as JSON.
        for name, path in (
            ("API list, first page", "/api/v1/tasks"),
            ("API list, active", "/api/v1/tasks?status=active"),
        ):
            wrk(args.app + path, None, 2, 2, args.api_token)
            throughput = wrk(args.app + path, None, 16, args.seconds, args.api_token)
            latency = wrk(args.app + path, None, 2, args.seconds, args.api_token)
            rows.append((name, "typical", throughput, latency))
    changes = time_changes(args.app, args.typical, args.password, args.changes)

    print("| page | user | req/s at 16 conns | % of ceiling | p50 ms at 2 | p99 ms at 2 |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, who, throughput, latency in rows:
        share = f"{throughput['rps'] / ceiling['rps']:.0%}"
        print(f"| {name} | {who} | {throughput['rps']:.0f} | {share} | {latency['p50']:.2f} | {latency['p99']:.2f} |")
    for name, timing in changes.items():
        print(f"| {name} (POST) | typical | - | - | {timing['p50']:.2f} | {timing['p99']:.2f} |")


if __name__ == "__main__":
    main()
