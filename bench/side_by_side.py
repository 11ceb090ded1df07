"""Two versions of the app, running at once on the same database, measured in turns.

    python -m bench.side_by_side --before http://127.0.0.1:8102 --after http://127.0.0.1:8103 \
        --bare http://127.0.0.1:8104 --email demo-x-200@demo.todo.invalid --password '...'

On a host shared with other work the load changes from minute to minute, so two full runs of
`bench/run.sh` compare the host as much as the code. Here each page is measured from both
servers one right after the other (which goes first alternates), with the bare template's
ceiling measured again before each page: the same wrk runs as `bench.measure` (16
connections for throughput, 2 for latency, each URL warmed up first). Loopback only.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from bench.measure import LOOPBACK, Session, deep_cursor_path, first_link, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--bare", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    servers = {"before": args.before, "after": args.after}
    for url in (*servers.values(), args.bare):
        if urlsplit(url).hostname not in LOOPBACK:
            raise SystemExit("loopback addresses only")
    sessions = {name: Session(url, args.email, args.password) for name, url in servers.items()}
    paths = {
        "list, first page": "/",
        "list, active": "/?status=active",
        "list, completed": "/?status=completed",
        "list, search": "/?q=milk",
        "list, deep page": deep_cursor_path(sessions["after"], 1),
        "list, by due date": "/?sort=due",
        "list, by priority": "/?sort=priority",
        "Today": "/today/",
        "Upcoming": "/upcoming/",
        "a project": first_link(sessions["after"], "/projects/"),
        "a label": first_link(sessions["after"], "/labels/"),
    }
    columns = "req/s (% of ceiling), p50, p99 ms"
    print(f"| page | ceiling req/s | before: {columns} | after: {columns} |")
    print("| --- | ---: | --- | --- |")
    wrk(args.bare + "/", None, 2, 2)
    for turn, (name, path) in enumerate(paths.items()):
        ceiling = wrk(args.bare + "/", None, 16, args.seconds)["rps"]
        cells = {}
        for version in ("before", "after") if turn % 2 == 0 else ("after", "before"):
            url, cookie = servers[version] + path, sessions[version].cookie
            wrk(url, cookie, 2, 2)
            throughput = wrk(url, cookie, 16, args.seconds)
            latency = wrk(url, cookie, 2, args.seconds)
            share = throughput["rps"] / ceiling
            cells[version] = f"{throughput['rps']:.0f} ({share:.0%}), {latency['p50']:.2f}, {latency['p99']:.2f}"
        print(f"| {name} | {ceiling:.0f} | {cells['before']} | {cells['after']} |", flush=True)


if __name__ == "__main__":
    main()
