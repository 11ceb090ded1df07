"""Repeating tasks' rules without a database: an RRULE and a date to the next dates, and an
RRULE to words (DESIGN §9).

`every` moves on from the old due date, `every!` from the day of completion; COUNT and UNTIL
spend a rule; a rule on the 29th-31st falls on a short month's last day, never skipping it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.recurrence import days_in_month, describe, first_date, next_date, next_moment, occurrences, rule_words


def completed_on_their_days(rule: str, due: date, count: int, *, from_completion: bool = False) -> list[date]:
    """The dates a task takes when each occurrence is completed on the day it falls due."""
    found = [due]
    for done in range(count - 1):
        due = next_date(rule, due=due, today=due, from_completion=from_completion, done=done)
        if due is None:
            break
        found.append(due)
    return found


# Next dates: every and every!


def test_an_overdue_task_moves_on_to_its_next_date_after_today():
    """`every`: the rule's next date after today, counted from the old due date (the missed
    ones are skipped, as in Todoist); `every!`: the first date after today, counted from today."""
    rule, due, today = "FREQ=DAILY;INTERVAL=3", date(2027, 1, 1), date(2027, 1, 10)
    assert next_date(rule, due=due, today=today, from_completion=False, done=0) == date(2027, 1, 13)
    assert next_date(rule, due=due, today=date(2027, 1, 11), from_completion=False, done=0) == date(2027, 1, 13)
    assert next_date(rule, due=due, today=today, from_completion=True, done=0) == date(2027, 1, 13)
    weekly = "FREQ=WEEKLY;BYDAY=MO"
    assert next_date(weekly, due=date(2027, 1, 4), today=today, from_completion=True, done=0) == date(2027, 1, 11)


def test_every_bang_month_counts_from_the_day_of_completion():
    rule = "FREQ=MONTHLY"  # what quick add writes for "every! month" (test_quickadd.py)
    assert next_date(rule, due=date(2027, 2, 10), today=date(2027, 2, 9), from_completion=True, done=0) == date(
        2027, 3, 9
    )
    assert next_date(rule, due=date(2027, 1, 31), today=date(2027, 1, 31), from_completion=True, done=0) == date(
        2027, 2, 28
    )
    every_two = "FREQ=MONTHLY;INTERVAL=2"
    assert next_date(every_two, due=date(2027, 3, 10), today=date(2027, 3, 5), from_completion=True, done=0) == date(
        2027, 5, 5
    )


def test_a_task_completed_early_moves_on_from_its_due_date_not_from_today():
    rule = "FREQ=WEEKLY;BYDAY=FR"
    due, today = date(2027, 1, 15), date(2027, 1, 12)
    assert next_date(rule, due=due, today=today, from_completion=False, done=0) == date(2027, 1, 22)
    assert next_date(rule, due=due, today=today, from_completion=True, done=0) == date(2027, 1, 15)


def test_every_other_week_keeps_to_its_own_weeks():
    assert completed_on_their_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", date(2027, 1, 15), 5) == [
        date(2027, 1, 15),
        date(2027, 1, 25),
        date(2027, 1, 29),
        date(2027, 2, 8),
        date(2027, 2, 12),
    ]


# Next dates: a spent rule


def test_a_repeat_is_spent_after_its_count_or_its_end_date():
    assert (
        next_date("FREQ=DAILY;COUNT=2", due=date(2027, 1, 1), today=date(2027, 1, 1), from_completion=False, done=1)
        is None
    )
    rule = "FREQ=DAILY;UNTIL=20270103"
    assert next_date(rule, due=date(2027, 1, 2), today=date(2027, 1, 2), from_completion=False, done=0) == date(
        2027, 1, 3
    )
    assert next_date(rule, due=date(2027, 1, 3), today=date(2027, 1, 3), from_completion=False, done=1) is None


def test_count_counts_the_completed_occurrences_not_the_dates_left():
    assert completed_on_their_days("FREQ=WEEKLY;BYDAY=MO;COUNT=3", date(2027, 1, 4), 10) == [
        date(2027, 1, 4),
        date(2027, 1, 11),
        date(2027, 1, 18),
    ]
    late = {"due": date(2027, 1, 4), "today": date(2027, 3, 1), "done": 0}
    assert next_date("FREQ=WEEKLY;BYDAY=MO;COUNT=3", from_completion=True, **late) == date(2027, 3, 8)


def test_every_bang_past_its_end_date_is_spent():
    rule = "FREQ=DAILY;UNTIL=20270131"
    assert next_date(rule, due=date(2027, 1, 20), today=date(2027, 1, 30), from_completion=True, done=0) == date(
        2027, 1, 31
    )
    assert next_date(rule, due=date(2027, 1, 20), today=date(2027, 2, 3), from_completion=True, done=0) is None


def test_a_rule_ended_before_its_start_has_no_first_date():
    assert first_date("FREQ=DAILY;UNTIL=20270101", date(2027, 1, 15)) is None


# Month ends and leap years


def test_the_29th_to_31st_fall_on_a_short_months_last_day():
    assert completed_on_their_days("FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1", date(2027, 1, 31), 5) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]
    assert completed_on_their_days("FREQ=MONTHLY;BYMONTHDAY=30,-1;BYSETPOS=1", date(2028, 1, 30), 3) == [
        date(2028, 1, 30),
        date(2028, 2, 29),
        date(2028, 3, 30),
    ]


def test_a_month_from_the_31st_anchors_on_the_31st():
    """A monthly rule with no day of its own (`every! month`) takes the day it starts from."""
    assert first_date("FREQ=MONTHLY", date(2027, 1, 31)) == date(2027, 1, 31)
    assert next_date("FREQ=MONTHLY", due=date(2027, 1, 5), today=date(2027, 3, 31), from_completion=True, done=0) == (
        date(2027, 4, 30)
    )


@given(day=st.integers(29, 31), start=st.dates(date(2000, 1, 1), date(2099, 12, 1)))
def test_a_month_end_rule_never_skips_a_month(day, start):
    rule = f"FREQ=MONTHLY;BYMONTHDAY={day},-1;BYSETPOS=1"
    dates = completed_on_their_days(rule, first_date(rule, start), 13)
    months = [(found.year, found.month) for found in dates]
    assert len(set(months)) == 13
    assert all(found.day == min(day, days_in_month(found.year, found.month)) for found in dates)
    assert all((later - earlier) <= timedelta(days=31) for earlier, later in zip(dates, dates[1:], strict=False))


def test_february_29th_is_the_28th_outside_leap_years():
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1"
    assert completed_on_their_days(rule, date(2027, 2, 28), 4) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
        date(2029, 2, 28),
        date(2030, 2, 28),
    ]


@pytest.mark.parametrize(
    ("year", "days"),
    [(2027, 28), (2028, 29), (2100, 28), (2000, 29)],
)
def test_february_has_29_days_in_leap_years_only(year, days):
    assert days_in_month(year, 2) == days


def test_a_yearly_rule_from_february_29th_anchors_on_it():
    assert first_date("FREQ=YEARLY", date(2028, 2, 29)) == date(2028, 2, 29)
    assert next_date("FREQ=YEARLY", due=date(2028, 2, 29), today=date(2028, 2, 29), from_completion=False, done=0) == (
        date(2029, 2, 28)
    )


def test_every_other_monday_starts_on_the_first_monday_on_or_after_the_start():
    assert first_date("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", date(2027, 1, 15)) == date(2027, 1, 18)


def test_a_rule_with_its_fields_in_another_order_reads_the_same():
    """RFC 5545 lets the fields come in any order (an imported rule may)."""
    assert first_date("FREQ=WEEKLY;BYDAY=MO;INTERVAL=2", date(2027, 1, 15)) == date(2027, 1, 18)


# Words


@pytest.mark.parametrize(
    ("rule", "every_bang", "at", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=3FR", False, time(9), "Every 3rd Friday at 9:00, from the due date"),
        ("FREQ=DAILY;INTERVAL=3", True, time(8), "Every 3 days at 8:00, from completion"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", False, None, "Every other Monday, from the due date"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", False, None, "Every Monday, Wednesday and Friday, from the due date"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", False, None, "Every last day of the month, from the due date"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1",
            False,
            None,
            "Every 31st of the month (or the month's last day), from the due date",
        ),
        ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27", False, None, "Every 27 January, from the due date"),
        ("FREQ=DAILY;COUNT=3", False, None, "Every day, 3 times, from the due date"),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270215", False, None, "Every Monday, until 15 Feb 2027, from the due date"),
    ],
)
def test_a_rule_is_said_back_as_a_sentence(rule, every_bang, at, expected):
    assert describe(rule, every_bang, at) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday at 7:05, from the due date"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "Every Saturday and Sunday at 7:05, from the due date"),
        ("FREQ=WEEKLY;BYDAY=SA", "Every Saturday at 7:05, from the due date"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "Every other Tuesday and Thursday at 7:05, from the due date"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Every last Friday at 7:05, from the due date"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "Every 3 months on the 15th at 7:05, from the due date"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "Every 22nd of the month at 7:05, from the due date"),
        ("FREQ=YEARLY;INTERVAL=3;BYMONTH=12;BYMONTHDAY=25", "Every 3 years on 25 December at 7:05, from the due date"),
        ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks at 7:05, from the due date"),
        ("FREQ=MONTHLY;COUNT=6;UNTIL=20280101", "Every month at 7:05, 6 times, until 1 Jan 2028, from the due date"),
    ],
)
def test_each_kind_of_rule_has_its_sentence(rule, expected):
    assert describe(rule, False, time(7, 5)) == expected


@pytest.mark.parametrize(
    ("rule", "every_bang", "expected"),
    [
        ("FREQ=DAILY", False, "every day"),
        ("FREQ=DAILY;INTERVAL=3", True, "every! 3 days"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", False, "every weekday"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", False, "every saturday, sunday"),
        ("FREQ=WEEKLY;BYDAY=SA", False, "every saturday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", False, "every monday, wednesday, friday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", False, "every other monday"),
        ("FREQ=WEEKLY;INTERVAL=2", True, "every! 2 weeks"),
        ("FREQ=MONTHLY;BYDAY=3FR", False, "every 3rd friday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", False, "every last friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", False, "every last day"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", False, "every 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1", False, "every 31st"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", False, "every 3 months on the 15th"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31,-1;BYSETPOS=1", False, "every 3 months on the 31st"),
        ("FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1", False, "every 2 years on feb 29"),
        ("FREQ=MONTHLY", True, "every! month"),
        ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27", False, "every jan 27"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1", False, "every feb 29"),
        ("FREQ=DAILY;COUNT=3", False, "every day for 3 times"),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270215", False, "every monday until 2027-02-15"),
    ],
)
def test_a_rule_is_given_back_as_the_words_quick_add_reads(rule, every_bang, expected):
    """The edit form's Repeat field; test_quickadd.py reads each back to the same rule."""
    assert rule_words(rule, every_bang) == expected


