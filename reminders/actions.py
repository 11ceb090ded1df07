"""Every write the reminders app makes to a person's data: their tasks' own reminders, the
reminders planned, what was sent, push subscriptions, the calendar feed's token, and turning
an email off. Called by the pages and by the worker's jobs (reminders/jobs.py) alike.

A person's work runs as the app role inside their RLS context (`rls.user_context`); only the
cross-person scans (what is due now, whose digest is due) read through the staff role.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from accounts import actions as account_actions
from reminders import channels
from reminders.models import CalendarFeed, PushSubscription, Reminder, ReminderDelivery, ScheduledReminder
from reminders.planning import Moment, moments, too_late
from tasks.actions.base import Result, due_moved, lock_person
from tasks.models import Task
from todo_project import rls

# The scan hands the worker at most this many reminders a minute; the rest wait a minute.
SCAN_BATCH = 5000
# Offsets a task's own reminders may take, at most so many.
MAX_REMINDERS_PER_TASK = 5


def late_minutes() -> int:
    return settings.REMINDERS_LATE_MINUTES


def timed_tasks(user_id, task_ids=None):
    tasks = Task.objects.filter(user_id=user_id).active().filter(due_date__isnull=False, due_time__isnull=False)
    return tasks if task_ids is None else tasks.filter(pk__in=task_ids)


def own_offsets(user_id, task_ids) -> dict:
    found = defaultdict(list)
    for task_id, offset in Reminder.objects.filter(user_id=user_id, task_id__in=task_ids).values_list(
        "task_id", "offset_minutes"
    ):
        found[task_id].append(offset)
    return found


def current_moments(user, task, own: list[int]) -> list[Moment]:
    return moments(
        due_date=task.due_date, due_time=task.due_time, zone=user.zone, own=own, default=user.reminder_offset
    )


def plan(user_id, task_ids=None, *, now: datetime) -> list[ScheduledReminder]:
    """The next reminders of these tasks (all the person's when None) replace those planned:
    a moved due time plans the new moment, a completed, trashed or deleted task none. Those
    already sent or already too late are left out. Returns the rows planned."""
    with rls.user_context(user_id):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        planned = ScheduledReminder.objects.filter(user_id=user_id)
        if task_ids is not None:
            planned = planned.filter(task_id__in=task_ids)
        planned.delete()
        if user is None:
            return []
        tasks = list(timed_tasks(user_id, task_ids).only("id", "due_date", "due_time"))
        ids = [task.pk for task in tasks]
        own = own_offsets(user_id, ids)
        sent = set(
            ReminderDelivery.objects.filter(user_id=user_id, task_id__in=ids).values_list(
                "task_id", "occurs_at", "offset_minutes"
            )
        )
        rows = [
            ScheduledReminder(
                user_id=user_id,
                task_id=task.pk,
                offset_minutes=moment.offset_minutes,
                occurs_at=moment.occurs_at,
                fire_at=moment.fire_at,
            )
            for task in tasks
            for moment in current_moments(user, task, own[task.pk])
            if not too_late(moment, now, late_minutes())
            and (task.pk, moment.occurs_at, moment.offset_minutes) not in sent
        ]
        ScheduledReminder.objects.bulk_create(rows)
    return rows


def allow_waiting() -> None:
    """A second worker on the same reminder waits for the first one's transaction (the unique
    key of reminder_deliveries) instead of failing on the app role's short lock timeout; and
    the transaction may stay open while the mail server answers (EMAIL_TIMEOUT)."""
    patience = f"{settings.EMAIL_TIMEOUT * 3 + 30}s"
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [patience])
        cursor.execute("SELECT set_config('idle_in_transaction_session_timeout', %s, true)", [patience])


def record_delivery(user_id, task_id, moment: Moment) -> bool:
    """Insert the delivery; False when it is already there (sent by another worker or an
    earlier try). Waits for a concurrent transaction that inserted the same one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reminder_deliveries (user_id, task_id, occurs_at, offset_minutes)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT ON CONSTRAINT reminder_deliveries_once DO NOTHING RETURNING id",
            [user_id, task_id, moment.occurs_at, moment.offset_minutes],
        )
        return cursor.fetchone() is not None


def deliver_reminder(user_id, task_id, occurs_at: datetime, offset_minutes: int, *, now: datetime) -> str:
    """Send one reminder if it is still due for that exact occurrence, once.

    In one transaction: the task read again (an edit, a completion or a trashing after the
    job was queued makes it "moved" or "gone"), the delivery inserted, the email and push sent,
    the plan's row removed. A failure to send rolls the delivery back, and the job is retried.
    Returns what happened, in a word.
    """
    wanted = Moment(occurs_at, offset_minutes)
    with rls.user_context(user_id):
        allow_waiting()
        planned = ScheduledReminder.objects.filter(
            user_id=user_id, task_id=task_id, offset_minutes=offset_minutes, occurs_at=occurs_at
        )
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        task = timed_tasks(user_id, [task_id]).first() if user else None
        if task is None:
            planned.delete()
            return "gone"
        if wanted not in current_moments(user, task, own_offsets(user_id, [task_id])[task.pk]):
            return "moved"
        if now < wanted.fire_at:
            return "early"
        planned.delete()
        if too_late(wanted, now, late_minutes()):
            return "too late"
        if not record_delivery(user_id, task_id, wanted):
            return "already sent"
        channels.send_reminder(user, task, wanted)
    return "sent"


