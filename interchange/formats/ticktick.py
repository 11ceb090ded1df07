"""TickTick's CSV backup (Settings → Backup): a few lines about the file ("Date: …",
"Version: …", "Status: 0 Normal, 1 Completed, 2 Archived") before the header, then a row a
task with its folder and list, title, tags, content, dates, reminder, repeat (an RRULE),
priority (0 none, 1 low, 3 medium, 5 high), status, times, order, taskId and parentId.

A list is a project; a folder groups lists in TickTick and has no place here, so it is said
as a loss; a checklist's items stay lines of its description.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time

from icalendar import vDuration

from interchange.drafts import Bundle, DraftTask, Unreadable
from interchange.files import csv_rows, records

PRIORITIES = {"0": 4, "1": 3, "3": 2, "5": 1, "": 4}
DONE = {"1", "2"}  # completed, archived (done, kept out of the lists)


def header_line(text: str) -> int:
    """The line of the header: the first that names the Title and taskId columns."""
    for number, line in enumerate(text.splitlines()[:20]):
        if "Title" in line and "taskId" in line:
            return number
    raise Unreadable("It is not a TickTick backup: no line names its columns (Title … taskId).")


def read(text: str, filename: str, now: datetime) -> Bundle:
    # The lines before the header are quoted and may span lines; the header is found by its
    # columns among the first lines, the CSV reader starting there.
    skipped = header_line(text)
    header, rows = csv_rows(text, header_at=skipped)
    bundle = Bundle("ticktick")
    folders: set[str] = set()
    for where, row in records(header, rows, skipped=skipped + 1):
        task(bundle, where, row, now)
        if row.get("Folder Name"):
            folders.add(row["Folder Name"])
    if folders:
        bundle.notes.append(f"TickTick's folders ({', '.join(sorted(folders))}) group lists; the app has none.")
    return bundle


def task(bundle: Bundle, where: str, row: dict[str, str], now: datetime) -> None:
    zone = time_zone(row.get("Timezone", ""), now)
    draft = DraftTask(
        title=row.get("Title", ""),
        row=where,
        key=row.get("taskId", ""),
        description=row.get("Content", ""),
        project=bundle.project(row.get("List Name")),
        parent=row.get("parentId") or None,
        labels=bundle.label_names(where, [tag.strip().lstrip("#") for tag in row.get("Tags", "").split(",")]),
        priority=PRIORITIES.get(row.get("Priority", ""), 4),
        completed=row.get("Status", "0") in DONE,
        recurrence=(row.get("Repeat") or "").removeprefix("RRULE:") or None,
    )
    if row.get("Priority", "") not in PRIORITIES:
        bundle.lose(where, f"its priority “{row['Priority']}” is none of 0, 1, 3, 5: it is p4")
    if row.get("Folder Name"):
        bundle.lose(where, f"its folder “{row['Folder Name']}”: the app has no folders")
    due = moment(bundle, where, row.get("Due Date") or row.get("Start Date", ""), zone)
    if due is not None:
        draft.due_date = due.date()
        draft.due_time = None if row.get("Is All Day") == "true" else due.time().replace(second=0, microsecond=0)
    draft.completed_at = moment(bundle, where, row.get("Completed Time", ""), zone) if draft.completed else None
    draft.created_at = moment(bundle, where, row.get("Created Time", ""), zone)
    draft.reminders = reminders(bundle, where, row.get("Reminder", ""))
    bundle.add_task(draft)


def time_zone(name: str, now: datetime):
    try:
        return zoneinfo.ZoneInfo(name) if name else now.tzinfo
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now.tzinfo


def moment(bundle: Bundle, where: str, value: str, zone) -> datetime | None:
    """A TickTick time ("2026-06-12T12:10:00+0000") in the task's own time zone."""
    if not value:
        return None
    try:
        found = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            found = datetime.combine(date.fromisoformat(value[:10]), time(), zone)
        except ValueError:
            bundle.lose(where, f"its time “{value}” cannot be read: left out")
            return None
    return found.astimezone(zone)


def reminders(bundle: Bundle, where: str, value: str) -> list[int]:
    """Minutes before the task, from TickTick's reminders ("TRIGGER:-PT15M", "-PT15M", "PT0S",
    several separated by commas)."""
    offsets = []
    for part in filter(None, (item.strip().removeprefix("TRIGGER:") for item in value.split(","))):
        try:
            offset = vDuration.from_ical(part)
        except ValueError:
            bundle.lose(where, f"its reminder “{part}” cannot be read: left out")
            continue
        offsets.append(int(-offset.total_seconds() // 60))
    return offsets
