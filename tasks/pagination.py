"""Keyset ("seek") pagination: the cursor is the sort key of the last row shown.

Unlike OFFSET, the cost of a page does not grow with how deep it is, and a task added
or trashed meanwhile never shows a row twice or skips one.
"""

from __future__ import annotations

import binascii
import json
import uuid
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import BadRequest

MAX_CURSOR_LENGTH = 1000


def encode_cursor(value: datetime | str, pk: uuid.UUID) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(UTC).isoformat()
    raw = json.dumps([value, str(pk)], separators=(",", ":"), ensure_ascii=False)
    return urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(raw: str | None, *, timestamp: bool = True) -> tuple[datetime | str, uuid.UUID] | None:
    """The (sort value, id) in a cursor, None for the first page; a bad cursor is a 400."""
    if not raw:
        return None
    try:
        if len(raw) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        value, pk = json.loads(urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(value, str):
            raise ValueError("not a string")
        if "\x00" in value:
            raise ValueError("NUL")  # PostgreSQL text cannot hold it
        value.encode()  # a lone surrogate (JSON's "\ud800") is no text PostgreSQL can take
        if timestamp:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError("no time zone")
        return value, uuid.UUID(pk)
    except (ValueError, TypeError, AttributeError, binascii.Error) as exc:
        raise BadRequest("This page link is not valid.") from exc


@dataclass
class Page:
    items: list
    next_cursor: str | None


def keyset_page(queryset, size: int, key: str) -> Page:
    """Fetch one row more than shown to learn whether a next page exists, in the same query."""
    rows = list(queryset[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = encode_cursor(getattr(last, key), last.pk)
    return Page(items=items, next_cursor=next_cursor)