# Overdue tasks, and rules by the hour (next_moment)


def test_an_overdue_daily_task_completed_today_is_next_due_tomorrow_not_on_each_missed_day():
    assert next_date("FREQ=DAILY", due=date(2027, 1, 1), today=date(2027, 1, 15), from_completion=False, done=0) == (
        date(2027, 1, 16)
    )
    weekly = "FREQ=WEEKLY;BYDAY=MO,TH"
    assert next_date(weekly, due=date(2027, 1, 4), today=date(2027, 1, 15), from_completion=False, done=0) == (
        date(2027, 1, 18)
    )


def test_an_overdue_monthly_task_keeps_its_day_and_skips_the_months_it_missed():
    rule = "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1"
    assert next_date(rule, due=date(2026, 11, 30), today=date(2027, 2, 10), from_completion=False, done=0) == (
        date(2027, 2, 28)
    )
    quarterly = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"  # Jan, Apr, Jul, Oct from 15 Jan 2020
    assert next_date(quarterly, due=date(2020, 1, 15), today=date(2027, 5, 1), from_completion=False, done=0) == (
        date(2027, 7, 15)
    )


RULES_BY_THE_DAY = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=2",
    "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYDAY=2MO,4MO",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=15,-1",
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1",
]


@given(
    rule=st.sampled_from(RULES_BY_THE_DAY),
    due=st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    late=st.integers(-400, 20_000),
)
def test_skipping_the_missed_dates_finds_the_same_date_as_stepping_through_them(rule, due, late):
    today = due + timedelta(days=late)
    after = max(due, today)
    stepped = next(day for day in occurrences(rule, due) if day > after)
    assert next_date(rule, due=due, today=today, from_completion=False, done=0) == stepped


