"""The emails the worker sends: a task's reminder and the daily digest, plain text and HTML from
templates, with the task's link, the person's local time, a stable Message-ID and a one-click
unsubscribe (RFC 8058) that turns that kind of email off."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from tasks.rows import task_url
from tasks.wording import clock, full_date, plural, weekday

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
KINDS = {"reminders": "reminder emails", "digest": "the daily digest"}


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def unsubscribe_token(user_id, kind: str) -> str:
    return signing.dumps({"u": str(user_id), "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(user id, kind) of a link this server signed, else None."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("k") not in KINDS or not value.get("u"):
        return None
    return value["u"], value["k"]


def unsubscribe_url(user_id, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders:unsubscribe", args=[unsubscribe_token(user_id, kind)])


def message(user, kind: str, subject: str, template: str, context: dict, message_id: str) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(user.pk, kind)
    context = {**context, "user": user, "unsubscribe_url": unsubscribe, "kind_words": KINDS[kind]}
    mail = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string(f"reminders/email/{template}.txt", context),
        to=[user.email],
        headers={
            # The same for every try of the same reminder: a mail client shows one of two copies
            # sent across a worker's crash (docs/REMINDERS.md, "The window").
            "Message-ID": f"<{message_id}@{site_host()}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.attach_alternative(render_to_string(f"reminders/email/{template}.html", context), "text/html")
    return mail


def local_words(user, moment: datetime) -> str:
    """ "Wednesday 27 Jan 2027 at 17:30", on the person's clock."""
    local = moment.astimezone(user.zone)
    return f"{weekday(local.date())} {full_date(local.date())} at {clock(local.time(), user.time_format)}"


def reminder_message(user, task, occurs_at: datetime, offset_minutes: int) -> EmailMultiAlternatives:
    when = local_words(user, occurs_at)
    context = {
        "task": task,
        "when": when,
        "link": settings.SITE_URL + task_url("edit", task.pk),
        "before": offset_words(offset_minutes),
    }
    message_id = f"reminder.{task.pk}.{int(occurs_at.timestamp())}.{offset_minutes}"
    return message(user, "reminders", f"{task.title} · {when}", "reminder", context, message_id)


def digest_message(user, day, overdue: list, today: list) -> EmailMultiAlternatives:
    count = len(overdue) + len(today)
    context = {
        "day": full_date(day),
        "overdue": [row(user, task) for task in overdue],
        "today": [row(user, task) for task in today],
        "link": settings.SITE_URL + reverse("tasks:today"),
    }
    # No task's words in the subject: it shows on a locked screen.
    subject = f"Your day: {plural(count, 'task')}"
    return message(user, "digest", subject, "digest", context, f"digest.{user.pk}.{day.isoformat()}")


def row(user, task) -> dict:
    return {
        "title": task.title,
        "due": full_date(task.due_date) + (f" at {clock(task.due_time, user.time_format)}" if task.due_time else ""),
        "link": settings.SITE_URL + task_url("edit", task.pk),
    }


def offset_words(minutes: int) -> str:
    if minutes == 0:
        return "now"
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes % size == 0:
            return "in " + plural(minutes // size, unit)
    return "in " + plural(minutes, "minute")
