"""The table of phrases people type into quick add (data/quickadd_phrases.csv), read and scored.

Each row is a phrase and what it must give at a fixed now (Friday 15 January 2027, 10:00 in
Paris) for a person whose projects are Home, Work and "Trip to Lisbon": the title left, date,
time, rule, from completion, project, labels, priority, and a problem when the phrase must
stay in the title with a reason. The expectations are written from Todoist's help pages
("Introduction to dates and time", "Set a recurring due date", source `todoist`), from the
issue that asked for them (`issue`) and from what people type (`typed`), not from the grammar.

A row is `right` when everything matches; `reported` when the parse differs but saved no date,
time or rule and said why in `problems` (a phrase left in the title, never a wrong date);
`wrong` otherwise (silently wrong). Used by test_quickadd_phrases.py and
`python -m bench.quickadd --score`.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tasks.quickadd import QuickAdd, parse

TABLE = Path(__file__).parent / "data" / "quickadd_phrases.csv"
NOW = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROJECTS = ["Home", "Work", "Trip to Lisbon"]
FIELDS = ("title", "date", "time", "rule", "from_completion", "project", "labels", "priority")


@dataclass(frozen=True)
class Row:
    category: str
    source: str
    phrase: str
    expected: dict[str, str]
    date_order: str
    problem: str

    def parse(self) -> QuickAdd:
        return parse(self.phrase, now=NOW, projects=PROJECTS, date_order=self.date_order)


def rows() -> list[Row]:
    with TABLE.open(newline="", encoding="utf-8") as table:
        return [
            Row(
                line["category"],
                line["source"],
                line["phrase"],
                {name: line[name] for name in FIELDS},
                line["date_order"] or "DMY",
                line["problem"],
            )
            for line in csv.DictReader(table)
        ]


def found(quick: QuickAdd) -> dict[str, str]:
    """A parse in the table's terms: every field as text, "" for none."""
    return {
        "title": quick.title,
        "date": quick.due_date.isoformat() if quick.due_date else "",
        "time": quick.due_time.strftime("%H:%M") if quick.due_time else "",
        "rule": quick.recurrence or "",
        "from_completion": "yes" if quick.from_completion else "",
        "project": quick.project or "",
        "labels": " ".join(quick.labels),
        "priority": str(quick.priority or ""),
    }


def outcome(row: Row, quick: QuickAdd) -> str:
    """ "right", "reported" (left in the title with a reason, nothing saved) or "wrong"."""
    told = not row.problem or any(row.problem in problem for problem in quick.problems)
    if found(quick) == row.expected and told:
        return "right"
    if not (quick.due_date or quick.due_time or quick.recurrence) and quick.problems:
        return "reported"
    return "wrong"


def scores(table: list[Row]) -> dict[str, Counter]:
    """Per category (and "all", and "todoist" for the documented phrasings): how many rows of
    each outcome, and "rows"."""
    counts: dict[str, Counter] = {}
    for row in table:
        result = outcome(row, row.parse())
        for name in (row.category, "all", *(["documented by Todoist"] if row.source == "todoist" else [])):
            counts.setdefault(name, Counter()).update(["rows", result])
    return counts
