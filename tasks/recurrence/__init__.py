"""Repeating tasks' rules: an RRULE value (RFC 5545, without the "RRULE:" prefix, e.g.
`FREQ=MONTHLY;BYDAY=3FR`) to the dates it falls on (`dates`) and to words (`words`).

Pure functions: no models, no database, no request. dateutil's rrule does the calendar.
"""

from tasks.recurrence.dates import (
    WEEKDAYS,
    anchored,
    days_in_month,
    first_date,
    month_day,
    next_date,
    next_moment,
    occurrences,
    rule_fields,
    until_date,
    until_value,
)
from tasks.recurrence.words import describe, rule_words

__all__ = [
    "WEEKDAYS",
    "anchored",
    "days_in_month",
    "describe",
    "first_date",
    "month_day",
    "next_date",
    "next_moment",
    "occurrences",
    "rule_fields",
    "rule_words",
    "until_date",
    "until_value",
]
