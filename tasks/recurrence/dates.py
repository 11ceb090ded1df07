"""A rule and a date to the rule's dates: the first on or after a day, the next after one.

DESIGN §9: `every` moves on from the old due date, `every!` from the day of completion; a
rule spent by COUNT or UNTIL has no next date; a rule on the 29th-31st never skips a short
month, it falls on the month's last day (Jan 31, Feb 28, Mar 31).

Like Todoist, completing an overdue `every` task moves it to the rule's next date after
today, not to the next one after the date it was due: nobody completes it once per missed
day. Rules by the hour (`every 3 hours`) move the time as well as the date: `next_moment`.

Dates run from 0001-01-01 to 9999-12-31 (Python's); a rule with no date left before the end
of the calendar is spent (None), never an error.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

# RRULE's weekday codes, Monday first (dateutil's order, and the order days are written in).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Rules whose occurrences are moments, not days: the task's time moves with them.
BY_THE_CLOCK = {"HOURLY": timedelta(hours=1), "MINUTELY": timedelta(minutes=1)}


def rule_fields(rule: str) -> dict[str, str]:
    """An RRULE value's fields: "FREQ=MONTHLY;BYDAY=3FR" → {"FREQ": "MONTHLY", "BYDAY": "3FR"}."""
    return dict(part.split("=", 1) for part in rule.split(";"))


def without(fields: dict[str, str], *names: str) -> str:
    """The rule of `fields` less some of them."""
    return ";".join(f"{key}={value}" for key, value in fields.items() if key not in names)


def month_day(day: int) -> str:
    """BYMONTHDAY for `day`; from the 29th on, the month's last day where it is shorter
    (Jan 31, Feb 28, Mar 31), never a skipped month."""
    return f"BYMONTHDAY={day}" if day <= 28 else f"BYMONTHDAY={day},-1;BYSETPOS=1"


def anchored(rule: str, start: date) -> str:
    """A monthly or yearly rule without a day of its own, given `start`'s: a month after the 31st
    is the next month's last day at the latest, never a skipped month."""
    if not re.search(r"FREQ=(MONTHLY|YEARLY)", rule) or re.search(r"BY(MONTHDAY|DAY)=", rule):
        return rule
    if "FREQ=YEARLY" in rule and "BYMONTH=" not in rule:
        rule += f";BYMONTH={start.month}"
    return f"{rule};{month_day(start.day)}"


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def until_date(value: str) -> date:
    """UNTIL's day: "20270215" (or "20270215T235959Z") → 15 Feb 2027."""
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def until_value(day: date) -> str:
    """The UNTIL of a rule that ends on `day`, zero-padded whatever the year ("00991231")."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def occurrences(rule: str, start: date) -> Iterator[date]:
    """The rule's dates on and after `start` (a generator; dateutil's rrule does the calendar).
    COUNT is left out: it counts completions (`next_date`). UNTIL ends on its whole day."""
    return dates_from(anchored(rule, start), start)


def dates_from(rule: str, start: date) -> Iterator[date]:
    """The dates of an already anchored `rule` from `start`, stopping at the end of the calendar."""
    fields = rule_fields(rule)
    dates = rrulestr(f"RRULE:{without(fields, 'COUNT', 'UNTIL')}", dtstart=datetime.combine(start, time()))
    if "UNTIL" in fields:
        dates = dates.replace(until=datetime.combine(until_date(fields["UNTIL"]), time.max))
    found = iter(dates)
    while True:
        try:
            yield next(found).date()
        except (StopIteration, ValueError, OverflowError):  # spent, or past 9999-12-31
            return


def first_date(rule: str, start: date) -> date | None:
    """The rule's first date on or after `start`, None when it has none. With an interval and
    given days ("every other monday", "every 3 months on the 1st"), the first such day, and
    every other week (every third month) from there, not from `start`'s week or month."""
    fields = rule_fields(rule)
    if "INTERVAL" in fields and ("BYDAY" in fields or "BYMONTHDAY" in fields):
        start = next(occurrences(without(fields, "INTERVAL"), start), start)
    return next(occurrences(rule, start), None)


