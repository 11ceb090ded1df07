"""Load the list page of a running server as one signed-in user; print latency and throughput.

    python bench/list_page.py --url http://127.0.0.1:8001 --email bench@example.com \
        --password '...' --requests 2000 --connections 2 --path '/?status=active'

Loopback only, bounded by --requests. Uses the standard library alone, so it runs against
any checkout. Seed the user first with bench/seed_user.py.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


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


def worker(host, port, path, cookie, count, latencies, errors) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    for _ in range(count):
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200:
            errors.append(response.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=2)
    args = parser.parse_args()
    where = urlsplit(args.url)
    if where.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("loopback addresses only")
    cookie = login(where.hostname, where.port, args.email, args.password)
    worker(where.hostname, where.port, args.path, cookie, 50, [], [])  # warm up
    latencies: list[float] = []
    errors: list[int] = []
    per_connection = args.requests // args.connections
    threads = [
        threading.Thread(
            target=worker, args=(where.hostname, where.port, args.path, cookie, per_connection, latencies, errors)
        )
        for _ in range(args.connections)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    ms = sorted(latency * 1000 for latency in latencies)
    print(
        f"{args.path}  n={len(ms)} conns={args.connections} errors={len(errors)}  "
        f"p50={statistics.median(ms):.2f}ms p99={ms[int(len(ms) * 0.99) - 1]:.2f}ms  {len(ms) / elapsed:.0f} req/s"
    )


if __name__ == "__main__":
    main()
