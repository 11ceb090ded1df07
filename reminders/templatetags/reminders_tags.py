from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("reminders/_push.html")
def push_section() -> dict:
    """The profile's "Notifications on this device" (web push), when the server has VAPID keys."""
    return {"public_key": settings.PUSH_VAPID_PUBLIC_KEY}
