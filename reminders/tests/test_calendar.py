"""The calendar feed: its address made on the profile, shown once, stored hashed, revocable; the
feed parses, and its recurring events expand to the dates the app itself gives each task for a
year; ETag and Last-Modified answer 304s; a wrong token is a 404."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events

from reminders.models import CalendarFeed
from tasks.recurrence.dates import first_date, next_date
from tests.factories import as_user, make_task, make_user

# The feed's address is looked up through the staff role's connection, which sees committed rows.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])

START = date(2027, 1, 31)
RULES = [
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=MO,FR",
    # As quick add stores "every month" and "every year" from the 31st: the month's last day
    # where it is shorter.
    "FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1",
    "FREQ=MONTHLY;BYDAY=3FR",
    "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31,-1;BYSETPOS=1",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=5",
    "FREQ=DAILY;UNTIL=20270210",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
]


@pytest.fixture
def person():
    return make_user("person@example.com", timezone="America/New_York")


def feed_address(client) -> str:
    page = client.post("/accounts/calendar/", {"action": "new"}).text
    return re.search(r'value="https?://[^/]+(/calendar/[^"]+\.ics)"', page).group(1)


def app_dates(rule: str, start: date, until: date) -> list[date]:
    """The app's own occurrences: the task completed on each of its dates in turn."""
    dates, day, done = [], start, 0
    while day is not None and day <= until:
        dates.append(day)
        day, done = next_date(rule, due=day, today=day, from_completion=False, done=done), done + 1
    return dates


def test_the_feed_expands_to_the_apps_own_dates_for_a_year(client, person):
    # Each task starts on its rule's first date, as quick add and the edit form set it.
    tasks = {rule: make_task(person, title=rule, due_date=first_date(rule, START), recurrence=rule) for rule in RULES}
    timed = make_task(person, title="Timed", due_date=START, due_time=time(9, 30), recurrence="FREQ=WEEKLY")
    client.force_login(person)
    response = client.get(feed_address(client))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    end = START + timedelta(days=365)
    expanded = recurring_ical_events.of(calendar).between(START, end + timedelta(days=1))
    by_uid: dict[str, list] = {}
    for event in expanded:
        by_uid.setdefault(str(event["UID"]), []).append(event["DTSTART"].dt)
    for rule, task in tasks.items():
        assert sorted(by_uid[f"{task.pk}@127.0.0.1"]) == app_dates(rule, task.due_date, end), rule
    moments = sorted(by_uid[f"{timed.pk}@127.0.0.1"])
    assert moments[0] == datetime(2027, 1, 31, 9, 30, tzinfo=person.zone)
    # 09:30 in New York on both sides of the change to summer time (14 March 2027).
    assert {moment.astimezone(person.zone).time() for moment in moments} == {time(9, 30)}
    assert {moment.utcoffset() for moment in moments} == {timedelta(hours=-5), timedelta(hours=-4)}


def test_the_address_is_shown_once_stored_hashed_and_revocable(client, person):
    client.force_login(person)
    address = feed_address(client)
    token = address.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with as_user(person):
        (feed,) = CalendarFeed.objects.all()
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in client.get("/accounts/calendar/").text
    client.logout()
    assert client.get(address).status_code == 200
    client.force_login(person)
    second = feed_address(client)
    client.logout()
    assert client.get(address).status_code == 404  # a new address revokes the old
    assert client.get(second).status_code == 200
    client.force_login(person)
    client.post("/accounts/calendar/", {"action": "revoke"})
    client.logout()
    assert client.get(second).status_code == 404
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404


def test_the_feed_answers_304_until_something_changes(client, person):
    task = make_task(person, title="Dentist", due_date=START)
    client.force_login(person)
    address = feed_address(client)
    first = client.get(address)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(address, headers={"if-none-match": etag}).status_code == 304
    assert client.get(address, headers={"if-modified-since": modified}).status_code == 304
    with as_user(person):
        type(task).objects.filter(pk=task.pk).update(title="Dentist at 9")
    changed = client.get(address, headers={"if-none-match": etag})
    assert changed.status_code == 200 and b"Dentist at 9" in changed.content


def test_the_feed_shows_only_the_persons_own_dated_active_tasks(client, person):
    stranger = make_user("stranger@example.com")
    make_task(stranger, title="Theirs", due_date=START)
    make_task(person, title="Undated")
    make_task(person, title="Done", due_date=START, completed=True)
    make_task(person, title="Mine", due_date=START)
    client.force_login(person)
    calendar = icalendar.Calendar.from_ical(client.get(feed_address(client)).content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Mine"]
