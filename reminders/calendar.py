"""The person's calendar feed (`/calendar/<token>.ics`): their dated active tasks as VEVENTs,
built with icalendar. All-day for a date, one hour for a time (in the person's time zone),
repeating ones with their RRULE, so a calendar shows the same dates the app does.

The rule in the feed is the app's rule as it applies from the task's current due date
(tasks.recurrence.dates): a day from the 29th on is anchored to the month's last day where the
month is shorter (`anchored`), COUNT is what is left of it (the occurrences completed are the
task's completions), UNTIL ends on its whole day. A task repeating from its completion
(`every!`) has no dates ahead that anyone knows: the feed shows its next occurrence alone, as
does a rule by the hour (its next moment depends on when it is done).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from icalendar import Calendar, Event, vRecur

from reminders.mail import site_host
from tasks.models import Task, TaskCompletion
from tasks.recurrence.dates import BY_THE_CLOCK, anchored, rule_fields, until_date, without
from tasks.rows import task_url

PRODID = "-//Todo//Calendar feed//EN"


def feed_tasks(user):
    return (
        Task.objects.filter(user=user)
        .active()
        .filter(due_date__isnull=False)
        .order_by("due_date", "due_time", "id")
        .only("id", "title", "description", "due_date", "due_time", "recurrence", "recur_from_completion", "updated_at")
    )


def feed_rule(task, done: int, zone) -> vRecur | None:
    """The task's RRULE as it applies from its current due date, or None (see the module)."""
    if not task.recurrence or task.recur_from_completion:
        return None
    fields = rule_fields(anchored(task.recurrence, task.due_date))
    if fields["FREQ"] in BY_THE_CLOCK:
        return None
    if "COUNT" in fields:
        fields["COUNT"] = str(max(int(fields["COUNT"]) - done, 1))
    if "UNTIL" in fields:
        last = until_date(fields["UNTIL"])
        # UNTIL is in the same kind of value as DTSTART: a date, or the day's end in UTC.
        fields["UNTIL"] = (
            last.strftime("%Y%m%d")
            if task.due_time is None
            else datetime.combine(last, time(23, 59, 59), tzinfo=zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        )
    return vRecur.from_ical(without(fields))


def build(user) -> tuple[bytes, datetime | None]:
    """The feed's bytes, and when its newest task last changed."""
    zone = user.zone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Todo")
    calendar.add("x-wr-timezone", user.timezone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    tasks = list(feed_tasks(user))
    done = completions(user, [task.pk for task in tasks if task.recurrence])
    host = site_host()
    for task in tasks:
        calendar.add_component(event(task, done.get(task.pk, 0), zone, host))
    calendar.add_missing_timezones()
    return calendar.to_ical(), last_change(user)


def last_change(user) -> datetime | None:
    """When anything the feed shows last changed: any task of the person's (a task completed or
    trashed leaves the feed), or the profile (the time zone)."""
    from django.db.models import Max

    newest = Task.objects.filter(user=user).aggregate(newest=Max("updated_at"))["newest"]
    return max(filter(None, (newest, user.updated_at)), default=None)


def completions(user, ids) -> dict:
    from django.db.models import Count

    rows = TaskCompletion.objects.filter(user=user, task_id__in=ids).values("task_id").annotate(n=Count("id"))
    return {row["task_id"]: row["n"] for row in rows}


def event(task, done: int, zone, host: str) -> Event:
    item = Event()
    item.add("uid", f"{task.pk}@{host}")
    item.add("summary", task.title)
    if task.description:
        item.add("description", task.description)
    item.add("url", settings.SITE_URL + task_url("edit", task.pk))
    item.add("dtstamp", task.updated_at)
    item.add("last-modified", task.updated_at)
    if task.due_time is None:
        item.add("dtstart", task.due_date)
        item.add("dtend", task.due_date + timedelta(days=1))
    else:
        start = datetime.combine(task.due_date, task.due_time, tzinfo=zone)
        item.add("dtstart", start)
        item.add("duration", timedelta(hours=1))
    if (rule := feed_rule(task, done, zone)) is not None:
        item.add("rrule", rule)
    return item
