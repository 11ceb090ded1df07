"""Dates, counts and lists in words, for every page and message: "Today", "Fri 16 Jan",
"Today · Mon 30 Nov", "3 tasks", "Monday, Wednesday and Friday", and times of day on the
person's clock: "17:30" or "5:30 pm".

Pure functions, no Django. "This year", "today" and "tomorrow" are the person's: the caller
passes their `today`, never the server's. The names are written out rather than taken from
strftime, whose %a and %b follow the server's locale.
"""

from __future__ import annotations

from datetime import date, time

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
MONTH_NAMES += ("October", "November", "December")


def plural(count: int, noun: str) -> str:
    """ "1 task", "3 tasks"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def ordinal(number: int) -> str:
    """ "1st", "2nd", "3rd", "11th", "22nd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def and_list(names: list[str]) -> str:
    """ "Monday", "Monday and Friday", "Monday, Wednesday and Friday"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def weekday(day: date) -> str:
    """ "Monday"."""
    return WEEKDAY_NAMES[day.weekday()]


def day_month(day: date) -> str:
    """ "16 Jan"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def full_date(day: date) -> str:
    """ "16 Jan 2027"."""
    return f"{day_month(day)} {day.year}"


def short_date(day: date, today: date) -> str:
    """ "16 Jan", with the year when it is not `today`'s: "16 Jan 2028"."""
    return day_month(day) if day.year == today.year else full_date(day)


def due_words(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Yesterday", a weekday within the week ahead ("Fri"), else
    "12 Jan" (with the year when it is not this one)."""
    offset = (day - today).days
    if -1 <= offset <= 1:
        return ("Yesterday", "Today", "Tomorrow")[offset + 1]
    if 1 < offset < 7:
        return weekday(day)[:3]
    return short_date(day, today)


def due_kind(day: date, today: date) -> str:
    """How near a due date is, as Todoist colours it: "overdue", "today", "tomorrow", "week" (the
    days `due_words` names by weekday), or "" (later)."""
    offset = (day - today).days
    if offset < 0:
        return "overdue"
    return {0: "today", 1: "tomorrow"}.get(offset) or ("week" if offset < 7 else "")


def clock(at: time, fmt: str = "24h", *, padded: bool = True) -> str:
    """A time of day on the person's clock: "09:05" (or "9:05" when not `padded`) with "24h",
    "9:05 am", "12:00 pm" (noon), "12:30 am" (after midnight) with "12h"."""
    if fmt == "12h":
        return f"{(at.hour % 12) or 12}:{at.minute:02d} {'am' if at.hour < 12 else 'pm'}"
    return f"{at:%H:%M}" if padded else f"{at.hour}:{at.minute:02d}"


def day_name(day: date, today: date) -> str:
    """ "Fri 16 Jan" (with the year when it is not this one)."""
    return f"{weekday(day)[:3]} {short_date(day, today)}"


def day_heading(day: date, today: date) -> str:
    """A day's heading in an agenda: "Today · Mon 30 Nov", "Tomorrow · Tue 1 Dec", then
    "Wednesday 2 Dec"."""
    offset = (day - today).days
    if offset in (0, 1):
        return f"{('Today', 'Tomorrow')[offset]} · {weekday(day)[:3]} {day_month(day)}"
    return f"{weekday(day)} {day_month(day)}"
