from __future__ import annotations

from django import template

from accounts import text

register = template.Library()


@register.filter
def initials(user) -> str:
    """One or two letters for the avatar fallback: from the name, else the email."""
    words = (user.name or "").split() or [user.email]
    return "".join(word[0] for word in words[:2]).upper()


# allauth's headings, labels and buttons in the app's sentence case (accounts/text.py).
register.filter("sentence_case", text.sentence_case, is_safe=True)
