"""Where a page's time goes: each page of one person, served in this process through the WSGI
handler (every middleware, the app role, RLS on), timed and then profiled with cProfile.

    DEBUG=false SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 .venv/bin/python -m bench.profile_pages \
        --email demo-…@demo.todo.invalid [--requests 200] [--top 25] [--page /today/]

Use `bench/run.sh`'s environment (production settings). Prints, per page, the wall time
(median and 90th percentile) and this process' CPU time (median) over `--requests` requests
after a warm-up, the CPU time of its PostgreSQL backend per request (from /proc: the
database on this machine), and the statements each request ran; then the profile of all the pages
together, in this process' CPU time (PostgreSQL's is not in it): the top entries by own time
and by cumulative time. cProfile adds a cost to every Python call, so read its shares as
where the time goes, and the medians (taken without it) as how long it takes. On a busy host
the CPU times hold better than the wall times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "todo_project.settings")
# One connection (one backend, whose CPU time is read) for the whole run.
os.environ.setdefault("CONN_MAX_AGE", "3600")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

PAGES = ["/", "/?status=active", "/?sort=due", "/?sort=priority", "/today/", "/upcoming/"]


def cookie_for(email: str) -> str:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def call(handler: WSGIHandler, path: str, cookie: str) -> tuple[int, bytes]:
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8100",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    status = []
    body = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    content = b"".join(body)
    body.close()
    return int(status[0].split()[0]), content


def backend_cpu() -> float:
    """The CPU seconds this process' PostgreSQL backend has used (Linux, same machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25, help="entries of the profile to print (0: no profile)")
    parser.add_argument("--save", help="also write the profile to this file (pstats)")
    parser.add_argument("--page", action="append", help="a page to profile (several allowed); default: the list pages")
    args = parser.parse_args()
    handler, cookie = WSGIHandler(), cookie_for(args.email)
    pages = args.page or PAGES
    projects = re.findall(r'href="(/projects/[0-9a-f-]{36}/)"', call(handler, "/", cookie)[1].decode())
    if not args.page and projects:
        pages.append(projects[0])
    print("| page | wall ms, median | wall ms, p90 | CPU ms, median | PostgreSQL CPU ms, mean | statements |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        for _ in range(20):
            assert call(handler, page, cookie)[0] == 200, page
        with CaptureQueriesContext(connection) as captured:
            call(handler, page, cookie)
        statements = len([q for q in captured.captured_queries if q["sql"].split()[0] == "SELECT"])
        times, cpu, database = [], [], backend_cpu()
        for _ in range(args.requests):
            started, used = time.perf_counter(), time.process_time()
            call(handler, page, cookie)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        database = (backend_cpu() - database) * 1000 / args.requests
        times.sort()
        print(
            f"| {page} | {statistics.median(times):.2f} | {times[int(len(times) * 0.9)]:.2f}"
            f" | {statistics.median(cpu):.2f} | {database:.2f} | {statements} |"
        )
    if not args.top:
        return
    # CPU time, not wall time: on a shared host a wall clock charges the other processes' turns
    # to whichever function was running.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for page in pages:
        for _ in range(args.requests):
            call(handler, page, cookie)
    profile.disable()
    if args.save:
        profile.dump_stats(args.save)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
