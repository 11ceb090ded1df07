"""What the name of a person's project or label may hold, for every door that makes one: the
forms, the actions, a label made from an `@name` typed in quick add.

The database holds the same rule as a CHECK constraint on `projects.name` and `labels.name`
(`NAME_PATTERN`, migration 0014), so no other door can store such a name either.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# Characters no name may hold, as of Unicode 15.1 (a test checks that this Python knows no
# other): the controls (category Cc: newline, tab, escape...), the line and paragraph
# separators (Zl, Zp), and the invisible format characters (Cf): the bidirectional overrides
# and isolates (U+202A-202E, U+2066-2069) that show a name backwards or reorder what follows
# it on the page, the zero-width space (U+200B) and direction marks (U+200E-200F) that make
# two names look alike, the byte order mark, the soft hyphen, the tags...
REFUSED_RANGES = (
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
REFUSED = frozenset(chr(code) for first, last in REFUSED_RANGES for code in range(first, last + 1))
# The zero-width non-joiner and joiner are format characters too, but the Persian half-space
# and emoji sequences (a woman and a laptop joined into 👩‍💻) need them: allowed between two
# visible characters that are not ASCII, refused elsewhere (the database leaves them to this).
JOINERS = frozenset("\u200c\u200d")


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# REFUSED as a PostgreSQL regular expression, for the CHECK constraints. (A PostgreSQL string
# never holds U+0000, so the first range starts after it.)
NAME_PATTERN = (
    "[" + "".join(_escape(a) if a == b else f"{_escape(max(a, 1))}-{_escape(b)}" for a, b in REFUSED_RANGES) + "]"
)


def is_visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZ"


def shows_something(text: str) -> bool:
    """True when the text shows something: not only spaces, control or format characters (U+200B)."""
    return any(is_visible(char) for char in text)


def hidden_characters(text: str) -> list[str]:
    """The characters of `text` that a name may not hold, in order."""
    found = []
    for at, char in enumerate(text):
        if char in JOINERS:
            before, after = text[at - 1 : at], text[at + 1 : at + 2]
            if not all(side and not side.isascii() and is_visible(side) for side in (before, after)):
                found.append(char)
        elif char in REFUSED:
            found.append(char)
    return found


def describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def clean_name(text: str, noun: str) -> str:
    """`text` as the name of a `noun` ("project", "label"): without its surrounding spaces;
    refused (ValidationError) when it shows nothing, or holds a control or an invisible
    formatting character."""
    name = text.strip()
    if not shows_something(name):
        raise ValidationError(f"Enter a {noun} name you can see.", code="invisible")
    if found := hidden_characters(name):
        raise ValidationError(
            f"A {noun} name cannot hold control or invisible formatting characters; remove {describe(found[0])}.",
            code="hidden_character",
        )
    return name
