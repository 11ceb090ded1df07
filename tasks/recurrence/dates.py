"""A rule and a date to the rule's dates: the first on or after a day, the next after one.

DESIGN §9: `every` moves on from the old due date, `every!` from the day of completion; a
rule spent by COUNT or UNTIL has no next date; a rule on the 29th-31st never skips a short
month, it falls on the month's last day (Jan 31, Feb 28, Mar 31).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

# RRULE's weekday codes, Monday first (dateutil's order, and the order days are written in).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rule_fields(rule: str) -> dict[str, str]:
    """An RRULE value's fields: "FREQ=MONTHLY;BYDAY=3FR" → {"FREQ": "MONTHLY", "BYDAY": "3FR"}."""
    return dict(part.split("=", 1) for part in rule.split(";"))


def without(fields: dict[str, str], name: str) -> str:
    """The rule of `fields` less one of them."""
    return ";".join(f"{key}={value}" for key, value in fields.items() if key != name)


def month_day(day: int) -> str:
    """BYMONTHDAY for `day`; from the 29th on, the month's last day where it is shorter
    (Jan 31, Feb 28, Mar 31), never a skipped month."""
    return f"BYMONTHDAY={day}" if day <= 28 else f"BYMONTHDAY={day},-1;BYSETPOS=1"


def anchored(rule: str, start: date) -> str:
    """A monthly or yearly rule without a day of its own, given `start`'s: a month after the 31st
    is the next month's last day at the latest, never a skipped month."""
    if not re.search(r"FREQ=(MONTHLY|YEARLY)", rule) or re.search(r"BY(MONTHDAY|DAY)=", rule):
        return rule
    if "FREQ=YEARLY" in rule:
        rule += f";BYMONTH={start.month}"
    return f"{rule};{month_day(start.day)}"


def days_in_month(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def occurrences(rule: str, start: date) -> Iterator[date]:
    """The rule's dates on and after `start` (a generator; dateutil's rrule does the calendar)."""
    for moment in rrulestr(f"RRULE:{anchored(rule, start)}", dtstart=datetime.combine(start, time())):
        yield moment.date()


def first_date(rule: str, start: date) -> date | None:
    """The rule's first date on or after `start`, None when it has none. With an interval and
    given days ("every other monday"), the first such day, and every other week from there (not
    from `start`'s week)."""
    fields = rule_fields(rule)
    if "INTERVAL" in fields and "BYDAY" in fields:
        start = next(occurrences(without(fields, "INTERVAL"), start), start)
    return next(occurrences(rule, start), None)


def next_date(rule: str, *, due: date, today: date, from_completion: bool, done: int) -> date | None:
    """The next date of a repeating task completed once more, or None when the rule is spent.

    `every` (from the due date): the first occurrence after the old due date, even if that is
    still in the past (an overdue daily task steps one day at a time, as each was missed).
    `every!` (from completion): the first occurrence after today. `done` is how many
    occurrences were completed before this one (COUNT counts them).
    """
    fields = rule_fields(rule)
    if "COUNT" in fields and done + 1 >= int(fields["COUNT"]):
        return None
    after = today if from_completion else due
    return next((day for day in occurrences(without(fields, "COUNT"), after) if day > after), None)
