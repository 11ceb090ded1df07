from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def undo_url(message) -> str:
    """The restore URL a "moved to the trash" message carries in its tags, if any."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith("undo:"):
            return tag.removeprefix("undo:")
    return ""
