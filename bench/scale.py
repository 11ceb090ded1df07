"""Measure the app at size with random people: warm, cold, changes, buffers, operations under load.

    python -m bench.scale --people .data/bench/people.lua --typical EMAIL --password '...'

bench/scale.sh starts the servers and calls this; it expects the app on 127.0.0.1:8100 and the
bare template on :8101 (bench/run.sh's ports), and restarts both itself for the cold run.
Every request of a load goes to another person of the sample (bench/people.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.measure import percentiles, time_changes, wrk

APP, BARE = "http://127.0.0.1:8100", "http://127.0.0.1:8101"
KINDS = {
    "list": "the list, first page",
    "today": "Today",
    "project": "a project (their largest)",
    "deep": "the list, a page in the middle (keyset)",
    "api": "API task list",
}
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(ROOT / "bench" / "people_request.lua")


def manage(*args: str, env: dict | None = None) -> float:
    """Run a manage.py command; its duration in seconds."""
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def people_wrk(kind: str, people: str, connections: int, seconds: int, *, sweep: bool = False) -> dict[str, float]:
    return wrk(APP + "/", None, connections, seconds, script=[SCRIPT, people, kind, "sweep" if sweep else ""])


def read_people(path: str) -> list[dict]:
    """The sample, from the Lua table bench/people.py wrote (one person per line)."""
    pattern = re.compile(r'(\w+) = (?:"((?:[^"\\]|\\.)*)"|(\d+))')
    people = []
    for line in Path(path).read_text().splitlines():
        if "cookie" in line:
            people.append({key: text if number == "" else int(number) for key, text, number in pattern.findall(line)})
    return people


class Load:
    """Two clients reading random people's list pages, each request timed with its moment."""

    def __init__(self, people: list[dict], connections: int = 2) -> None:
        self.people, self.timings, self.stop = people, [], threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(connections)]

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", 8100, timeout=30)
        while not self.stop.is_set():
            person = random.choice(self.people)
            started = time.monotonic()
            conn.request("GET", "/", headers={"Cookie": person["cookie"]})
            response = conn.getresponse()
            response.read()
            self.timings.append((started, (time.monotonic() - started) * 1000, response.status))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def between(self, start: float, end: float) -> dict[str, float]:
        values = sorted(ms for at, ms, status in self.timings if start <= at <= end and status == 200)
        errors = sum(1 for at, _, status in self.timings if start <= at <= end and status != 200)
        if not values:
            return {"n": 0, "p50": 0.0, "p99": 0.0, "errors": errors}
        return {"n": len(values), **percentiles(values), "errors": errors}


def warm(people: str, seconds: int, sweep_seconds: int) -> list[tuple]:
    """Each page: first an unmeasured sweep that serves it to every person of the sample once
    (two threads in step, 16 connections), so that their rows are in memory as a steady
    state has them; then the throughput at 16 connections and the latency at 2."""
    rows = []
    wrk(BARE + "/", None, 2, 2)
    ceiling = wrk(BARE + "/", None, 16, seconds)
    rows.append(("bare template (ceiling)", ceiling, wrk(BARE + "/", None, 2, seconds), ceiling))
    for kind, name in KINDS.items():
        people_wrk(kind, people, 16, sweep_seconds, sweep=True)  # unmeasured
        throughput = people_wrk(kind, people, 16, seconds)
        latency = people_wrk(kind, people, 2, seconds)
        rows.append((name, throughput, latency, ceiling))
    return rows


