"""bench/lighthouse.sh's helpers, standard library only:

lighthouse_table.py sign-in BASE EMAIL PASSWORD   # prints the session's Cookie header
lighthouse_table.py first-project BASE COOKIE     # prints the path of the sidebar's first project
lighthouse_table.py table DIR                     # the reports in DIR as one Markdown table
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import statistics
import sys
import urllib.parse
import urllib.request
from pathlib import Path

PAGES = ["today", "upcoming", "project", "list"]
PRESETS = ["mobile", "desktop"]


def sign_in(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = web.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    web.open(urllib.request.Request(base + "/accounts/login/", form.encode(), headers={"Referer": base + "/"}))
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def first_project(base: str, cookie: str) -> str:
    page = urllib.request.urlopen(urllib.request.Request(base + "/", headers={"Cookie": cookie})).read().decode()
    return re.search(r'href="(/projects/[0-9a-f-]{36}/)"', page).group(1)


def figures(report: dict) -> dict[str, float]:
    audits, categories = report["audits"], report["categories"]
    return {
        "performance": categories["performance"]["score"] * 100,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "accessibility": categories["accessibility"]["score"] * 100,
    }


def table(folder: Path) -> str:
    lines = [
        "| page | preset | Performance | CLS | LCP | TBT | Accessibility |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in PAGES:
        for preset in PRESETS:
            reports = sorted(folder.glob(f"{page}-{preset}-*.report.json"))
            runs = [figures(json.loads(path.read_text())) for path in reports]
            if not runs:
                continue
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            lines.append(
                f"| {page} | {preset} | {median['performance']:.0f} | {median['cls']:.3f} | {median['lcp']:.1f} s"
                f" | {median['tbt']:.0f} ms | {median['accessibility']:.0f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "sign-in":
        print(sign_in(*args))
    elif command == "first-project":
        print(first_project(*args))
    else:
        print(table(Path(args[0])))
