from __future__ import annotations

import uuid
from functools import cache

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def undo_url(message) -> str:
    """The restore URL a "moved to the trash" message carries in its tags, if any."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith("undo:"):
            return tag.removeprefix("undo:")
    return ""


ZERO = str(uuid.UUID(int=0))


@cache
def _task_url_pattern(name: str) -> str:
    return reverse(f"tasks:{name}", args=[ZERO])


@register.filter
def task_url(task, name: str) -> str:
    """reverse("tasks:<name>", args=[task.pk]), reversed once per name: a list page needs
    a few hundred of these, and reverse() costs tens of microseconds each."""
    return _task_url_pattern(name).replace(ZERO, str(task.pk))