def print_table(title: str, rows: list[tuple]) -> None:
    print(f"\n{title}\n")
    print("| page | req/s at 16 conns | % of ceiling | p50 ms at 2 | p99 ms at 2 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, throughput, latency, ceiling in rows:
        share = f"{throughput['rps'] / ceiling['rps']:.0%}"
        print(f"| {name} | {throughput['rps']:.0f} | {share} | {latency['p50']:.2f} | {latency['p99']:.2f} |")


def cold(people: list[dict], restart: str, minutes: int) -> None:
    """Restart the database and the app with the OS cache dropped, then read random people's
    lists at 2 connections for `minutes`, reporting each half minute."""
    subprocess.run(["bash", "-c", restart], check=True, cwd=ROOT)
    print(f"\nCold: after `{restart}`; random people's list pages at 2 connections\n")
    print("| seconds after the restart | requests | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with Load(people) as load:
        started = time.monotonic()
        for window in range(minutes * 2):
            time.sleep(max(0.0, started + 30 * (window + 1) - time.monotonic()))
            part = load.between(started + 30 * window, started + 30 * (window + 1))
            print(
                f"| {30 * window}–{30 * (window + 1)} | {part['n']} | {part['p50']:.1f} | {part['p99']:.1f}"
                f" | {part['errors']} |",
                flush=True,
            )


def under_load(people: list[dict], commands: list[list[str]]) -> None:
    """Each operator's command timed while two clients read random people's lists."""
    print("\nOperations at size, while two clients read random people's list pages\n")
    print("| command | seconds | list p50 ms during it | list p99 ms during it | requests |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with Load(people) as load:
        time.sleep(10)
        quiet = load.between(time.monotonic() - 10, time.monotonic())
        print(f"| (none: the 10 s before) | - | {quiet['p50']:.1f} | {quiet['p99']:.1f} | {quiet['n']} |", flush=True)
        for command in commands:
            started = time.monotonic()
            seconds = manage(*command, env={**os.environ, "DEBUG": "true"})
            part = load.between(started, time.monotonic())
            print(
                f"| `{' '.join(command)}` | {seconds:.1f} | {part['p50']:.1f} | {part['p99']:.1f} | {part['n']} |",
                flush=True,
            )


# Adding a column and an index to `tasks` as a release would: the column without a rewrite,
# the index CONCURRENTLY, each DDL giving up after a second instead of queueing writes behind it.
SCHEMA_CHANGE = [
    "SET lock_timeout = '1s'",
    "ALTER TABLE tasks ADD COLUMN bench_note text",
    "CREATE INDEX CONCURRENTLY idx_tasks_bench_note ON tasks (user_id, bench_note) WHERE bench_note IS NOT NULL",
    "DROP INDEX CONCURRENTLY idx_tasks_bench_note",
    "ALTER TABLE tasks DROP COLUMN bench_note",
]


def schema_change() -> None:
    """Time SCHEMA_CHANGE while a writer changes a task every 20 ms; the writer's worst wait."""
    import django
    import psycopg

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
    django.setup()
    from todo_project.operations import admin_url, staff_connection

    waits, stop = [], threading.Event()

    def writer() -> None:
        with staff_connection(autocommit=True) as conn:
            (task,) = conn.execute("SELECT id FROM tasks WHERE deleted_at IS NULL LIMIT 1").fetchone()
            while not stop.is_set():
                started = time.monotonic()
                conn.execute("UPDATE tasks SET title = title WHERE id = %s", [task])
                waits.append((time.monotonic() - started) * 1000)
                time.sleep(0.02)

    thread = threading.Thread(target=writer)
    thread.start()
    print("\nA column and an index added to `tasks` while a writer changes a task every 20 ms\n")
    print("| statement | seconds (tries) | the writer's longest wait, ms |\n| --- | ---: | ---: |")
    try:
        with psycopg.connect(admin_url(), autocommit=True) as conn:
            for statement in SCHEMA_CHANGE:
                before, started, tries = len(waits), time.monotonic(), 1
                while True:
                    try:
                        conn.execute(statement)
                        break
                    except psycopg.errors.LockNotAvailable:
                        # An autovacuum of the table holds a lock the DDL waits for; it yields
                        # after deadlock_timeout (also a second): the release step tries again.
                        tries += 1
                        if tries > 10:
                            raise
                seconds = time.monotonic() - started
                time.sleep(0.1)
                print(
                    f"| `{statement}` | {seconds:.2f} ({tries} {'try' if tries == 1 else 'tries'})"
                    f" | {max(waits[before:], default=0):.1f} |",
                    flush=True,
                )
    finally:
        stop.set()
        thread.join()


def time_api_writes(token: str, rounds: int = 100) -> dict[str, dict[str, float]]:
    """p50 and p99 of the API's create (quick-add text) and complete, over 2 connections."""
    results: dict[str, list[float]] = {"API create": [], "API complete": []}
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(conn, path: str, body: dict) -> tuple[float, dict]:
        started = time.monotonic()
        conn.request("POST", path, json.dumps(body), headers)
        response = conn.getresponse()
        answer = json.loads(response.read() or b"{}")
        if response.status not in (200, 201):  # counted, and the round goes on
            with lock:
                failures.append(f"POST {path}: HTTP {response.status} {answer.get('detail')}")
            raise LookupError(path)
        return (time.monotonic() - started) * 1000, answer

    def worker(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", 8100, timeout=30)
        for i in range(rounds):
            try:
                made, task = call(conn, "/api/v1/tasks", {"text": f"Bench call {number}-{i} tomorrow p2 #Work"})
                done, _ = call(conn, f"/api/v1/tasks/{task['id']}/complete", {})
            except LookupError:
                continue
            with lock:
                results["API create"].append(made)
                results["API complete"].append(done)

    failures: list[str] = []
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for failure in failures:
        print(f"(refused: {failure})")
    return {name: percentiles(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", required=True, help="bench/people.py's output")
    parser.add_argument("--typical", required=True, help="a typical person's email, for the changes")
    parser.add_argument("--password", required=True)
    parser.add_argument("--write-token", help="the typical person's read-and-write API token: time API writes")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--restart", help="shell command that restarts the database and the app, caches dropped")
    parser.add_argument("--cold-minutes", type=int, default=3)
    parser.add_argument("--sweep-seconds", type=int, default=75, help="the warm-up of each page, unmeasured")
    parser.add_argument("--warm-only", action="store_true", help="measure warm, nothing else")
    parser.add_argument("--operations", action="store_true", help="time the operators' commands under load")
    parser.add_argument("--schema-change", action="store_true", help="add a column and an index to tasks under writes")
    args = parser.parse_args()
    people = read_people(args.people)
    print_table("Warm: each request a random person of the sample", warm(args.people, args.seconds, args.sweep_seconds))
    if args.warm_only:
        return
    changes = time_changes(APP, args.typical, args.password, 100)
    if args.write_token:
        changes |= time_api_writes(args.write_token)
    print("\n| change (POST, a typical person) | p50 ms | p99 ms |\n| --- | ---: | ---: |")
    for name, timing in changes.items():
        print(f"| {name} | {timing['p50']:.2f} | {timing['p99']:.2f} |")
    if args.operations:
        under_load(
            people,
            [
                ["recount_tasks"],
                ["archive_tasks", "--completed-before", "90"],
                ["purge_trash", "--older-than", "30"],
            ],
        )
    if args.schema_change:
        schema_change()
    if args.restart:
        cold(people, args.restart, args.cold_minutes)
    else:
        print("\nCold: not measured (no --restart: the database is not this machine's to restart).")


if __name__ == "__main__":
    main()