def test_next_moment_keeps_the_time_of_a_rule_by_the_day():
    found = next_moment(
        "FREQ=WEEKLY;BYDAY=FR", due=date(2027, 1, 8), at=time(9), today=date(2027, 1, 15), now_time=time(10),
        from_completion=False, done=0,
    )  # fmt: skip
    assert found == (date(2027, 1, 22), time(9))
    assert next_moment(
        "FREQ=DAILY", due=date(2027, 1, 15), at=None, today=date(2027, 1, 15), now_time=None,
        from_completion=True, done=0,
    ) == (date(2027, 1, 16), None)  # fmt: skip


@pytest.mark.parametrize(
    ("due", "at", "today", "now", "every_bang", "expected"),
    [
        # On time: the next step from the due time.
        (date(2027, 1, 15), time(10), date(2027, 1, 15), time(10, 5), False, (date(2027, 1, 15), time(13))),
        # Late by hours: the first step after now, on the due time's grid.
        (date(2027, 1, 15), time(7), date(2027, 1, 15), time(14, 30), False, (date(2027, 1, 15), time(16))),
        # Across midnight, and a day late.
        (date(2027, 1, 15), time(22), date(2027, 1, 15), time(23), False, (date(2027, 1, 16), time(1))),
        (date(2027, 1, 14), time(22), date(2027, 1, 15), time(9), False, (date(2027, 1, 15), time(10))),
        # Completed early: the step after the due time.
        (date(2027, 1, 15), time(18), date(2027, 1, 15), time(9), False, (date(2027, 1, 15), time(21))),
        # every!: three hours from now.
        (date(2027, 1, 15), time(7), date(2027, 1, 15), time(14, 30), True, (date(2027, 1, 15), time(17, 30))),
    ],
)
def test_every_3_hours_moves_the_time(due, at, today, now, every_bang, expected):
    found = next_moment(
        "FREQ=HOURLY;INTERVAL=3", due=due, at=at, today=today, now_time=now, from_completion=every_bang, done=0
    )
    assert found == expected


