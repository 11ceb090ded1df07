"""Time quick add's parser (tasks.quickadd.parse) on phrases up to the title's limit.

    .venv/bin/python -m bench.quickadd

Prints the median and the slowest of many runs for each kind of input, after one warm-up
parse (dateparser loads its English data on first use, once per process). The target:
under 5 ms for any input up to 200 characters. Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import random
import statistics
import string
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from tasks.quickadd import parse

NOW = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROJECTS = [f"Project {n}" for n in range(300)] + ["Home", "Work"]
WORDS = ["every", "every!", "3rd", "friday", "at", "9am", "tomorrow", "jan", "27", "#Home", "@x", "p1", "until", "feb"]
WORDS += ["30", "starting", "next", "monday", "other", "week", "for", "3", "times", "in", "days", '"', "last", "day"]


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


def main() -> None:
    rng = random.Random(1)
    parse("warm up tomorrow every day starting jan 27 until dec 31", now=NOW, projects=PROJECTS)
    print("| input | runs | median ms | slowest ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, texts in inputs(rng).items():
        timings = []
        for text in texts:
            started = time.perf_counter()
            parse(text, now=NOW, projects=PROJECTS)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"| {name} | {len(timings)} | {statistics.median(timings):.2f} | {max(timings):.2f} |")


if __name__ == "__main__":
    main()
