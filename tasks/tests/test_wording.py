"""Dates, counts and lists in words, as every page and message shows them. "Today" and "this
year" are the person's, passed in: never the server's."""

from __future__ import annotations

from datetime import date, time

import pytest

from tasks.wording import and_list, clock, day_heading, day_name, due_kind, due_words, full_date, ordinal, plural

TODAY = date(2027, 1, 15)  # a Friday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 14), "Yesterday"),
        (date(2027, 1, 15), "Today"),
        (date(2027, 1, 16), "Tomorrow"),
        (date(2027, 1, 17), "Sun"),
        (date(2027, 1, 21), "Thu"),
        (date(2027, 1, 22), "22 Jan"),
        (date(2027, 1, 10), "10 Jan"),
        (date(2027, 12, 31), "31 Dec"),
        (date(2028, 1, 3), "3 Jan 2028"),
        (date(2026, 9, 30), "30 Sep 2026"),
    ],
)
def test_a_due_date_reads_relative_to_the_persons_today(day, expected):
    assert due_words(day, TODAY) == expected


def test_a_day_name_has_the_year_only_when_it_is_not_the_persons():
    assert day_name(date(2027, 1, 22), TODAY) == "Fri 22 Jan"
    assert day_name(date(2028, 1, 2), TODAY) == "Sun 2 Jan 2028"
    # On the person's 1 January the server may still be in the old year: theirs counts.
    assert day_name(date(2028, 1, 2), date(2028, 1, 1)) == "Sun 2 Jan"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 1, 15), "Today · Fri 15 Jan"),
        (date(2027, 1, 16), "Tomorrow · Sat 16 Jan"),
        (date(2027, 1, 17), "Sunday 17 Jan"),
        (date(2027, 1, 27), "Wednesday 27 Jan"),
    ],
)
def test_an_agenda_day_has_a_heading(day, expected):
    assert day_heading(day, TODAY) == expected


def test_a_full_date_has_its_year():
    assert full_date(date(2027, 2, 15)) == "15 Feb 2027"


@pytest.mark.parametrize(("count", "expected"), [(0, "0 tasks"), (1, "1 task"), (2, "2 tasks")])
def test_a_count_agrees_with_its_noun(count, expected):
    assert plural(count, "task") == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st")]
    + [(22, "22nd"), (23, "23rd"), (31, "31st"), (111, "111th")],
)
def test_ordinals_have_their_suffixes(number, expected):
    assert ordinal(number) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["Monday"], "Monday"), (["Monday", "Friday"], "Monday and Friday"), (["Mo", "We", "Fr"], "Mo, We and Fr")],
)
def test_a_list_reads_with_and(names, expected):
    assert and_list(names) == expected


@pytest.mark.parametrize(
    ("at", "fmt", "expected"),
    [
        (time(9, 5), "24h", "09:05"),
        (time(17, 30), "24h", "17:30"),
        (time(0, 0), "24h", "00:00"),
        (time(9, 5), "12h", "9:05 am"),
        (time(17, 30), "12h", "5:30 pm"),
        (time(12, 0), "12h", "12:00 pm"),
        (time(0, 30), "12h", "12:30 am"),
        (time(23, 59), "12h", "11:59 pm"),
    ],
)
def test_a_time_reads_on_the_persons_clock(at, fmt, expected):
    assert clock(at, fmt) == expected


def test_an_unpadded_24_hour_time_drops_the_leading_zero_and_a_12_hour_one_has_none():
    assert (clock(time(9, 0), padded=False), clock(time(9, 0), "12h", padded=False)) == ("9:00", "9:00 am")


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2027, 1, 10), "overdue"),
        (date(2027, 1, 14), "overdue"),
        (date(2027, 1, 15), "today"),
        (date(2027, 1, 16), "tomorrow"),
        (date(2027, 1, 17), "week"),
        (date(2027, 1, 21), "week"),
        (date(2027, 1, 22), ""),
        (date(2028, 1, 3), ""),
    ],
)
def test_a_due_date_is_coloured_by_how_near_it_is_as_todoist_does(day, kind):
    # "week" is exactly the days due_words names by their weekday.
    assert due_kind(day, TODAY) == kind
