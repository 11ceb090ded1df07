"""Time quick add's parser (tasks.quickadd.parse), and score it on the table of phrases people type.

    .venv/bin/python -m bench.quickadd            # timings
    .venv/bin/python -m bench.quickadd --score    # the phrase table's score per category

Timings: the first parse in a fresh process (import included, then the parse alone), each
phrase of the table (tasks/tests/data/quickadd_phrases.csv) parsed many times (median, p99,
slowest), and inputs up to the title's 200 characters. Targets: p99 ≤ 2 ms on the table,
the first parse ≤ 50 ms, any input under 5 ms. Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from tasks.quickadd import parse
from tasks.tests.phrases import rows, scores

NOW = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROJECTS = [f"Project {n}" for n in range(300)] + ["Home", "Work"]
WORDS = ["every", "every!", "3rd", "friday", "at", "9am", "tomorrow", "jan", "27", "#Home", "@x", "p1", "until", "feb"]
WORDS += ["30", "starting", "next", "monday", "other", "week", "for", "3", "times", "in", "days", '"', "last", "day"]
# The libraries the app has loaded anyway (Django imports them) come first: what is timed is
# the import of tasks.quickadd (compiling its patterns), then its first parse.
FIRST_PARSE = """
import time, re, dataclasses, calendar
from datetime import datetime
import dateutil.relativedelta, dateutil.rrule
started = time.perf_counter()
from tasks.quickadd import parse
imported = time.perf_counter()
parse("Pay rent every 1st at 9am starting feb 1 #Home @bills p1", now=datetime(2027, 1, 15, 10), projects=["Home"])
parsed = time.perf_counter()
print((imported - started) * 1000, (parsed - imported) * 1000)
"""


def inputs(rng: random.Random) -> dict[str, list[str]]:
    return {
        "plain title": ["Buy oat milk and coffee beans on the way home"] * 50,
        "the issue's example": ["Water the plants every! 3 days at 8am #Home @garden p2"] * 50,
        "everything at once": ['Pay "rent" every 31st at 9am starting feb 1 until dec 31 for 10 times #Home @a @b p1']
        * 50,
        "200 random characters": ["".join(rng.choices(string.printable, k=200)) for _ in range(200)],
        "200 characters of tokens": [" ".join(rng.choices(WORDS, k=60))[:200] for _ in range(200)],
        "a date phrase 20 times": [("tomorrow at 5pm " * 20)[:200]] * 50,
        "a repeat 9 times": [("every 3rd friday at 9am " * 9)[:200]] * 50,
    }


def timed(text: str, date_order: str = "DMY") -> float:
    started = time.perf_counter()
    parse(text, now=NOW, projects=PROJECTS, date_order=date_order)
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def first_parse(runs: int = 7) -> None:
    """Import and first parse, each in a process of its own: with the source compiled to
    bytecode on the way (no cache), and with compiled bytecode (as a deployment has), kept in a
    temporary directory outside the project."""
    with tempfile.TemporaryDirectory() as cache:
        for label, environment in (
            ("no bytecode cache", {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": ""}),
            ("bytecode cached", {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": cache}),
        ):
            env = {**os.environ, **environment}
            subprocess.run([sys.executable, "-c", FIRST_PARSE], env=env, capture_output=True, check=True)
            found = [fresh_process(env) for _ in range(runs)]
            imports, parses = [value[0] for value in found], [value[1] for value in found]
            print(f"First parse in a fresh process, {label} ({runs} processes): import of tasks.quickadd")
            print(f"median {statistics.median(imports):.1f} ms (fastest {min(imports):.1f}), then the first parse")
            print(f"median {statistics.median(parses):.2f} ms (slowest {max(parses):.2f}).\n")


def fresh_process(env: dict) -> list[float]:
    output = subprocess.run([sys.executable, "-c", FIRST_PARSE], env=env, capture_output=True, text=True, check=True)
    return [float(value) for value in output.stdout.split()]


def cpu_timed(text: str, date_order: str = "DMY") -> float:
    """The CPU time of one parse (what a busy host's other processes do not add)."""
    started = time.thread_time()
    parse(text, now=NOW, projects=PROJECTS, date_order=date_order)
    return (time.thread_time() - started) * 1000


def table_timings(repeats: int = 20) -> None:
    table = rows()
    for row in table:  # one warm-up each
        timed(row.phrase, row.date_order)
    for name, clock in (("wall", timed), ("CPU", cpu_timed)):
        timings = [clock(row.phrase, row.date_order) for _ in range(repeats) for row in table]
        median, p99 = statistics.median(timings), percentile(timings, 0.99)
        print(f"The phrase table ({len(table)} phrases × {repeats}), {name} time: median {median:.3f} ms,")
        print(f"p99 {p99:.3f} ms, slowest {max(timings):.3f} ms.")
    print()


def input_timings() -> None:
    rng = random.Random(1)
    print("| input | runs | median ms | slowest ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, texts in inputs(rng).items():
        timings = [timed(text) for text in texts]
        print(f"| {name} | {len(timings)} | {statistics.median(timings):.2f} | {max(timings):.2f} |")


def score() -> None:
    """The share of the table's phrases read exactly right, per category."""
    print("| category | phrases | exactly right | left in the title, said why | silently wrong |")
    print("| --- | ---: | ---: | ---: | ---: |")
    counts = scores(rows())
    order = [name for name in counts if name not in ("all", "documented by Todoist")]
    for name in [*order, "documented by Todoist", "all"]:
        count = counts[name]
        right = f"{count['right']} ({100 * count['right'] / count['rows']:.1f} %)"
        print(f"| {name} | {count['rows']} | {right} | {count['reported']} | {count['wrong']} |")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--score", action="store_true", help="score the phrase table instead of timing")
    if options.parse_args().score:
        score()
        return
    first_parse()
    parse("warm up tomorrow every day starting jan 27 until dec 31", now=NOW, projects=PROJECTS)
    table_timings()
    input_timings()


if __name__ == "__main__":
    main()
