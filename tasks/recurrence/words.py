"""A rule in words, two ways: `rule_words`, the words the edit form's Repeat field shows and
quick add reads back ("every 3rd friday", "every! 2 weeks"), and `describe`, the sentence
shown back to the person ("Every 3rd Friday at 9:00, from the due date").

Both say the rules quick add writes (tasks/quickadd.py), one function per frequency.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time

from tasks.recurrence.dates import WEEKDAYS, rule_fields, until_date
from tasks.wording import MONTH_NAMES, WEEKDAY_NAMES, and_list, clock, full_date, ordinal

DAY_NAMES = dict(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True))  # "MO" → "Monday"
WORKDAYS = "MO,TU,WE,TH,FR"
# "every weekend" is Saturday, as in Todoist: Saturday and Sunday are said day by day.
DAY_SETS = {WORKDAYS: "weekday"}
UNITS = {
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
    "HOURLY": "hour",
    "MINUTELY": "minute",
    "SECONDLY": "second",
}

Fields = dict[str, str]


def interval(fields: Fields) -> int:
    return int(fields.get("INTERVAL", 1))


def monthday(fields: Fields) -> str:
    """BYMONTHDAY's first day: "15", "-1" (the last), "31" (of "31,-1"), or ""."""
    return fields.get("BYMONTHDAY", "").split(",")[0]


def is_nth_weekday(days: str) -> bool:
    """ "3FR", "-1MO", "2MO,4MO": one weekday's places in the month (quick add writes no other
    kind of monthly BYDAY but the workdays)."""
    return re.fullmatch(r"-?[1-5](MO|TU|WE|TH|FR|SA|SU)(,-?[1-5]\1)*", days) is not None


def nth_weekday(days: str) -> tuple[str, str]:
    """ "3FR" → ("3rd", "Friday"); "-1FR" → ("last", "Friday"); "2MO,4MO" → ("2nd and 4th", "Monday")."""
    places = ["last" if int(day[:-2]) == -1 else ordinal(int(day[:-2])) for day in days.split(",")]
    return and_list(places), DAY_NAMES[days[-2:]]


def until(fields: Fields) -> date:
    return until_date(fields["UNTIL"])


def month_days(fields: Fields) -> list[int]:
    """BYMONTHDAY's days when they are a list ("1,15" → [1, 15]); one day with its month-end
    fallback ("31,-1" with BYSETPOS) is a single day."""
    days = fields.get("BYMONTHDAY", "")
    return [int(day) for day in days.split(",")] if days and "BYSETPOS" not in fields else []


def position(number: int) -> str:
    """ "first", "last", "15th": a workday's place in its month."""
    return {1: "first", -1: "last"}.get(number) or ordinal(number)


def workday_positions(fields: Fields) -> list[str] | None:
    """ "every first workday", "every 15th workday, last workday": BYSETPOS over the workdays."""
    if fields.get("BYDAY") != WORKDAYS or "BYSETPOS" not in fields:
        return None
    return [position(int(number)) for number in fields["BYSETPOS"].split(",")]


def day_list(days: list[int]) -> list[str]:
    """[1, 15, -1] → ["1st", "15th", "last day"]."""
    return ["last day" if day == -1 else ordinal(day) for day in days]


# rule_words: the words quick add reads back. None: the unit's words say it ("3 months").


def weekly_words(fields: Fields) -> str | None:
    days = fields.get("BYDAY", "")
    if days in DAY_SETS:
        return DAY_SETS[days]
    if not days:
        return None
    names = ", ".join(DAY_NAMES[code].lower() for code in days.split(","))
    if interval(fields) > 2:
        return f"{interval(fields)} weeks on {names}"
    return f"other {names}" if interval(fields) == 2 else names


def monthly_words(fields: Fields) -> str | None:
    if positions := workday_positions(fields):
        return ", ".join(f"{place} workday" for place in positions)
    if is_nth_weekday(days := fields.get("BYDAY", "")):
        nth, name = nth_weekday(days)
        return f"{nth} {name.lower()}"
    days = day_list(month_days(fields) or ([int(monthday(fields))] if monthday(fields) else []))
    if not days:
        return None
    # With an interval the day is said too: read back from the due date alone, a rule on the
    # 31st would become one on the 30th after a 30-day month.
    return f"{interval(fields)} months on the {', '.join(days)}" if interval(fields) > 1 else ", ".join(days)


