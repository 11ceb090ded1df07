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
import random
import statistics
import string
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from tasks.quickadd import parse
from tasks.tests.phrases import rows, scores

NOW = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROJECTS = [f"Project {n}" for n in range(300)] + ["Home", "Work"]
WORDS = ["every", "every!", "3rd", "friday", "at", "9am", "tomorrow", "jan", "27", "#Home", "@x", "p1", "until", "feb"]
WORDS += ["30", "starting", "next", "monday", "other", "week", "for", "3", "times", "in", "days", '"', "last", "day"]
FIRST_PARSE = """
import time
started = time.perf_counter()
from datetime import datetime
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
    """Import and first parse, each in a process of its own."""
    found = []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", FIRST_PARSE], capture_output=True, text=True, check=True)
        found.append([float(value) for value in output.stdout.split()])
    imports, parses = [value[0] for value in found], [value[1] for value in found]
    print(f"First parse in a fresh process ({runs} processes): import {statistics.median(imports):.1f} ms")
    print(f"(slowest {max(imports):.1f}), then the first parse {statistics.median(parses):.2f} ms")
    print(f"(slowest {max(parses):.2f}); together {statistics.median(map(sum, found)):.1f} ms median.\n")


def table_timings(repeats: int = 20) -> None:
    table = rows()
    for row in table:  # one warm-up each
        timed(row.phrase, row.date_order)
    timings = [timed(row.phrase, row.date_order) for _ in range(repeats) for row in table]
    print(f"The phrase table ({len(table)} phrases × {repeats}): median {statistics.median(timings):.3f} ms,")
    print(f"p99 {percentile(timings, 0.99):.3f} ms, slowest {max(timings):.3f} ms.\n")


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
