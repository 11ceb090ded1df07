"""TickTick's CSV backup (Settings → Backup): a few lines about the file ("Date: …",
"Version: …", "Status: 0 Normal, 1 Completed, 2 Archived") before the header, then a row a
task with its folder and list, title, tags, content, dates, reminder, repeat (an RRULE),
priority (0 none, 1 low, 3 medium, 5 high), status, times, order, taskId and parentId.

A list is a project ("Inbox" is the Inbox); a folder groups lists in TickTick and has no place here, so it is said
as a loss; a checklist's items stay lines of its description.
"""

from __future__ import annotations

import csv
import io
import zoneinfo
from datetime import date, datetime, time

from icalendar import vDuration

from interchange.drafts import Bundle, DraftTask, Unreadable
from interchange.files import csv_rows, records

PRIORITIES = {"0": 4, "1": 3, "3": 2, "5": 1, "": 4}
DONE = {"1", "2"}  # completed, archived (done, kept out of the lists)
# TickTick's own list for tasks in no list: the app's Inbox.
INBOX = "Inbox"


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
        project=bundle.project(row.get("List Name")) if row.get("List Name") != INBOX else None,
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


COLUMNS = [
    "Folder Name",
    "List Name",
    "Title",
    "Kind",
    "Tags",
    "Content",
    "Is Check list",
    "Start Date",
    "Due Date",
    "Reminder",
    "Repeat",
    "Priority",
    "Status",
    "Created Time",
    "Completed Time",
    "Order",
    "Timezone",
    "Is All Day",
    "Is Floating",
    "Column Name",
    "Column Order",
    "View Mode",
    "taskId",
    "parentId",
]
PRIORITY_OUT = {1: "5", 2: "3", 3: "1", 4: "0"}
STAMP = "%Y-%m-%dT%H:%M:%S%z"


def write(sections: dict[str, list[dict]], *, zone, now: datetime) -> str:
    """The person's live tasks (an export's sections) as a TickTick backup: its lines about
    the file, the header, a row a task; the Inbox is TickTick's list "Inbox"."""
    projects = {project["id"]: project["name"] for project in sections["projects"]}
    reminders: dict = {}
    for reminder in sections.get("reminders", []):
        reminders.setdefault(reminder["task_id"], []).append(reminder["offset_minutes"])
    buffer = io.StringIO()
    buffer.write(
        f'"Date: {now.strftime("%Y-%m-%d%z")}"\n"Version: 7.1"\n"Status: \n0 Normal\n1 Completed\n2 Archived"\n'
    )
    out = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    out.writerow(COLUMNS)
    for task in sections["tasks"]:
        if task["deleted_at"] is None and not task["archived"]:
            out.writerow(row_of(task, projects, reminders.get(task["id"], []), zone))
    return buffer.getvalue()


def row_of(task: dict, projects: dict, offsets: list[int], zone) -> list[str]:
    due = ""
    if task["due_date"] is not None:
        due = datetime.combine(task["due_date"], task["due_time"] or time(), zone).strftime(STAMP)
    values = {
        "List Name": projects.get(task["project_id"], INBOX),
        "Title": task["title"],
        "Kind": "TEXT",
        "Tags": ",".join(task["labels"]),
        "Content": task["description"] or "",
        "Is Check list": "N",
        "Due Date": due,
        "Reminder": ",".join(f"TRIGGER:-PT{offset}M" for offset in offsets),
        "Repeat": f"RRULE:{task['recurrence']}" if task["recurrence"] else "",
        "Priority": PRIORITY_OUT[task["priority"]],
        "Status": "1" if task["completed"] else "0",
        "Created Time": task["created_at"].astimezone(zone).strftime(STAMP),
        "Completed Time": task["completed_at"].astimezone(zone).strftime(STAMP) if task["completed_at"] else "",
        "Order": str(task["position"]),
        "Timezone": str(zone),
        "Is All Day": "false" if task["due_time"] else "true",
        "Is Floating": "false",
        "View Mode": "list",
        "taskId": str(task["id"]),
        "parentId": str(task["parent_id"] or ""),
    }
    return [values.get(column, "") for column in COLUMNS]