def spent(fields: dict[str, str], done: int) -> bool:
    """Whether COUNT is reached by this completion, `done` occurrences having been completed before."""
    return "COUNT" in fields and done + 1 >= int(fields["COUNT"])


def next_date(rule: str, *, due: date, today: date, from_completion: bool, done: int) -> date | None:
    """The next date of a repeating task completed once more, or None when the rule is spent.

    `every` (from the due date): the rule's first date after the old due date and after
    today; an overdue task skips the dates it missed, as in Todoist (the occurrence that was
    due is still the one recorded as done). `every!` (from completion): the first date after
    today, counted from today. `done` is how many occurrences were completed before this one
    (COUNT counts them). For a rule by the hour, the date of `next_moment`.
    """
    found = next_moment(rule, due=due, at=None, today=today, now_time=None, from_completion=from_completion, done=done)
    return found[0] if found else None


def next_moment(
    rule: str, *, due: date, at: time | None, today: date, now_time: time | None, from_completion: bool, done: int
) -> tuple[date, time | None] | None:
    """The next date and time of a repeating task completed once more, or None when it is spent.

    For a rule by the day, week, month or year the date is `next_date`'s and the time `at`
    stays as it is. For a rule by the hour (`every 3 hours`) the time moves: `every` takes
    the first moment of the series that runs from the due date at `at` which comes after
    both that moment and now (`today` at `now_time`); `every!` is now plus the interval. A
    missing `at` or `now_time` counts as midnight.
    """
    fields = rule_fields(rule)
    if spent(fields, done):
        return None
    if fields["FREQ"] in BY_THE_CLOCK:
        due_at, now = datetime.combine(due, at or time()), datetime.combine(today, now_time or time())
        return next_on_the_clock(fields, due_at, now, from_completion)
    day = next_day(fields, due, today, from_completion)
    return (day, at) if day else None


def next_day(fields: dict[str, str], due: date, today: date, from_completion: bool) -> date | None:
    """The first date after the due date and today (`every`), or after today counted from it (`every!`)."""
    if from_completion:
        return next((day for day in occurrences(without(fields, "COUNT"), today) if day > today), None)
    after = max(due, today)
    rule = anchored(without(fields, "COUNT"), due)
    return next((day for day in dates_from(rule, skip_ahead(rule_fields(rule), due, after)) if day > after), None)


def skip_ahead(fields: dict[str, str], start: date, after: date) -> date:
    """A later start for the series that runs from `start`, on or before `after`: from it the
    series has the same dates after `after`, without stepping through the years between."""
    interval = int(fields.get("INTERVAL", 1))
    frequency = fields["FREQ"]
    if frequency in ("DAILY", "WEEKLY"):
        step = interval * (7 if frequency == "WEEKLY" else 1)
        periods = (after - start).days // step - 1
        return start + timedelta(days=step * periods) if periods > 0 else start
    months = (after.year - start.year) * 12 + after.month - start.month
    periods = months // (interval * (12 if frequency == "YEARLY" else 1)) - 1
    if periods <= 0 or frequency not in ("MONTHLY", "YEARLY"):
        return start
    # The first of a month in the series' step: every date of the series in it is still to come.
    later = start.replace(day=1) + relativedelta(months=periods * interval * (12 if frequency == "YEARLY" else 1))
    return later.replace(month=1) if frequency == "YEARLY" else later


def next_on_the_clock(fields: dict[str, str], due: datetime, now: datetime, from_completion: bool):
    """`next_moment` for a rule by the hour or the minute: (date, time), or None past its end."""
    step = BY_THE_CLOCK[fields["FREQ"]] * int(fields.get("INTERVAL", 1))
    try:
        if from_completion:
            found = now + step
        else:
            after = max(due, now)
            found = due + step * ((after - due) // step + 1)
    except OverflowError:  # past 9999-12-31
        return None
    if "UNTIL" in fields and found.date() > until_date(fields["UNTIL"]):
        return None
    return found.date(), found.time()
