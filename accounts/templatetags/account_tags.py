from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def initials(user) -> str:
    """One or two letters for the avatar fallback: from the name, else the email."""
    words = (user.name or "").split() or [user.email]
    return "".join(word[0] for word in words[:2]).upper()