def deliver_digest(user_id, day, *, now: datetime) -> str:
    """The person's digest for `day`, once: decided (and recorded) in one transaction with the
    sending; nothing sent, but recorded, when nothing is due."""
    with rls.user_context(user_id):
        allow_waiting()
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None or user.digest_hour is None:
            return "off"
        local = now.astimezone(user.zone)
        if local.date() != day or local.hour < user.digest_hour:
            return "not today"
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO digest_deliveries (user_id, day, tasks) VALUES (%s, %s, 0)"
                " ON CONFLICT ON CONSTRAINT digest_deliveries_once DO NOTHING RETURNING id",
                [user_id, day],
            )
            inserted = cursor.fetchone()
        if not inserted:
            return "already sent"
        tasks = list(
            Task.objects.filter(user_id=user_id)
            .active()
            .filter(due_date__lte=day)
            .order_by("due_date", "due_time", "priority", "id")[: channels.DIGEST_LIMIT + 1]
        )
        if not tasks:
            return "empty"
        with connection.cursor() as cursor:
            cursor.execute("UPDATE digest_deliveries SET tasks = %s WHERE id = %s", [len(tasks), inserted[0]])
        channels.send_digest(user, day, tasks)
    return "sent"


# --- Cross-person: the scans, through the staff role ------------------------------------------


def due_reminders(now: datetime) -> list[ScheduledReminder]:
    """Planned reminders whose moment has come and that are still useful, oldest first (by
    idx_reminder_schedule_fire_at)."""
    return list(
        ScheduledReminder.objects.using("staff")
        .filter(fire_at__lte=now, occurs_at__gte=now - timedelta(minutes=late_minutes()))
        .order_by("fire_at")[:SCAN_BATCH]
    )


def drop_stale(now: datetime) -> int:
    """Forget planned reminders that are too late to send (the worker was down for longer)."""
    cutoff = now - timedelta(minutes=late_minutes())
    deleted, _ = ScheduledReminder.objects.using("staff").filter(fire_at__lt=cutoff, occurs_at__lt=cutoff).delete()
    return deleted


DUE_DIGESTS = """
    SELECT u.id, (%(now)s AT TIME ZONE u.timezone)::date
    FROM users u
    WHERE u.digest_hour IS NOT NULL AND u.is_active
      AND u.timezone IN (SELECT name FROM pg_timezone_names)
      AND u.digest_hour <= extract(hour FROM %(now)s AT TIME ZONE u.timezone)
      AND NOT EXISTS (
          SELECT 1 FROM digest_deliveries d
          WHERE d.user_id = u.id AND d.day = (%(now)s AT TIME ZONE u.timezone)::date
      )
    LIMIT %(limit)s
"""


def due_digests(now: datetime) -> list[tuple]:
    """(person, their day) whose digest hour has come today and whose digest is not decided yet."""
    with connections["staff"].cursor() as cursor:
        cursor.execute(DUE_DIGESTS, {"now": now, "limit": SCAN_BATCH})
        return cursor.fetchall()


# --- A person's own settings --------------------------------------------------------------------


@transaction.atomic
def set_task_reminders(user, task_id, offsets: list[int]) -> Result:
    """A task's own reminders become `offsets` (empty: the person's default again)."""
    lock_person(user.pk)
    task = Task.objects.filter(user=user, pk=task_id).alive().first()
    if task is None:
        return Result(False, "That task is gone.")
    wanted = sorted(set(offsets))[:MAX_REMINDERS_PER_TASK]
    have = set(Reminder.objects.filter(user=user, task=task).values_list("offset_minutes", flat=True))
    if have == set(wanted):
        return Result(False, task=task)
    Reminder.objects.filter(user=user, task=task).exclude(offset_minutes__in=wanted).delete()
    Reminder.objects.bulk_create(
        [Reminder(user=user, task=task, offset_minutes=offset) for offset in wanted if offset not in have]
    )
    due_moved(user.pk, [task.pk])
    return Result(True, "Saved the reminders.", task=task)


def save_task_form_fields(user, task_id, changed: dict) -> Result:
    """The task form's reminders field (reminders.forms.TaskFormFields), when the person changed it."""
    return set_task_reminders(user, task_id, changed["reminders"])


def turn_off_email(user_id, kind: str) -> bool:
    """The one-click unsubscribe: reminder emails or the digest off. False for no such person."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    fields = {"reminders": {"email_reminders": False}, "digest": {"digest_hour": None}}[kind]
    account_actions.update_profile(user, **fields)
    return True


@transaction.atomic
def subscribe_push(user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=p256dh, auth=auth)


@transaction.atomic
def unsubscribe_push(user, endpoint: str) -> int:
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted


def drop_push_subscription(subscription_id) -> None:
    """The push service said the subscription is gone (404 or 410)."""
    PushSubscription.objects.filter(pk=subscription_id).delete()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_calendar_token(user) -> str:
    """A new private feed address for the person; the old one stops working. The token is
    returned once and kept only as its hash."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    return token


@transaction.atomic
def revoke_calendar_token(user) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def purge_deliveries(days: int) -> int:
    """Forget deliveries and digests older than `days` (across people, the staff role): by
    then no job can still be about them."""
    from django.utils import timezone

    from reminders.models import DigestDelivery

    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ReminderDelivery.objects.using("staff").filter(sent_at__lt=cutoff).delete()
    digests, _ = DigestDelivery.objects.using("staff").filter(sent_at__lt=cutoff).delete()
    return deleted + digests