def test_a_rule_by_the_hour_is_spent_by_its_count_or_its_last_day():
    common = {"at": time(22), "today": date(2027, 1, 15), "now_time": time(22), "from_completion": False}
    assert next_moment("FREQ=HOURLY;COUNT=2", due=date(2027, 1, 15), done=1, **common) is None
    assert next_moment("FREQ=HOURLY;INTERVAL=3;UNTIL=20270115", due=date(2027, 1, 15), done=0, **common) is None
    assert next_moment("FREQ=HOURLY;UNTIL=20270115", due=date(2027, 1, 15), done=0, **common) == (
        date(2027, 1, 15),
        time(23),
    )


def test_next_date_of_a_rule_by_the_hour_is_the_date_of_its_next_moment():
    assert next_date(
        "FREQ=HOURLY;INTERVAL=12", due=date(2027, 1, 15), today=date(2027, 1, 15), from_completion=False, done=0
    ) == date(2027, 1, 15)
    assert next_date(
        "FREQ=HOURLY;INTERVAL=24", due=date(2027, 1, 15), today=date(2027, 1, 15), from_completion=False, done=0
    ) == date(2027, 1, 16)


@given(
    step=st.integers(1, 48),
    due=st.datetimes(datetime(2027, 1, 1), datetime(2027, 12, 31)).map(
        lambda moment: moment.replace(second=0, microsecond=0)
    ),
    late=st.integers(-3000, 100_000),
)
def test_every_n_hours_lands_on_its_own_grid_after_now(step, due, late):
    now = due + timedelta(minutes=late)
    day, at = next_moment(
        f"FREQ=HOURLY;INTERVAL={step}", due=due.date(), at=due.time(), today=now.date(), now_time=now.time(),
        from_completion=False, done=0,
    )  # fmt: skip
    moment = datetime.combine(day, at)
    assert moment > max(due, now)
    assert (moment - due) % timedelta(hours=step) == timedelta(0)
    assert moment - timedelta(hours=step) <= max(due, now)


# Words for the rules quick add writes since release 3


@pytest.mark.parametrize(
    ("rule", "words", "sentence"),
    [
        ("FREQ=HOURLY;INTERVAL=3", "every 3 hours", "Every 3 hours from 7:05, from the due date"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,15",
            "every 1st, 15th",
            "Every 1st and 15th of the month at 7:05, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
            "every first workday",
            "Every first workday of the month at 7:05, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=15,-1",
            "every 15th workday, last workday",
            "Every 15th and last workday of the month at 7:05, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYDAY=2MO,4MO",
            "every 2nd and 4th monday",
            "Every 2nd and 4th Monday at 7:05, from the due date",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
            "every 3 weeks on tuesday",
            "Every 3 weeks on Tuesday at 7:05, from the due date",
        ),
        (
            "FREQ=DAILY;UNTIL=09991231",
            "every day until 0999-12-31",
            "Every day at 7:05, until 31 Dec 999, from the due date",
        ),
    ],
)
def test_the_new_kinds_of_rule_have_words_and_a_sentence(rule, words, sentence):
    assert (rule_words(rule, False), describe(rule, False, time(7, 5))) == (words, sentence)


def test_a_rule_from_elsewhere_is_said_in_its_unit_words_never_an_error():
    """An imported RRULE quick add would not write (by the minute, several weekdays a month)."""
    assert rule_words("FREQ=MINUTELY;INTERVAL=30", False) == "every 30 minutes"
    assert rule_words("FREQ=MONTHLY;BYDAY=1MO,3WE", False) == "every month"
    assert describe("FREQ=SECONDLY", False) == "Every second, from the due date"
