"""A reminder is planned from the task's due moment in the person's zone, sent once at its moment,
not sent after an edit, a completion or when too late; the email says when, links the task and
can be turned off in one click. In-process, calling the actions the worker's jobs call."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail

from reminders import actions
from reminders.mail import unsubscribe_token
from reminders.models import ReminderDelivery, ScheduledReminder
from reminders.planning import Moment, due_moment
from tests.factories import as_user, make_task, make_user

PARIS = "Europe/Paris"


@pytest.fixture
def person(db):
    return make_user("person@example.com", timezone=PARIS, reminder_offset=10)


def planned(user):
    with as_user(user):
        return list(ScheduledReminder.objects.values_list("occurs_at", "offset_minutes", "fire_at"))


def test_a_due_time_is_read_on_the_persons_clock_across_daylight_saving(person):
    zone = person.zone
    # Paris: UTC+1 in winter, UTC+2 from 29 March 2026 at 02:00.
    assert due_moment(date(2026, 3, 28), time(9), zone) == datetime(2026, 3, 28, 8, tzinfo=UTC)
    assert due_moment(date(2026, 3, 29), time(9), zone) == datetime(2026, 3, 29, 7, tzinfo=UTC)
    # 02:30 does not exist that night: read as 03:30 on the new clock.
    assert due_moment(date(2026, 3, 29), time(2, 30), zone) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # 02:30 happens twice on 25 October: the first one.
    assert due_moment(date(2026, 10, 25), time(2, 30), zone) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_plan_takes_the_persons_default_or_the_tasks_own_reminders(person):
    task = make_task(person, title="Call", due_date=date(2026, 3, 29), due_time=time(9))
    now = datetime(2026, 3, 28, tzinfo=UTC)
    actions.plan(person.pk, [task.pk], now=now)
    assert planned(person) == [(datetime(2026, 3, 29, 7, tzinfo=UTC), 10, datetime(2026, 3, 29, 6, 50, tzinfo=UTC))]
    with as_user(person):
        actions.set_task_reminders(person, task.pk, [0, 60])
    actions.plan(person.pk, [task.pk], now=now)
    assert sorted(offset for _, offset, _ in planned(person)) == [0, 60]


def test_a_task_without_a_time_or_done_or_trashed_has_no_reminder(person):
    now = datetime(2026, 3, 28, tzinfo=UTC)
    dated = make_task(person, title="Some day", due_date=date(2026, 3, 29))
    done = make_task(person, title="Done", due_date=date(2026, 3, 29), due_time=time(9), completed=True)
    trashed = make_task(person, title="Trashed", due_date=date(2026, 3, 29), due_time=time(9), deleted_at=now)
    actions.plan(person.pk, [dated.pk, done.pk, trashed.pk], now=now)
    assert planned(person) == []


def test_a_reminder_is_sent_once_at_its_moment_and_not_before(person):
    task = make_task(person, title="Call the plumber", due_date=date(2026, 3, 29), due_time=time(9))
    occurs = datetime(2026, 3, 29, 7, tzinfo=UTC)
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=occurs - timedelta(minutes=11)) == "early"
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=occurs - timedelta(minutes=10)) == "sent"
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=occurs - timedelta(minutes=9)) == "already sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Todo] Call the plumber · Sunday 29 Mar 2026 at 09:00"
    assert "Due Sunday 29 Mar 2026 at 09:00 (in 10 minutes)." in message.body
    assert f"/tasks/{task.pk}/edit/" in message.body
    assert f"/tasks/{task.pk}/edit/" in message.alternatives[0][0]
    assert message.extra_headers["Message-ID"] == f"<reminder.{task.pk}.{int(occurs.timestamp())}.10@127.0.0.1>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with as_user(person):
        assert ReminderDelivery.objects.count() == 1


def test_an_edit_or_a_completion_after_queueing_sends_nothing(person):
    task = make_task(person, title="Call", due_date=date(2026, 3, 29), due_time=time(9))
    occurs = datetime(2026, 3, 29, 7, tzinfo=UTC)
    with as_user(person):
        type(task).objects.filter(pk=task.pk).update(due_time=time(10))
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=occurs) == "moved"
    with as_user(person):
        type(task).objects.filter(pk=task.pk).update(due_time=time(9), completed=True)
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=occurs) == "gone"
    assert mail.outbox == []


def test_a_reminder_too_late_to_be_useful_is_not_sent(person, settings):
    task = make_task(person, title="Call", due_date=date(2026, 3, 29), due_time=time(9))
    occurs = datetime(2026, 3, 29, 7, tzinfo=UTC)
    late = occurs + timedelta(minutes=settings.REMINDERS_LATE_MINUTES)
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=late + timedelta(seconds=1)) == "too late"
    assert actions.deliver_reminder(person.pk, task.pk, occurs, 10, now=late) == "sent"


def test_another_persons_reminder_cannot_be_sent_through_mine(person, stranger):
    theirs = make_task(stranger, title="Theirs", due_date=date(2026, 3, 29), due_time=time(9))
    occurs = Moment(datetime(2026, 3, 29, 9, tzinfo=UTC), 0).occurs_at
    assert actions.deliver_reminder(person.pk, theirs.pk, occurs, 0, now=occurs) == "gone"


def test_the_digest_lists_overdue_and_todays_tasks_and_nothing_when_there_are_none(person):
    with as_user(person):
        type(person).objects.filter(pk=person.pk).update(digest_hour=7)
    day = date(2026, 3, 29)
    at_seven = datetime(2026, 3, 29, 5, tzinfo=UTC)  # 07:00 in Paris
    assert actions.deliver_digest(person.pk, day, now=at_seven - timedelta(minutes=1)) == "not today"
    assert actions.deliver_digest(person.pk, day, now=at_seven) == "empty"
    assert mail.outbox == []
    make_task(person, title="Secret plan", due_date=day - timedelta(days=2))
    make_task(person, title="Today's", due_date=day, due_time=time(18))
    make_task(person, title="Tomorrow's", due_date=day + timedelta(days=1))
    assert actions.deliver_digest(person.pk, day + timedelta(days=1), now=at_seven + timedelta(days=1)) == "sent"
    assert (
        actions.deliver_digest(person.pk, day + timedelta(days=1), now=at_seven + timedelta(days=1)) == "already sent"
    )
    (message,) = mail.outbox
    assert "Secret" not in message.subject
    assert message.subject == "[Todo] Your day: 3 tasks"
    assert "Overdue:" in message.body and "Secret plan" in message.body and "Tomorrow's" in message.body


def test_one_click_turns_reminder_emails_off(client, person):
    token = unsubscribe_token(person.pk, "reminders")
    assert "Turn off reminder emails" in client.get(f"/reminders/unsubscribe/{token}/").text
    response = client.post(f"/reminders/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You will get no more of reminder emails" in response.text
    person.refresh_from_db()
    assert person.email_reminders is False
    assert client.post("/reminders/unsubscribe/forged/").status_code == 404
