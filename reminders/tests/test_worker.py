"""With a real worker process on the test database and a clock the test moves: a timed task's
reminder arrives once at its minute, a repeating task reminds again for its next occurrence,
a worker killed mid-send and restarted still sends one, two workers at once send one, the
digest goes at the person's hour, and a backlog after an hour without a worker sends what is
still useful."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from time import sleep

import pytest

from reminders.tests.worker import Clock, MailServer, Worker, empty_queue, queue_idle, tick
from tasks.actions.tasks import complete_task, create_task
from tests.factories import as_user, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])

DAY = date(2030, 4, 2)  # a Tuesday; Paris is on summer time (UTC+2)
NINE = datetime(2030, 4, 2, 7, tzinfo=UTC)  # 09:00 in Paris


@pytest.fixture
def mail():
    with MailServer() as server:
        yield server


@pytest.fixture
def clock(tmp_path):
    return Clock(tmp_path / "now", NINE - timedelta(hours=1))


@pytest.fixture
def worker(tmp_path, mail, clock):
    started = []

    def start(name: str = "worker") -> Worker:
        started.append(Worker(tmp_path, mail, clock, name).start())
        return started[-1]

    empty_queue()
    yield start
    for each in started:
        each.stop()
    empty_queue()


@pytest.fixture
def person(db):
    return make_user("person@example.com", timezone="Europe/Paris", reminder_offset=0)


def add(person, title: str, **values):
    with as_user(person):
        return create_task(person, {"title": title, "due_date": DAY, "due_time": time(9), **values}).task


def header(message, name: str) -> str:
    return " ".join(str(message[name]).split())


def subject(message) -> str:
    return header(message, "Subject")


def subjects(messages) -> list[str]:
    return [subject(message) for message in messages]


def test_a_timed_tasks_reminder_arrives_once_at_its_minute(person, mail, clock, worker):
    worker()
    task = add(person, "Call the plumber")
    queue_idle()  # the change planned the reminder
    clock.set(NINE - timedelta(minutes=1))
    tick()
    assert mail.accepted == []
    clock.set(NINE)
    tick()
    (message,) = mail.wait_for(1)
    assert subject(message) == "[Todo] Call the plumber · Tuesday 2 Apr 2030 at 09:00"
    assert header(message, "Message-ID") == f"<reminder.{task.pk}.{int(NINE.timestamp())}.0@todo.example.com>"
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert header(message, "List-Unsubscribe").startswith("<https://todo.example.com/reminders/unsubscribe/")
    text, html = (part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart())
    assert f"https://todo.example.com/tasks/{task.pk}/edit/" in text and "Due Tuesday 2 Apr 2030 at 09:00" in text
    assert f'href="https://todo.example.com/tasks/{task.pk}/edit/"' in html
    for _ in range(2):
        clock.advance(minutes=1)
        tick()
    assert len(mail.accepted) == 1


def test_a_repeating_task_reminds_again_for_its_next_occurrence(person, mail, clock, worker):
    worker()
    task = add(person, "Stand-up", recurrence="FREQ=DAILY")
    queue_idle()
    clock.set(NINE)
    tick()
    mail.wait_for(1)
    with as_user(person):
        done = complete_task(person, task.pk, occurrence=DAY, today=DAY)
    assert done.next_date == DAY + timedelta(days=1)
    queue_idle()
    clock.advance(hours=12)
    tick()
    assert len(mail.accepted) == 1
    clock.set(NINE + timedelta(days=1))
    tick()
    messages = mail.wait_for(2)
    assert subjects(messages) == [
        "[Todo] Stand-up · Tuesday 2 Apr 2030 at 09:00",
        "[Todo] Stand-up · Wednesday 3 Apr 2030 at 09:00",
    ]


def test_an_edit_after_the_reminder_was_planned_moves_it(person, mail, clock, worker):
    from tasks.actions.tasks import update_task

    worker()
    task = add(person, "Dentist")
    queue_idle()
    with as_user(person):
        update_task(person, task.pk, {"due_time": time(10)})
    queue_idle()
    clock.set(NINE)
    tick()
    assert mail.accepted == []
    clock.set(NINE + timedelta(hours=1))
    tick()
    assert subjects(mail.wait_for(1)) == ["[Todo] Dentist · Tuesday 2 Apr 2030 at 10:00"]


def test_a_worker_killed_mid_send_and_restarted_sends_exactly_one(person, mail, clock, worker):
    first = worker("first")
    add(person, "Pay rent")
    queue_idle()
    mail.hold = True
    clock.set(NINE)
    from reminders import jobs

    jobs.tick.defer(timestamp=0)
    assert mail.in_flight.wait(30), first.log.read_text()
    first.kill()  # the message is in flight: the mail server has not said it took it
    mail.release.set()
    sleep(1)
    assert mail.accepted == []
    mail.hold = False
    worker("second")
    tick()
    assert len(mail.wait_for(1)) == 1
    for _ in range(2):
        clock.advance(minutes=1)
        tick()
    assert len(mail.accepted) == 1


def test_two_workers_at_once_send_one(person, mail, clock, worker):
    from reminders import jobs
    from reminders.models import ScheduledReminder

    worker("one"), worker("two")
    add(person, "Water the plants")
    queue_idle()
    clock.set(NINE)
    with as_user(person):
        (row,) = ScheduledReminder.objects.all()
    # The same reminder queued many times over (by the plan, by scans), taken by both workers.
    for attempt in range(6):
        jobs.send.defer(
            user_id=str(person.pk), task_id=str(row.task_id), occurs_at=row.occurs_at.isoformat(), offset_minutes=0
        )
        assert attempt >= 0
    queue_idle()
    assert len(mail.wait_for(1, timeout=2)) == 1


def test_the_digest_goes_at_the_persons_hour(person, mail, clock, worker):
    seven = NINE - timedelta(hours=2)  # 07:00 in Paris
    # Before the worker starts: its own minute tick may run at any moment, on this clock.
    clock.set(seven - timedelta(minutes=1))
    type(person).objects.filter(pk=person.pk).update(digest_hour=7)
    add(person, "Secret project", due_date=DAY - timedelta(days=1), due_time=None)
    add(person, "Today's thing", due_time=time(18))
    worker()
    queue_idle()
    tick()
    assert mail.accepted == []
    clock.set(seven)
    tick()
    (message,) = mail.wait_for(1)
    assert subject(message) == "[Todo] Your day: 2 tasks"
    clock.advance(hours=1)
    tick()
    assert len(mail.accepted) == 1


def test_a_backlog_after_an_hour_without_a_worker_sends_what_is_still_useful(person, mail, clock, worker):
    from reminders.actions import plan

    add(person, "Missed: due an hour ago")
    add(person, "Still useful: due in a day", due_date=DAY + timedelta(days=1), reminders=None)
    add(person, "Still useful: due in ten minutes", due_time=time(10, 10))
    type(person).objects.filter(pk=person.pk).update(reminder_offset=60)
    # No worker ran: the plans are made now, when it starts.
    plan(person.pk, now=NINE - timedelta(hours=2))
    clock.set(NINE + timedelta(hours=1))  # 10:00: an hour after the first was due
    worker()
    tick()
    queue_idle()
    assert sorted(subjects(mail.wait_for(1))) == [
        "[Todo] Still useful: due in ten minutes · Tuesday 2 Apr 2030 at 10:10"
    ]


def test_a_clock_jump_back_or_forward_sends_once(person, mail, clock, worker):
    """The host's clock corrected backwards after a send (the minute comes round again), and
    one jumping forwards past a reminder's minute: each reminder goes once, and one passed over
    by a few minutes still goes."""
    worker()
    add(person, "Call the plumber")
    later = add(person, "Water the plants", due_time=time(9, 30))
    queue_idle()
    clock.set(NINE)
    tick()
    mail.wait_for(1)
    clock.set(NINE - timedelta(minutes=10))  # corrected backwards
    tick()
    clock.set(NINE)
    tick()
    clock.set(NINE + timedelta(minutes=1))
    tick()
    assert subjects(mail.accepted) == ["[Todo] Call the plumber · Tuesday 2 Apr 2030 at 09:00"]
    clock.set(NINE + timedelta(minutes=35))  # jumped past 09:30
    tick()
    mail.wait_for(2)
    clock.advance(minutes=1)
    tick()
    assert len(mail.accepted) == 2 and later.title in subject(mail.accepted[1])
