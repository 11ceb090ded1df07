"""The reminders app's part of a person's export (todo_project.personal_data)."""

from __future__ import annotations

from reminders.models import CalendarFeed, DigestDelivery, PushSubscription, Reminder, ReminderDelivery


def personal_data(user) -> dict[str, list[dict]]:
    """A task's own reminders, the reminders and digests sent, the browsers subscribed to push
    (their endpoints; not the keys, which only the push service needs), and whether a calendar
    feed exists (not its token, which is kept only as a hash). Not the planned reminders:
    the server computes them again from the tasks."""
    return {
        "reminders": list(
            Reminder.objects.filter(user=user).order_by("task_id", "offset_minutes").values("task_id", "offset_minutes")
        ),
        "reminder_deliveries": list(
            ReminderDelivery.objects.filter(user=user)
            .order_by("sent_at", "id")
            .values("task_id", "occurs_at", "offset_minutes", "sent_at")
        ),
        "digest_deliveries": list(
            DigestDelivery.objects.filter(user=user).order_by("day").values("day", "tasks", "sent_at")
        ),
        "push_subscriptions": list(
            PushSubscription.objects.filter(user=user).order_by("created_at").values("endpoint", "created_at")
        ),
        "calendar_feeds": list(CalendarFeed.objects.filter(user=user).values("created_at")),
    }
