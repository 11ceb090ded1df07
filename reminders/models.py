"""What the reminders app keeps about a person: a task's own reminders, the reminders planned
and those sent, the digests sent, push subscriptions and the calendar feed's token.

Every table carries `user_id` under the person's row-level security (migration 0001), and its
task, where it has one, through the composite key (task_id, user_id) -> tasks (id, user_id),
cascading: a row can only be about a task of the same person's, and goes with it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import Q

from tasks.models import Task
from todo_project.expressions import DB_NOW

# A reminder at most four weeks before its task is due.
MAX_OFFSET_MINUTES = 4 * 7 * 24 * 60


def person():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


def of_task():
    return models.ForeignKey(Task, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")


class Reminder(models.Model):
    """A task's own reminder, minutes before it is due; a task's reminders replace the person's
    default (`users.reminder_offset`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    task = of_task()
    offset_minutes = models.PositiveIntegerField()

    class Meta:
        db_table = "reminders"
        constraints = [
            # A task's reminders, read by the planner and the edit form; one per offset.
            models.UniqueConstraint(fields=["task", "offset_minutes"], name="reminders_task_offset_key"),
            models.CheckConstraint(
                condition=Q(offset_minutes__lte=MAX_OFFSET_MINUTES), name="reminders_offset_minutes_range"
            ),
        ]
        indexes = [
            # The cascade from users, and the export.
            models.Index(fields=["user"], name="idx_reminders_user"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} -{self.offset_minutes} min"


class ScheduledReminder(models.Model):
    """The next reminder of a task for one offset, written by the planner (reminders.actions.plan)
    whenever the task's due moment changes, removed when it is sent or no longer useful.

    The worker's scan finds what is due by `fire_at` (idx_reminder_schedule_fire_at), across
    people, as the staff role: it never reads `tasks` to find it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    task = of_task()
    offset_minutes = models.PositiveIntegerField()
    # The occurrence's due moment, and the reminder's: occurs_at less the offset.
    occurs_at = models.DateTimeField()
    fire_at = models.DateTimeField()

    class Meta:
        db_table = "reminder_schedule"
        constraints = [
            # Planning again replaces a task's rows (delete by task, then insert).
            models.UniqueConstraint(fields=["task", "offset_minutes"], name="reminder_schedule_task_offset_key"),
        ]
        indexes = [
            # The scan: reminders whose moment has come (fire_at <= now + a minute), oldest first.
            models.Index(fields=["fire_at"], name="idx_reminder_schedule_fire_at"),
            models.Index(fields=["user"], name="idx_reminder_schedule_user"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} at {self.fire_at:%Y-%m-%d %H:%M}"


class ReminderDelivery(models.Model):
    """A reminder sent: inserted in the transaction that decides to send it, so that a second
    worker, a restart or a retried job finds it and sends nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    task = of_task()
    occurs_at = models.DateTimeField()
    offset_minutes = models.PositiveIntegerField()
    sent_at = models.DateTimeField(db_default=DB_NOW)

    class Meta:
        db_table = "reminder_deliveries"
        constraints = [
            # Exactly once: one row per task, occurrence and offset.
            models.UniqueConstraint(fields=["task", "occurs_at", "offset_minutes"], name="reminder_deliveries_once"),
        ]
        indexes = [
            # Purging old deliveries (purge_reminders).
            models.Index(fields=["sent_at"], name="idx_reminder_deliveries_sent"),
            models.Index(fields=["user"], name="idx_reminder_deliveries_user"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.occurs_at:%Y-%m-%d %H:%M} -{self.offset_minutes} min"


class DigestDelivery(models.Model):
    """A day's digest decided: sent, or not sent because there was nothing in it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    # The person's day the digest was for.
    day = models.DateField()
    tasks = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(db_default=DB_NOW)

    class Meta:
        db_table = "digest_deliveries"
        constraints = [
            # One digest per person and day.
            models.UniqueConstraint(fields=["user", "day"], name="digest_deliveries_once"),
        ]
        indexes = [
            # Purging old ones (purge_reminders).
            models.Index(fields=["sent_at"], name="idx_digest_deliveries_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (its endpoint and keys), dropped when the push
    service answers 404 or 410."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    endpoint = models.URLField(max_length=2000)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(db_default=DB_NOW)

    class Meta:
        db_table = "push_subscriptions"
        constraints = [
            # Subscribing again from the same browser replaces its row.
            models.UniqueConstraint(fields=["user", "endpoint"], name="push_subscriptions_user_endpoint_key"),
        ]

    def __str__(self) -> str:
        return self.endpoint


class CalendarFeed(models.Model):
    """The person's calendar feed: the SHA-256 of its token (shown once), one per person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The feed's address is looked up by this, before anyone's context is known (the staff role).
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(db_default=DB_NOW)

    class Meta:
        db_table = "calendar_feeds"

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
