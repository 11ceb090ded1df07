"""Dates at the ends of the calendar, through everything that computes a next date: quick add
(`parse`, `parse_repeat`), the rules (`first_date`, `next_date`, `next_moment`) and the words.

Python's dates run from 0001-01-01 to 9999-12-31. Whatever the date, a phrase gives a working
rule or a clear NotADate (parse_repeat) or a problem (parse); a rule with no date left before
the end is spent (None); nothing raises anything else.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.quickadd import NotADate, parse, parse_repeat
from tasks.recurrence import describe, first_date, next_date, next_moment, rule_fields, rule_words, until_date
from tasks.wording import day_heading, day_name, due_words, short_date

FIRST, LAST = date.min, date.max
NEAR_THE_ENDS = st.one_of(st.dates(FIRST, date(1, 3, 31)), st.dates(date(9999, 10, 1), LAST))
TIMES = st.times().map(lambda moment: moment.replace(second=0, microsecond=0))
# Every shape of rule quick add writes.
RULES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=DAILY;COUNT=3",
    "FREQ=DAILY;UNTIL=99991231",
    "FREQ=DAILY;UNTIL=00010110",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
    "FREQ=MONTHLY;BYDAY=3FR",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=2MO,4MO",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=15,-1",
    "FREQ=YEARLY",
    "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1",
    "FREQ=YEARLY;INTERVAL=3;BYMONTH=12;BYMONTHDAY=25",
    "FREQ=HOURLY",
    "FREQ=HOURLY;INTERVAL=12",
]
PHRASES = [
    "tomorrow", "yesterday", "day after tomorrow", "next week", "next week friday", "next month", "next year",
    "this weekend", "next weekend", "end of month", "end of year", "mid january", "mid month", "in 3 days",
    "in 2 weeks", "in 3 months", "in 2 years", "in 3 hours", "in 30 minutes", "9am", "at midnight", "tonight",
    "monday", "next monday", "jan 1", "dec 31", "feb 29", "31/12", "12/31", "the 31st", "the 1st",
    "every day", "every day at 9am", "every week", "every month", "every year on feb 29", "every 3rd friday",
    "every last workday", "every 2 weeks on monday", "every 3 hours", "every hour", "every day for 2 weeks",
    "every day for 3 years", "every! month", "every 1st, 15th", "every dec 31 at 11pm", "after 3 days",
    "every day starting tomorrow", "every day until dec 31", "daily at 9am",
]  # fmt: skip


def moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at)


@given(rule=st.sampled_from(RULES), start=NEAR_THE_ENDS)
def test_a_first_date_near_the_ends_is_a_date_or_none(rule, start):
    found = first_date(rule, start)
    assert found is None or start <= found <= LAST


@given(rule=st.sampled_from(RULES), due=NEAR_THE_ENDS, today=NEAR_THE_ENDS, every_bang=st.booleans())
def test_a_next_date_near_the_ends_is_later_or_none(rule, due, today, every_bang):
    found = next_date(rule, due=due, today=today, from_completion=every_bang, done=0)
    if found is not None and rule_fields(rule)["FREQ"] != "HOURLY":
        assert found > (today if every_bang else max(due, today))


@given(
    rule=st.sampled_from(RULES),
    due=NEAR_THE_ENDS,
    at=st.one_of(st.none(), TIMES),
    today=NEAR_THE_ENDS,
    now=st.one_of(st.none(), TIMES),
    every_bang=st.booleans(),
    done=st.integers(0, 5),
)
def test_a_next_moment_near_the_ends_is_later_or_none(rule, due, at, today, now, every_bang, done):
    found = next_moment(rule, due=due, at=at, today=today, now_time=now, from_completion=every_bang, done=done)
    if found is None:
        return
    day, found_at = found
    if rule_fields(rule)["FREQ"] == "HOURLY":
        now_moment = moment(today, now or time())
        assert moment(day, found_at) > (now_moment if every_bang else max(moment(due, at or time()), now_moment))
    else:
        assert (day, found_at) == (next_date(rule, due=due, today=today, from_completion=every_bang, done=done), at)


def test_a_weekly_rule_at_the_end_of_the_calendar_is_spent():
    """It overflowed to the year 10000."""
    assert (
        next_date("FREQ=WEEKLY", due=date(9999, 12, 27), today=date(9999, 12, 27), from_completion=False, done=0)
        is None
    )
    assert first_date("FREQ=WEEKLY;BYDAY=MO", date(9999, 12, 28)) is None
    late = {"today": date(9999, 12, 31), "now_time": time(23, 30), "from_completion": True, "done": 0}
    assert next_moment("FREQ=HOURLY", due=date(9999, 12, 31), at=time(23), **late) is None


@pytest.mark.parametrize("until", ["0001-01-01", "0999-12-31"])
def test_an_end_date_before_the_year_1000_is_a_clear_message_or_a_working_rule(until):
    """It failed: UNTIL was written without its leading zeros, and dateutil refused it."""
    with pytest.raises(NotADate, match="no date from then on"):
        parse_repeat(f"every day until {until}", start=date(2027, 1, 15), today=date(2027, 1, 15))
    repeat = parse_repeat(f"every day until {until}", start=FIRST, today=FIRST)
    assert repeat.rule == f"FREQ=DAILY;UNTIL={until.replace('-', '')}"
    assert rule_words(repeat.rule, False) == f"every day until {until}"
    assert next_date(repeat.rule, due=date.fromisoformat(until), today=FIRST, from_completion=False, done=0) is None


@given(until=st.dates(), today=st.dates())
def test_every_end_date_gives_a_working_rule_or_a_clear_message(until, today):
    try:
        repeat = parse_repeat(f"every day until {until.isoformat()}", start=today, today=today)
    except NotADate as exc:
        assert until < today, exc
        return
    assert (repeat.first, until_date(rule_fields(repeat.rule)["UNTIL"])) == (today, until)
    assert rule_words(repeat.rule, False).endswith(until.isoformat())


@settings(max_examples=300, deadline=None)
@given(phrase=st.sampled_from(PHRASES), today=NEAR_THE_ENDS, at=TIMES, order=st.sampled_from(["DMY", "MDY"]))
def test_quick_add_near_the_ends_reads_a_date_or_says_why_never_raises(phrase, today, at, order):
    quick = parse(f"Task {phrase} p1", now=moment(today, at), date_order=order)
    if quick.due_date is None:
        assert quick.recurrence is None and quick.due_time is None
        assert quick.problems or phrase in quick.title
    else:
        assert FIRST <= quick.due_date <= LAST
    if quick.recurrence:
        rule_words(quick.recurrence, quick.from_completion)
        describe(quick.recurrence, quick.from_completion, quick.due_time)


@given(phrase=st.sampled_from([p for p in PHRASES if p.startswith(("every", "daily", "after"))]), today=NEAR_THE_ENDS)
def test_the_repeat_field_near_the_ends_gives_a_rule_or_a_clear_message(phrase, today):
    try:
        repeat = parse_repeat(phrase, start=today, today=today, now_time=time(12))
    except NotADate as exc:
        assert str(exc)
        return
    assert today <= repeat.first <= LAST
    again = parse_repeat(rule_words(repeat.rule, repeat.from_completion), start=repeat.first, today=today)
    assert again.rule == repeat.rule


@given(day=st.dates(), today=st.dates())
def test_dates_in_words_never_fail_whatever_the_year(day, today):
    for words in (due_words(day, today), day_name(day, today), day_heading(day, today), short_date(day, today)):
        assert words


@given(
    rule=st.sampled_from([rule for rule in RULES if "COUNT" not in rule]), start=st.dates(), every_bang=st.booleans()
)
def test_a_rule_read_back_from_its_words_is_the_same_rule_whatever_its_due_date(rule, start, every_bang):
    """The edit form shows a rule as words and reads them back on save: that must never change
    it (a rule on the 31st, every 3 months, after a 30-day month; Feb 29 every 2 years)."""
    due = first_date(rule, start)
    if due is None or (rule in ("FREQ=MONTHLY", "FREQ=YEARLY") and not every_bang):
        return  # `every month` is written with its day (every! month takes each completion's)
    try:
        again = parse_repeat(rule_words(rule, every_bang), start=due, today=due)
    except NotADate:  # an end date before the due date
        assert "UNTIL" in rule
        return
    assert (again.rule, again.first) == (rule, due)