def yearly_words(fields: Fields) -> str | None:
    if "BYMONTH" not in fields or not monthday(fields):
        return None
    day = f"{MONTH_NAMES[int(fields['BYMONTH']) - 1][:3].lower()} {monthday(fields)}"
    return f"{interval(fields)} years on {day}" if interval(fields) > 1 else day


def unit_words(fields: Fields) -> str:
    """ "day", "3 weeks"."""
    unit = UNITS[fields["FREQ"]]
    return unit if interval(fields) == 1 else f"{interval(fields)} {unit}s"


def limit_words(fields: Fields) -> str:
    """ " for 3 times", " until 2027-02-15"."""
    count = f" for {fields['COUNT']} times" if "COUNT" in fields else ""
    return count + (f" until {until(fields).isoformat()}" if "UNTIL" in fields else "")


WORDS: dict[str, Callable[[Fields], str | None]] = {
    "DAILY": unit_words,
    "WEEKLY": weekly_words,
    "MONTHLY": monthly_words,
    "YEARLY": yearly_words,
    "HOURLY": unit_words,
    "MINUTELY": unit_words,
}


def rule_words(rule: str, from_completion: bool) -> str:
    """The rule as words the grammar reads back: "every 3rd friday", "every! 2 weeks"."""
    fields = rule_fields(rule)
    words = WORDS.get(fields["FREQ"], unit_words)(fields) or unit_words(fields)
    return f"{'every!' if from_completion else 'every'} {words}{limit_words(fields)}"


# describe: the sentence shown back. None: the unit's sentence says it ("Every 3 months").


def every(fields: Fields) -> str:
    """ "Every", "Every other", "Every 3 months on"."""
    count = interval(fields)
    if count == 1:
        return "Every"
    return "Every other" if count == 2 else f"Every {count} {UNITS[fields['FREQ']]}s on"


def weekly_sentence(fields: Fields) -> str | None:
    days = fields.get("BYDAY", "")
    if days in DAY_SETS:
        return f"{every(fields)} {DAY_SETS[days]}"
    if not days:
        return None
    return f"{every(fields)} {and_list([DAY_NAMES[code] for code in days.split(',')])}"


def monthly_sentence(fields: Fields) -> str | None:
    if positions := workday_positions(fields):
        return f"{every(fields)} {and_list(positions)} workday of the month"
    if is_nth_weekday(days := fields.get("BYDAY", "")):
        return f"{every(fields)} {' '.join(nth_weekday(days))}"
    if len(month_days(fields)) > 1:
        return f"{every(fields)} {and_list(day_list(month_days(fields)))} of the month"
    if monthday(fields) == "-1":
        return f"{every(fields)} last day of the month"
    if not monthday(fields):
        return None
    day = ordinal(int(monthday(fields)))
    text = f"{every(fields)} the {day}" if interval(fields) > 1 else f"{every(fields)} {day} of the month"
    return text + (" (or the month's last day)" if "BYSETPOS" in fields else "")


def yearly_sentence(fields: Fields) -> str | None:
    if "BYMONTH" not in fields:
        return None
    return f"{every(fields)} {int(monthday(fields))} {MONTH_NAMES[int(fields['BYMONTH']) - 1]}"


def unit_sentence(fields: Fields) -> str:
    """ "Every day", "Every 3 weeks"."""
    return f"Every {unit_words(fields)}"


def limit_sentence(fields: Fields) -> str:
    """ ", 3 times", ", until 15 Feb 2027"."""
    count = f", {fields['COUNT']} times" if "COUNT" in fields else ""
    return count + (f", until {full_date(until(fields))}" if "UNTIL" in fields else "")


SENTENCES: dict[str, Callable[[Fields], str | None]] = {
    "DAILY": unit_sentence,
    "WEEKLY": weekly_sentence,
    "MONTHLY": monthly_sentence,
    "YEARLY": yearly_sentence,
}


def describe(rule: str, from_completion: bool, at: time | None = None, time_format: str = "24h") -> str:
    """The rule as a person reads it: "Every 3rd Friday at 9:00, from the due date" ("at 9:00 am"
    on a 12-hour clock)."""
    fields = rule_fields(rule)
    text = SENTENCES.get(fields["FREQ"], unit_sentence)(fields) or unit_sentence(fields)
    # By the hour, the time is where the series stands, not a time of day it keeps.
    by_the_clock = fields["FREQ"] in ("HOURLY", "MINUTELY")
    at_time = f" {'from' if by_the_clock else 'at'} {clock(at, time_format, padded=False)}" if at is not None else ""
    return f"{text}{at_time}{limit_sentence(fields)}, {'from completion' if from_completion else 'from the due date'}"
