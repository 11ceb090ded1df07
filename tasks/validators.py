"""What a name or a title must be, checked alike by the forms and the actions."""

from __future__ import annotations

import unicodedata


def is_visible(text: str) -> bool:
    """True when the text shows something: not only spaces, control or format characters (U+200B)."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)
