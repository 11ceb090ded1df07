"""How a reminder reaches the person: email (reminders.mail) and web push to each browser they
subscribed. Called inside the sending transaction (reminders.actions): an email that fails
raises, which rolls the delivery back for the job's retry; a push that fails is logged (the
email is what is retried), and a subscription the push service no longer knows is dropped."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.urls import reverse

from reminders import mail
from reminders.models import PushSubscription
from tasks.rows import task_url

logger = logging.getLogger(__name__)

# A digest lists at most so many tasks, then says how many more.
DIGEST_LIMIT = 50
# A push waits this long at the push service, then is dropped (seconds).
PUSH_TTL = 6 * 60 * 60


def send_reminder(user, task, moment) -> None:
    if user.email_reminders:
        mail.reminder_message(user, task, moment.occurs_at, moment.offset_minutes).send()
    push(
        user,
        {
            "title": task.title,
            "body": "Due " + mail.local_words(user, moment.occurs_at),
            "url": settings.SITE_URL + task_url("edit", task.pk),
            "tag": f"reminder-{task.pk}",
            "done": settings.SITE_URL + reverse("reminders:done", args=[done_token(user, task)]),
        },
    )


def send_digest(user, day, tasks: list) -> None:
    shown = tasks[:DIGEST_LIMIT]
    mail.digest_message(
        user, day, [task for task in shown if task.due_date < day], [task for task in shown if task.due_date >= day]
    ).send()


def done_token(user, task) -> str:
    """A signed link the notification's "Done" button posts to: completes this occurrence."""
    from django.core import signing

    return signing.dumps(
        {"u": str(user.pk), "t": str(task.pk), "d": task.due_date.isoformat()}, salt="reminders.done", compress=True
    )


def push(user, payload: dict) -> int:
    """Send `payload` (JSON) to each of the person's push subscriptions; how many took it."""
    if not settings.PUSH_VAPID_PRIVATE_KEY:
        return 0
    from pywebpush import WebPushException, webpush

    from reminders import actions

    delivered = 0
    for subscription in PushSubscription.objects.filter(user=user):
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=json.dumps(payload),
                vapid_private_key=settings.PUSH_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.PUSH_VAPID_SUBJECT},
                ttl=PUSH_TTL,
                timeout=10,
            )
            delivered += 1
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                actions.drop_push_subscription(subscription.pk)
            else:
                logger.warning("push to %s failed: %s", subscription.pk, exc)
    return delivered
