"""Quick add by example: what each phrase sets, and the first three dates of each repeat.

Fixed "now": Friday 15 January 2027, 10:00 in Paris; the person's projects are Home, Work and
"Trip to Lisbon". The phrases follow the grammar Todoist documents publicly (dates, times,
"every" and "every!", ordinal weekdays, month days, starting/until/for N times), with the
month-end rule of docs: a repeat on the 29th-31st falls on a shorter month's last day. The
first three dates of a repeat are those the task takes when each is completed on the day it
falls due. The DST rows keep their wall-clock time across Paris' change of 28 March 2027.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.quickadd import NotADate, parse, parse_repeat
from tasks.recurrence import next_date, rule_words

NOW = datetime(2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
PROJECTS = ["Home", "Work", "Trip to Lisbon"]

# (text, title, fields, first three dates of the repeat)
EXAMPLES = [
    ("Buy milk", "Buy milk", {}),
    ("Buy milk today", "Buy milk", {"due": "2027-01-15"}),
    ("Buy milk tomorrow", "Buy milk", {"due": "2027-01-16"}),
    ("Call mum tomorrow at 5pm", "Call mum", {"due": "2027-01-16", "time": "17:00"}),
    ("Call mum tomorrow at 5:30 pm", "Call mum", {"due": "2027-01-16", "time": "17:30"}),
    ("Meeting mon", "Meeting", {"due": "2027-01-18"}),
    ("Meeting monday at 9am", "Meeting", {"due": "2027-01-18", "time": "09:00"}),
    ("Dentist next friday", "Dentist", {"due": "2027-01-22"}),
    ("Dentist this friday", "Dentist", {"due": "2027-01-15"}),
    ("Pay bills in 3 days", "Pay bills", {"due": "2027-01-18"}),
    ("Review in 2 weeks", "Review", {"due": "2027-01-29"}),
    ("Report jan 27", "Report", {"due": "2027-01-27"}),
    ("Report 27 jan", "Report", {"due": "2027-01-27"}),
    ("Report 27th january", "Report", {"due": "2027-01-27"}),
    ("Report january 27th 2028", "Report", {"due": "2028-01-27"}),
    ("Report 2027-01-27", "Report", {"due": "2027-01-27"}),
    ("Report on feb 1", "Report", {"due": "2027-02-01"}),
    ("Party dec 31 at 8pm", "Party", {"due": "2027-12-31", "time": "20:00"}),
    ("Lunch at noon", "Lunch", {"due": "2027-01-15", "time": "12:00"}),
    ("Gym 18:00", "Gym", {"due": "2027-01-15", "time": "18:00"}),
    ("Gym at 7am", "Gym", {"due": "2027-01-16", "time": "07:00"}),  # 7am has passed: tomorrow
    ("Leap day feb 29", "Leap day", {"due": "2028-02-29"}),
    ("Send invoice next week", "Send invoice", {"due": "2027-01-18"}),  # next Monday, as Todoist reads it
    ("feb 30 check the calendar", "feb 30 check the calendar", {}),
    ("Book flights #Trip_to_Lisbon", "Book flights", {"project": "Trip to Lisbon"}),
    ("Book flights #trip_to_lisbon", "Book flights", {"project": "Trip to Lisbon"}),
    ("Pack #Home", "Pack", {"project": "Home"}),
    ("Pack #HOME p2", "Pack", {"project": "Home", "priority": 2}),
    ("Pack #Garden", "Pack #Garden", {}),
    ("Email boss #Work @urgent p1", "Email boss", {"project": "Work", "labels": ["urgent"], "priority": 1}),
    ("Errands @shopping @car", "Errands", {"labels": ["shopping", "car"]}),
    ("Errands @shopping @Shopping", "Errands", {"labels": ["shopping"]}),
    ("Fix bug p1", "Fix bug", {"priority": 1}),
    ("Fix bug P3", "Fix bug", {"priority": 3}),
    ("Fix bug p4", "Fix bug", {"priority": 4}),
    ("Fix bug p5", "Fix bug p5", {}),
    ("p1x stays", "p1x stays", {}),
    ("email@home stays", "email@home stays", {}),
    ('Read "Tomorrow" by Smith', "Read Tomorrow by Smith", {}),
    ('Watch "Every day" film p2', "Watch Every day film", {"priority": 2}),
    ("Price 5 #1", "Price 5 #1", {}),
    (
        "Write the report tomorrow p1 #Work @writing",
        "Write the report",
        {"project": "Work", "labels": ["writing"], "priority": 1, "due": "2027-01-16"},
    ),
    (
        "Water the plants every! 3 days at 8am #Home @garden p2",
        "Water the plants",
        {
            "project": "Home",
            "labels": ["garden"],
            "priority": 2,
            "due": "2027-01-18",
            "time": "08:00",
            "rule": "FREQ=DAILY;INTERVAL=3",
            "every!": True,
        },
        ["2027-01-18", "2027-01-21", "2027-01-24"],
    ),
    (
        "Pay rent every 1st p1 #Home",
        "Pay rent",
        {"project": "Home", "priority": 1, "due": "2027-02-01", "rule": "FREQ=MONTHLY;BYMONTHDAY=1"},
        ["2027-02-01", "2027-03-01", "2027-04-01"],
    ),
    (
        "Pay rent every 1st at 9am",
        "Pay rent",
        {"due": "2027-02-01", "time": "09:00", "rule": "FREQ=MONTHLY;BYMONTHDAY=1"},
        ["2027-02-01", "2027-03-01", "2027-04-01"],
    ),
    (
        "Standup every weekday at 9:30",
        "Standup",
        {"due": "2027-01-18", "time": "09:30", "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
        ["2027-01-18", "2027-01-19", "2027-01-20"],
    ),
    (
        "Standup every workday",
        "Standup",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
        ["2027-01-15", "2027-01-18", "2027-01-19"],
    ),
    (
        "Clean every weekend",
        "Clean",
        {"due": "2027-01-16", "rule": "FREQ=WEEKLY;BYDAY=SA"},  # Saturday, as Todoist reads it
        ["2027-01-16", "2027-01-23", "2027-01-30"],
    ),
    (
        "Take pills every day",
        "Take pills",
        {"due": "2027-01-15", "rule": "FREQ=DAILY"},
        ["2027-01-15", "2027-01-16", "2027-01-17"],
    ),
    (
        "Take pills every day at 8am",
        "Take pills",
        {"due": "2027-01-16", "time": "08:00", "rule": "FREQ=DAILY"},
        ["2027-01-16", "2027-01-17", "2027-01-18"],
    ),
    (
        "Take pills every day at 8pm",
        "Take pills",
        {"due": "2027-01-15", "time": "20:00", "rule": "FREQ=DAILY"},
        ["2027-01-15", "2027-01-16", "2027-01-17"],
    ),
    (
        "Stretch every 2 days",
        "Stretch",
        {"due": "2027-01-15", "rule": "FREQ=DAILY;INTERVAL=2"},
        ["2027-01-15", "2027-01-17", "2027-01-19"],
    ),
    (
        "Stretch every other day",
        "Stretch",
        {"due": "2027-01-15", "rule": "FREQ=DAILY;INTERVAL=2"},
        ["2027-01-15", "2027-01-17", "2027-01-19"],
    ),
    (
        "Stretch every! 2 days",
        "Stretch",
        {"due": "2027-01-15", "rule": "FREQ=DAILY;INTERVAL=2", "every!": True},
        ["2027-01-15", "2027-01-17", "2027-01-19"],
    ),
    (
        "Laundry every week",
        "Laundry",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY"},
        ["2027-01-15", "2027-01-22", "2027-01-29"],
    ),
    (
        "Laundry every other week",
        "Laundry",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;INTERVAL=2"},
        ["2027-01-15", "2027-01-29", "2027-02-12"],
    ),
    (
        "Laundry every 2 weeks",
        "Laundry",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;INTERVAL=2"},
        ["2027-01-15", "2027-01-29", "2027-02-12"],
    ),
    (
        "Laundry every! 2 weeks",
        "Laundry",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;INTERVAL=2", "every!": True},
        ["2027-01-15", "2027-01-29", "2027-02-12"],
    ),
    (
        "Yoga every mon",
        "Yoga",
        {"due": "2027-01-18", "rule": "FREQ=WEEKLY;BYDAY=MO"},
        ["2027-01-18", "2027-01-25", "2027-02-01"],
    ),
    (
        "Yoga every monday",
        "Yoga",
        {"due": "2027-01-18", "rule": "FREQ=WEEKLY;BYDAY=MO"},
        ["2027-01-18", "2027-01-25", "2027-02-01"],
    ),
    (
        "Yoga every mon, fri",
        "Yoga",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;BYDAY=MO,FR"},
        ["2027-01-15", "2027-01-18", "2027-01-22"],
    ),
    (
        "Yoga every monday and friday at 6pm",
        "Yoga",
        {"due": "2027-01-15", "time": "18:00", "rule": "FREQ=WEEKLY;BYDAY=MO,FR"},
        ["2027-01-15", "2027-01-18", "2027-01-22"],
    ),
    (
        "Yoga every tue, thu",
        "Yoga",
        {"due": "2027-01-19", "rule": "FREQ=WEEKLY;BYDAY=TU,TH"},
        ["2027-01-19", "2027-01-21", "2027-01-26"],
    ),
    (
        "Yoga every mon, wed & fri",
        "Yoga",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;BYDAY=MO,WE,FR"},
        ["2027-01-15", "2027-01-18", "2027-01-20"],
    ),
    (
        "Team call every other monday",
        "Team call",
        {"due": "2027-01-18", "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
        ["2027-01-18", "2027-02-01", "2027-02-15"],
    ),
    (
        "Team call every other tue at 10am",
        "Team call",
        {"due": "2027-01-19", "time": "10:00", "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"},
        ["2027-01-19", "2027-02-02", "2027-02-16"],
    ),
    (
        "Book club every 3rd friday",
        "Book club",
        {"due": "2027-01-15", "rule": "FREQ=MONTHLY;BYDAY=3FR"},
        ["2027-01-15", "2027-02-19", "2027-03-19"],
    ),
    (
        "Book club every 3rd friday at 9am",
        "Book club",
        {"due": "2027-02-19", "time": "09:00", "rule": "FREQ=MONTHLY;BYDAY=3FR"},
        ["2027-02-19", "2027-03-19", "2027-04-16"],
    ),
    (
        "Board meeting every first monday",
        "Board meeting",
        {"due": "2027-02-01", "rule": "FREQ=MONTHLY;BYDAY=1MO"},
        ["2027-02-01", "2027-03-01", "2027-04-05"],
    ),
    (
        "Board meeting every 2nd tuesday",
        "Board meeting",
        {"due": "2027-02-09", "rule": "FREQ=MONTHLY;BYDAY=2TU"},
        ["2027-02-09", "2027-03-09", "2027-04-13"],
    ),
    (
        "Review every last friday",
        "Review",
        {"due": "2027-01-29", "rule": "FREQ=MONTHLY;BYDAY=-1FR"},
        ["2027-01-29", "2027-02-26", "2027-03-26"],
    ),
    (
        "Review every fourth thursday",
        "Review",
        {"due": "2027-01-28", "rule": "FREQ=MONTHLY;BYDAY=4TH"},
        ["2027-01-28", "2027-02-25", "2027-03-25"],
    ),
    (
        "Invoices every last day",
        "Invoices",
        {"due": "2027-01-31", "rule": "FREQ=MONTHLY;BYMONTHDAY=-1"},
        ["2027-01-31", "2027-02-28", "2027-03-31"],
    ),
    (
        "Invoices every last day of the month",
        "Invoices",
        {"due": "2027-01-31", "rule": "FREQ=MONTHLY;BYMONTHDAY=-1"},
        ["2027-01-31", "2027-02-28", "2027-03-31"],
    ),
    (
        "Salary every 15th",
        "Salary",
        {"due": "2027-01-15", "rule": "FREQ=MONTHLY;BYMONTHDAY=15"},
        ["2027-01-15", "2027-02-15", "2027-03-15"],
    ),
    (
        "Salary every 1st",
        "Salary",
        {"due": "2027-02-01", "rule": "FREQ=MONTHLY;BYMONTHDAY=1"},
        ["2027-02-01", "2027-03-01", "2027-04-01"],
    ),
    (
        "Rent every 29th",
        "Rent",
        {"due": "2027-01-29", "rule": "FREQ=MONTHLY;BYMONTHDAY=29,-1;BYSETPOS=1"},
        ["2027-01-29", "2027-02-28", "2027-03-29"],
    ),
    (
        "Rent every 30th",
        "Rent",
        {"due": "2027-01-30", "rule": "FREQ=MONTHLY;BYMONTHDAY=30,-1;BYSETPOS=1"},
        ["2027-01-30", "2027-02-28", "2027-03-30"],
    ),
    (
        "Rent every 31st",
        "Rent",
        {"due": "2027-01-31", "rule": "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1"},
        ["2027-01-31", "2027-02-28", "2027-03-31"],
    ),
    (
        "Birthday every jan 27",
        "Birthday",
        {"due": "2027-01-27", "rule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27"},
        ["2027-01-27", "2028-01-27", "2029-01-27"],
    ),
    (
        "Birthday every 27 jan",
        "Birthday",
        {"due": "2027-01-27", "rule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27"},
        ["2027-01-27", "2028-01-27", "2029-01-27"],
    ),
    (
        "Birthday every feb 29",
        "Birthday",
        {"due": "2027-02-28", "rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,-1;BYSETPOS=1"},
        ["2027-02-28", "2028-02-29", "2029-02-28"],
    ),
    (
        "Taxes every year",
        "Taxes",
        {"due": "2027-01-15", "rule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15"},
        ["2027-01-15", "2028-01-15", "2029-01-15"],
    ),
    (
        "Newsletter every month",
        "Newsletter",
        {"due": "2027-01-15", "rule": "FREQ=MONTHLY;BYMONTHDAY=15"},
        ["2027-01-15", "2027-02-15", "2027-03-15"],
    ),
    (
        "Quarterly review every 3 months",
        "Quarterly review",
        {"due": "2027-01-15", "rule": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"},
        ["2027-01-15", "2027-04-15", "2027-07-15"],
    ),
    (
        "Backup every! month",
        "Backup",
        {"due": "2027-01-15", "rule": "FREQ=MONTHLY", "every!": True},
        ["2027-01-15", "2027-02-15", "2027-03-15"],
    ),
    (
        "Water every day starting next monday",
        "Water",
        {"due": "2027-01-18", "rule": "FREQ=DAILY"},
        ["2027-01-18", "2027-01-19", "2027-01-20"],
    ),
    (
        "Water every day starting feb 1",
        "Water",
        {"due": "2027-02-01", "rule": "FREQ=DAILY"},
        ["2027-02-01", "2027-02-02", "2027-02-03"],
    ),
    (
        "Course every mon until feb 15",
        "Course",
        {"due": "2027-01-18", "rule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270215"},
        ["2027-01-18", "2027-01-25", "2027-02-01"],
    ),
    (
        "Course every day for 3 times",
        "Course",
        {"due": "2027-01-15", "rule": "FREQ=DAILY;COUNT=3"},
        ["2027-01-15", "2027-01-16", "2027-01-17"],
    ),
    (
        "Course every week for 10 times",
        "Course",
        {"due": "2027-01-15", "rule": "FREQ=WEEKLY;COUNT=10"},
        ["2027-01-15", "2027-01-22", "2027-01-29"],
    ),
    (
        "Course every day until 2027-01-20",
        "Course",
        {"due": "2027-01-15", "rule": "FREQ=DAILY;UNTIL=20270120"},
        ["2027-01-15", "2027-01-16", "2027-01-17"],
    ),
    (
        "Trip prep every day from tomorrow until jan 20",
        "Trip prep",
        {"due": "2027-01-16", "rule": "FREQ=DAILY;UNTIL=20270120"},
        ["2027-01-16", "2027-01-17", "2027-01-18"],
    ),
    (
        "Reminder every day at 9am starting tomorrow",
        "Reminder",
        {"due": "2027-01-16", "time": "09:00", "rule": "FREQ=DAILY"},
        ["2027-01-16", "2027-01-17", "2027-01-18"],
    ),
    ("Old every day until jan 1 2027", "Old every day until jan 1 2027", {}),
    ("Feb every feb 30", "Feb every feb 30", {}),
    ("Nothing every now and then", "Nothing every now and then", {}),
    ("Everyday stuff", "Everyday stuff", {}),
    ("every", "every", {}),
    (
        "Holiday every dec 25 p1 #Home",
        "Holiday",
        {"project": "Home", "priority": 1, "due": "2027-12-25", "rule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"},
        ["2027-12-25", "2028-12-25", "2029-12-25"],
    ),
    (
        "Gym every mon, wed, fri at 7am #Health",
        "Gym #Health",
        {"due": "2027-01-18", "time": "07:00", "rule": "FREQ=WEEKLY;BYDAY=MO,WE,FR"},
        ["2027-01-18", "2027-01-20", "2027-01-22"],
    ),
    (
        "DST every sunday at 2:30am",
        "DST",
        {"due": "2027-01-17", "time": "02:30", "rule": "FREQ=WEEKLY;BYDAY=SU"},
        ["2027-01-17", "2027-01-24", "2027-01-31"],
    ),
    (
        "DST every day at 2:30am starting 2027-03-27",
        "DST",
        {"due": "2027-03-27", "time": "02:30", "rule": "FREQ=DAILY"},
        ["2027-03-27", "2027-03-28", "2027-03-29"],
    ),
]


def fields_of(quick) -> dict:
    found = {
        "project": quick.project,
        "labels": quick.labels or None,
        "priority": quick.priority,
        "due": quick.due_date.isoformat() if quick.due_date else None,
        "time": quick.due_time.strftime("%H:%M") if quick.due_time else None,
        "rule": quick.recurrence,
        "every!": quick.from_completion or None,
    }
    return {name: value for name, value in found.items() if value is not None}


def dates_of(quick, count: int = 3) -> list[str]:
    if not quick.recurrence:
        return []
    day, found = quick.due_date, [quick.due_date]
    for done in range(count - 1):
        day = next_date(quick.recurrence, due=day, today=day, from_completion=quick.from_completion, done=done)
        if day is None:
            break
        found.append(day)
    return [day.isoformat() for day in found]


def test_there_are_at_least_80_examples():
    assert len(EXAMPLES) >= 80
    assert len({text for text, *_ in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example[0] for example in EXAMPLES])
def test_each_phrase_sets_what_it_says(example):
    text, title, fields, *dates = example
    quick = parse(text, now=NOW, projects=PROJECTS)
    assert (quick.title, fields_of(quick)) == (title, fields)
    assert dates_of(quick) == (dates[0] if dates else [])


@pytest.mark.parametrize("example", [e for e in EXAMPLES if "rule" in e[2]], ids=lambda e: e[0])
def test_every_rule_reads_back_from_its_own_words(example):
    text, _, fields, *_ = example
    quick = parse(text, now=NOW, projects=PROJECTS)
    again = parse_repeat(rule_words(quick.recurrence, quick.from_completion), start=quick.due_date, today=NOW.date())
    assert (again.rule, again.from_completion, again.first) == (quick.recurrence, quick.from_completion, quick.due_date)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feb 30 check the calendar", "“feb 30” is not a date"),
        ("Feb every feb 30", "February has no day 30."),
        ("Old every day until jan 1 2027", "That repeat has no date from then on."),
        ("Course every day for 0 times", "A repeat can run from 1 to 999 times."),
        ("Pack #Garden", "There is no project named “Garden”"),
    ],
)
def test_what_cannot_be_used_stays_in_the_title_with_a_reason(text, problem):
    quick = parse(text, now=NOW, projects=PROJECTS)
    assert quick.title == text
    assert any(problem in found for found in quick.problems), quick.problems
    assert quick.due_date is None and quick.recurrence is None


def test_every_bang_month_is_left_for_each_completion_to_anchor():
    """Its dates, from the day of each completion, are tested in test_recurrence.py."""
    assert parse("Pay bill every! month", now=NOW, projects=PROJECTS).recurrence == "FREQ=MONTHLY"


def test_an_ordinal_with_the_wrong_suffix_still_reads():
    assert parse("Sync every 3th friday", now=NOW, projects=PROJECTS).recurrence == "FREQ=MONTHLY;BYDAY=3FR"
    assert parse("Sync every 1th monday", now=NOW, projects=PROJECTS).recurrence == "FREQ=MONTHLY;BYDAY=1MO"


@pytest.mark.parametrize("text", ["every fortnight", "every blue moon", "every 3", "every! ", "monthly-ish"])
def test_the_repeat_field_refuses_what_it_does_not_understand(text):
    with pytest.raises(NotADate, match="not a repeat this app understands"):
        parse_repeat(text, start=NOW.date(), today=NOW.date())


def test_the_repeat_field_takes_words_without_every():
    repeat = parse_repeat("3rd friday", start=date(2027, 1, 16), today=NOW.date())
    assert (repeat.rule, repeat.first) == ("FREQ=MONTHLY;BYDAY=3FR", date(2027, 2, 19))


TOKENS = st.sampled_from(
    ["every", "every!", "day", "3rd", "friday", "fri", "at", "9am", "17:30", "p1", "p4", "#Home", "#work", "@x",
     "tomorrow", "jan", "27", "27th", "feb", "30", "2027-01-27", "until", "starting", "for", "3", "times", "other",
     '"', "last", "weekday", "in", "days", "next", "x@y", "p1x", "#", "@", "!", "of", "month",
     "tmr", "tod", "!!1", "!high", "after", "hours", "workday", "quarter", "daily", "monthly", "tonight", "noon",
     "midnight", "9.30", "21h", "27/01", "1/27", "27.01.2028", "the", "except", "ev", "weekend", "morning",
     "http://x.com/today", "a@b.com", "?due=today", "0001-01-01", "9999-12-31", "15th,", "and", "2nd"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), st.lists(TOKENS, max_size=14).map(" ".join)))
def test_any_text_parses_or_stays_the_title_and_never_raises(text):
    quick = parse(text, now=NOW, projects=PROJECTS)
    spans = quick.spans
    for before, after in zip(spans, spans[1:], strict=False):
        assert before.end <= after.start, spans  # never overlapping
    assert all(0 <= span.start < span.end <= len(text) for span in spans)
    if not spans:  # nothing recognised: the title is the text (without quotes, spaces tidied)
        assert quick.title == re.sub(r"\s+", " ", "".join(c for i, c in enumerate(text) if not quoted(text, i))).strip()
    if quick.due_time is not None:
        assert quick.due_date is not None
    if quick.recurrence is not None:
        assert quick.due_date is not None


def quoted(text: str, index: int) -> bool:
    """Whether the character at `index` is a quote mark that pairs with another."""
    marks = [m.start() for m in re.finditer(r'"[^"]*"', text)] + [m.end() - 1 for m in re.finditer(r'"[^"]*"', text)]
    return index in marks


def test_a_phrase_as_long_as_a_title_takes_no_time_to_read():
    """Correctness only here: the timing is a benchmark (bench/quickadd.py, docs/PERFORMANCE.md)."""
    quick = parse("every 3rd friday at 9am " * 9, now=NOW, projects=PROJECTS)
    assert quick.recurrence == "FREQ=MONTHLY;BYDAY=3FR"
