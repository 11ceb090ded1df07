"""When a task reminds: pure, no database.

A timed task is due at its date and time on the person's clock, in their time zone, so a
reminder keeps to the wall clock across a change of daylight saving time: 09:00 is 09:00 in
winter and in summer. A time that does not exist that day (the hour skipped in spring) is
read as the same time before the change, i.e. an hour later on the new clock; a time that
happens twice (autumn) is its first one (zoneinfo's fold=0). A repeating task has one due
moment at a time (completing it moves it to the next occurrence), so each occurrence
reminds once: its reminders are planned again when it moves on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Moment:
    """One reminder: the occurrence's due moment, how many minutes before it, and when it fires."""

    occurs_at: datetime
    offset_minutes: int

    @property
    def fire_at(self) -> datetime:
        return self.occurs_at - timedelta(minutes=self.offset_minutes)


def due_moment(due_date: date, due_time: time, zone: ZoneInfo) -> datetime:
    """The instant (UTC) a task is due: its date and time on the person's clock."""
    local = datetime.combine(due_date, due_time, tzinfo=zone)
    # A wall time in the spring gap: zoneinfo gives it the offset before the change, which
    # is the instant an hour later on the new clock; round-tripping shows the gap.
    return local.astimezone(UTC)


def offsets_for(own: list[int], default: int | None) -> list[int]:
    """A task's own reminders replace the person's default; no default and none of its own: none."""
    if own:
        return sorted(set(own))
    return [] if default is None else [default]


def moments(
    *, due_date: date | None, due_time: time | None, zone: ZoneInfo, own: list[int], default: int | None
) -> list[Moment]:
    """The reminders of a task's current occurrence (a task without a time has none: the
    digest covers dated tasks)."""
    if due_date is None or due_time is None:
        return []
    occurs_at = due_moment(due_date, due_time, zone)
    return [Moment(occurs_at, offset) for offset in offsets_for(own, default)]


def too_late(moment: Moment, now: datetime, late_minutes: int) -> bool:
    """A reminder is no use once its task has been due for `late_minutes`: the worker was
    down, say, and gets to it only now. Before then it still goes, late."""
    return now > moment.occurs_at + timedelta(minutes=late_minutes)
