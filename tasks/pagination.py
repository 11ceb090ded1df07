"""Keyset ("seek") pagination: the cursor is the sort key of the last row shown.

Unlike OFFSET, the cost of a page does not grow with how deep it is, and a task added
or trashed meanwhile never shifts a row onto the next page twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import BadRequest


def encode_cursor(moment: datetime, pk: uuid.UUID) -> str:
    # UTC with a "Z": no "+" to be mangled into a space in a query string.
    return f"{moment.astimezone(UTC).isoformat().replace('+00:00', 'Z')}_{pk}"


def decode_cursor(raw: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The (timestamp, id) in a cursor, None for the first page; a bad cursor is a 400."""
    if not raw:
        return None
    moment, _, pk = raw.partition("_")
    try:
        parsed = datetime.fromisoformat(moment), uuid.UUID(pk)
    except ValueError as exc:
        raise BadRequest("This page link is not valid.") from exc
    if parsed[0].tzinfo is None:
        raise BadRequest("This page link is not valid.")
    return parsed


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
