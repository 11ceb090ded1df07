"""Keyset ("seek") pagination: the cursor holds the sort keys of the last row shown.

Unlike OFFSET, the cost of a page does not grow with how deep it is, and a task added
or trashed meanwhile never shows a row twice or skips one.
"""

from __future__ import annotations

import binascii
import json
import uuid
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.core.exceptions import BadRequest

MAX_CURSOR_LENGTH = 1000
PAGE_SIZE = 50


class Position(int):
    """A place in the person's own order (tasks.position, a bigint), as a cursor holds it."""


# The type of each sort key, as a page's cursor holds it.
KEY_TYPES = {
    "created_at": datetime,
    "updated_at": datetime,
    "deleted_at": datetime,
    "title": str,
    "due_date": date,
    "due_day": date,
    "due_at": time,
    "priority": int,
    "id": uuid.UUID,
}


@dataclass(frozen=True)
class Sort:
    """A list order: the keys (the task's id last, the tie-breaker), all in one direction."""

    keys: tuple[str, ...]
    descending: bool = False

    @property
    def types(self) -> tuple[type, ...]:
        return tuple(KEY_TYPES[key] for key in self.keys)


# The lists' sort orders. Each walks an index of its own (see Task.Meta.indexes).
SORTS = {
    "newest": Sort(("created_at", "id"), descending=True),
    "oldest": Sort(("created_at", "id")),
    "updated": Sort(("updated_at", "id"), descending=True),
    "title": Sort(("title", "id")),
    # Dated first, soonest first, then by time (untimed last on their day).
    "due": Sort(("due_day", "due_at", "id")),
    # P1 first, then by due date and time.
    "priority": Sort(("priority", "due_day", "due_at", "id")),
}
# Today and Upcoming: by day (overdue first), then time, then priority.
AGENDA = Sort(("due_date", "due_at", "priority", "id"))
# The trash: the most recently trashed first.
TRASHED_ORDER = Sort(("deleted_at", "id"), descending=True)


def as_json(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def encode_cursor(values: tuple) -> str:
    raw = json.dumps([as_json(value) for value in values], separators=(",", ":"), ensure_ascii=False)
    return urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    if "\x00" in value:
        raise ValueError("NUL")  # PostgreSQL text cannot hold it
    value.encode()  # a lone surrogate (JSON's "\ud800") is no text PostgreSQL can take
    return value


def aware_datetime(value) -> datetime:
    moment = datetime.fromisoformat(text(value))
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment


def integer(value) -> int:
    if type(value) is not int or not -32768 <= value <= 32767:
        raise ValueError("not a small integer")
    return value


def big_integer(value) -> Position:
    if type(value) is not int or not -(2**63) <= value < 2**63:
        raise ValueError("not a position")
    return Position(value)


# How each key type is read back from a cursor.
PARSERS = {
    Position: big_integer,
    datetime: aware_datetime,
    date: lambda value: date.fromisoformat(text(value)),
    time: lambda value: time.fromisoformat(text(value)),
    int: integer,
    str: text,
    uuid.UUID: lambda value: uuid.UUID(text(value)),
}


def decode_cursor(raw: str | None, types: tuple[type, ...]) -> tuple | None:
    """The sort keys in a cursor, of `types`; None for the first page; a bad cursor is a 400."""
    if not raw:
        return None
    try:
        if len(raw) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        values = json.loads(urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError("not the page's keys")
        return tuple(PARSERS[kind](value) for kind, value in zip(types, values, strict=True))
    except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeError) as exc:
        raise BadRequest("This page link is not valid.") from exc


@dataclass
class Page:
    items: list
    next_cursor: str | None


def keyset_page(queryset, size: int, keys: tuple[str, ...]) -> Page:
    """Fetch one row more than shown to learn whether a next page exists, in the same query."""
    rows = list(queryset[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = encode_cursor(tuple(getattr(last, key) for key in keys))
    return Page(items=items, next_cursor=next_cursor)
