"""The search box reads quick add's tokens as filters: `#Project`, `@label`, `p1`-`p4` and a
date word narrow the search, the rest are words looked for in titles and descriptions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tasks.quickadd import DueRange, SearchTerms, search_terms
from tests.factories import add_label, make_label, make_project, make_task, titles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_owner")]


@pytest.fixture
def tasks(owner, stranger):
    """A person's tasks of every kind, and a stranger's project and label of the same names as
    theirs or not."""
    today = owner.today()
    work, home = make_project(owner, "Work"), make_project(owner, "Trip to Lisbon")
    email, waiting = make_label(owner, "email"), make_label(owner, "waiting")
    make_project(stranger, "Secret")
    make_label(stranger, "hidden")
    made = {
        "Reply to Ana": {"project": work, "priority": 1, "due_date": today},
        "Send the invoice": {"project": work, "priority": 2, "due_date": today - timedelta(days=2)},
        "Book flights": {"project": home, "priority": 1},
        "Pay rent": {"priority": 3, "due_date": today + timedelta(days=1)},
        "Old report": {"project": work, "priority": 1, "due_date": today - timedelta(days=3), "completed": True},
        "Read #Secret notes": {"description": "ask @hidden"},
        "Water the plants": {"due_date": today + timedelta(days=8)},
    }
    tasks = {title: make_task(owner, title=title, **fields) for title, fields in made.items()}
    add_label(email, [tasks["Reply to Ana"], tasks["Send the invoice"]])
    add_label(waiting, [tasks["Send the invoice"], tasks["Book flights"]])
    return tasks


def found(client, query: str, path: str = "/") -> set[str]:
    response = client.get(path, {"q": query})
    assert response.status_code == 200, query
    return set(titles(response))


# Searches people type in Todoist's filters, with Todoist's meanings where ours overlap: a
# project, a label, a priority, "today" (due today, not overdue), "overdue" (not done, due
# before today), "no date", "&" joining terms, "search:" for words.
TODOIST_SEARCHES = [
    ("#Work", {"Reply to Ana", "Send the invoice", "Old report"}),
    ("#work", {"Reply to Ana", "Send the invoice", "Old report"}),
    ("#Trip_to_Lisbon", {"Book flights"}),
    ("@email", {"Reply to Ana", "Send the invoice"}),
    ("@email & @waiting", {"Send the invoice"}),
    ("p1", {"Reply to Ana", "Book flights", "Old report"}),
    ("!!1", {"Reply to Ana", "Book flights", "Old report"}),
    ("p4", {"Read #Secret notes", "Water the plants"}),
    ("today", {"Reply to Ana"}),
    ("tomorrow", {"Pay rent"}),
    ("overdue", {"Send the invoice"}),
    ("no date", {"Book flights", "Read #Secret notes"}),
    ("#Work & p1", {"Reply to Ana", "Old report"}),
    ("@waiting & no date", {"Book flights"}),
    ("#Work & overdue", {"Send the invoice"}),
    ("p1 & today", {"Reply to Ana"}),
    ("search: invoice", {"Send the invoice"}),
    ("invoice #Work", {"Send the invoice"}),
    ("rent tomorrow", {"Pay rent"}),
    ("report p1", {"Old report"}),
]


@pytest.mark.parametrize(("query", "expected"), TODOIST_SEARCHES)
def test_a_search_people_type_in_todoist_finds_the_tasks_it_means_there(owner_client, tasks, query, expected):
    assert found(owner_client, query) == expected


def test_this_week_and_next_week_are_monday_to_sunday(owner_client, owner, tasks):
    today = owner.today()
    monday = today - timedelta(days=today.weekday())
    this_week = {t for t, task in tasks.items() if task.due_date and monday <= task.due_date < monday + timedelta(7)}
    next_week = {
        t
        for t, task in tasks.items()
        if task.due_date and monday + timedelta(7) <= task.due_date < monday + timedelta(14)
    }
    assert found(owner_client, "this week") == this_week
    assert found(owner_client, "next week") == next_week


def test_a_weekday_and_a_date_find_the_tasks_due_that_day(owner_client, owner, tasks):
    day = owner.today() + timedelta(days=8)
    assert found(owner_client, day.strftime("%b %d").lower()) == {"Water the plants"}
    assert found(owner_client, day.isoformat()) == {"Water the plants"}
    tomorrow = owner.today() + timedelta(days=1)
    assert found(owner_client, tomorrow.strftime("%A")) == {"Pay rent"}


def test_a_name_that_is_none_of_the_persons_stays_words(owner_client, tasks):
    # A stranger's project and label are no filters: the words are searched for as typed.
    assert found(owner_client, "#Secret") == {"Read #Secret notes"}
    assert found(owner_client, "@hidden") == {"Read #Secret notes"}
    assert found(owner_client, "#Nowhere") == set()


def test_a_stranger_never_finds_a_persons_tasks_by_their_project(client, stranger, tasks):
    client.force_login(stranger)
    assert found(client, "#Work") == set()
    assert found(client, "#Secret") == set()


def test_the_filters_narrow_every_page(owner_client, owner, tasks):
    project = tasks["Reply to Ana"].project
    assert found(owner_client, "p1", f"/projects/{project.pk}/") == {"Reply to Ana", "Old report"}
    assert found(owner_client, "@email", "/today/") == {"Reply to Ana", "Send the invoice"}
    assert found(owner_client, "overdue", "/today/") == {"Send the invoice"}
    assert found(owner_client, "p3", "/upcoming/") == {"Pay rent"}
    assert found(owner_client, "no date", "/inbox/") == {"Read #Secret notes"}


@pytest.mark.parametrize(
    "query",
    [
        "#",
        "@",
        "p",
        "!!",
        "#Work" * 40,
        "@email " * 28,
        "p1 " * 66,
        "feb 30",
        "every 3rd friday",
        '"',
        "& | !",
        "\x00#",
    ],
)
def test_bad_input_gives_a_page(owner_client, tasks, query):
    assert owner_client.get("/", {"q": query[:200]}).status_code == 200
    assert owner_client.get("/upcoming/", {"q": query[:200]}).status_code == 200


def test_the_search_box_says_what_it_reads(owner_client):
    page = owner_client.get("/").content.decode()
    box = page[page.index('id="search"') : page.index("</form>", page.index('id="search"'))]
    assert "#Project" in box and "@label" in box and "p1" in box and "overdue" in box


# The reader itself, no database.
TODAY = date(2027, 1, 13)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("overdue", DueRange(last=date(2027, 1, 12), undone=True)),
        ("no date", DueRange(undated=True)),
        ("no due date", DueRange(undated=True)),
        ("this week", DueRange(date(2027, 1, 11), date(2027, 1, 17))),
        ("next week", DueRange(date(2027, 1, 18), date(2027, 1, 24))),
        ("friday", DueRange(date(2027, 1, 15), date(2027, 1, 15))),
        ("jan 27", DueRange(date(2027, 1, 27), date(2027, 1, 27))),
        ("27/01", DueRange(date(2027, 1, 27), date(2027, 1, 27))),
        ("yesterday", DueRange(date(2027, 1, 12), date(2027, 1, 12))),
    ],
)
def test_a_date_word_is_a_range_of_due_dates(text, due):
    assert search_terms(text, today=TODAY) == SearchTerms("", due=due)


# What a Todoist user types into search, and what they mean by it. Todoist's filters spell a
# day out ("today", "tomorrow", "overdue", "no date", "Sunday"); its search looks for words.
# A short form standing alone ("tom", "mon", "sat") is a word here: a name, the start of one.
AS_TYPED = [
    ("tom", "tom", None),
    ("call tom", "call tom", None),
    ("Tom", "Tom", None),
    ("mon", "mon", None),
    ("monitor", "monitor", None),
    ("sat", "sat", None),
    ("wed", "wed", None),
    ("tues meeting", "tues meeting", None),
    ("tomato", "tomato", None),
    ("today", "", DueRange(TODAY, TODAY)),
    ("tomorrow", "", DueRange(date(2027, 1, 14), date(2027, 1, 14))),
    ("dentist tomorrow", "dentist", DueRange(date(2027, 1, 14), date(2027, 1, 14))),
    ("overdue", "", DueRange(last=date(2027, 1, 12), undone=True)),
    ("no date", "", DueRange(undated=True)),
    ("monday", "", DueRange(date(2027, 1, 18), date(2027, 1, 18))),
    ("Sunday", "", DueRange(date(2027, 1, 17), date(2027, 1, 17))),
    ("next mon", "", DueRange(date(2027, 1, 18), date(2027, 1, 18))),
    ("due fri", "", DueRange(date(2027, 1, 15), date(2027, 1, 15))),
]


@pytest.mark.parametrize(("text", "words", "due"), AS_TYPED)
def test_a_short_form_alone_is_a_word_and_a_date_spelt_out_filters(text, words, due):
    terms = search_terms(text, today=TODAY)
    assert (terms.words, terms.due) == (words, due)


def test_searching_tom_finds_tom_and_tomatoes_whatever_their_dates(owner_client, owner):
    today = owner.today()
    make_task(owner, title="Call Tom about the monitor", due_date=today + timedelta(days=3))
    make_task(owner, title="Buy tomatoes")
    make_task(owner, title="Sat exam prep", due_date=today)
    make_task(owner, title="Tidy up", due_date=today + timedelta(days=1))
    assert found(owner_client, "tom") == {"Call Tom about the monitor", "Buy tomatoes"}
    assert found(owner_client, "mon") == {"Call Tom about the monitor"}
    assert found(owner_client, "sat") == {"Sat exam prep"}
    assert found(owner_client, "tomorrow") == {"Tidy up"}
    assert found(owner_client, "today") == {"Sat exam prep"}


def test_words_stay_words_where_quick_add_keeps_them():
    terms = search_terms('"today" feb 30 sun cream 1/2 cup Tom #x @y p5', today=TODAY)
    assert terms.words == "today feb 30 sun cream 1/2 cup Tom #x @y p5"
    assert not terms.filters


def test_names_are_read_ignoring_case_with_underscores_for_spaces():
    terms = search_terms(
        "#trip_to_LISBON @Email @email p2 milk", today=TODAY, projects={"Trip to Lisbon": 1}, labels={"email": 2}
    )
    assert (terms.words, terms.project, terms.labels, terms.priority) == ("milk", 1, (2,), 2)
