"""iCalendar tasks (RFC 5545, VTODO), read and written with `icalendar`.

Read: SUMMARY, DESCRIPTION, DUE (a date, or a time in any time zone, made the person's; a
task with no DUE takes DTSTART), STATUS and COMPLETED, PRIORITY 1-9 (1 p1, 2-4 p2, 5 p3, 6-9
p4; 0 or none p4), CATEGORIES as labels, RRULE, RELATED-TO (a parent, by its UID) and VALARM
(a reminder before the task is due). What the app has no place for (an attachment, an
attendee, a change to one occurrence, an event) is said as a loss.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar

from interchange.drafts import MAX_TASKS, Bundle, DraftTask, Unreadable

PRIORITY_OUT = {1: 1, 2: 3, 3: 5}  # p4: no PRIORITY


def priority_in(value) -> int:
    number = int(value or 0)
    if number == 1:
        return 1
    if 2 <= number <= 4:
        return 2
    return 3 if number == 5 else 4


def read(text: str, filename: str, now: datetime) -> Bundle:
    # Counted before parsing, so a calendar of a hundred thousand parts is refused at once.
    if text.count("BEGIN:VTODO") > MAX_TASKS or text.count("BEGIN:") > 4 * MAX_TASKS:
        raise Unreadable(f"The calendar holds more than {MAX_TASKS:,} tasks, or far more parts than tasks; split it.")
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        raise Unreadable(f"It is not an iCalendar file: {exc}") from exc
    bundle = Bundle("ical")
    events = 0
    for calendar in calendars:
        events += len(calendar.walk("VEVENT"))
        for todo in calendar.walk("VTODO"):
            read_todo(bundle, todo, now)
    if events:
        bundle.notes.append(f"{events} calendar events (not tasks) were left out.")
    if not bundle.tasks:
        raise Unreadable("The calendar holds no tasks (VTODO).")
    return bundle


def read_todo(bundle: Bundle, todo: icalendar.Todo, now: datetime) -> None:
    uid = str(todo.get("UID", ""))
    where = f"task {len(bundle.tasks) + 1}"
    if todo.get("RECURRENCE-ID") is not None:
        bundle.lose(where, "a change to one occurrence of a repeating task: the app keeps the rule only")
        return
    status = str(todo.get("STATUS", "")).upper()
    task = DraftTask(
        title=str(todo.get("SUMMARY", "")),
        row=f"{where} ({todo.get('SUMMARY', '')})"[:80],
        key=uid,
        description=str(todo.get("DESCRIPTION", "")),
        parent=parent_of(todo),
        labels=bundle.label_names(where, [str(name) for name in getattr(todo, "categories", [])]),
        priority=priority_in(todo.get("PRIORITY")),
        completed=status in ("COMPLETED", "CANCELLED") or todo.get("COMPLETED") is not None,
        project=bundle.project(str(todo.get("X-TODO-PROJECT", ""))),
    )
    if status == "CANCELLED":
        bundle.lose(task.row, "it was cancelled: it is done")
    due = todo.get("DUE") or todo.get("DTSTART")
    if due is not None:
        set_due(task, due.dt, now)
    if todo.get("COMPLETED") is not None:
        task.completed_at = as_moment(todo["COMPLETED"].dt, now)
    if todo.get("CREATED") is not None:
        task.created_at = as_moment(todo["CREATED"].dt, now)
    if todo.get("RRULE") is not None:
        task.recurrence = todo["RRULE"].to_ical().decode()
    for name, what in (("ATTACH", "an attachment"), ("ATTENDEE", "an assignee"), ("ORGANIZER", "its organiser")):
        if todo.get(name) is not None:
            bundle.lose(task.row, f"{what}: the app keeps none")
    task.reminders = alarms(bundle, task.row, todo)
    bundle.add_task(task)


def parent_of(todo: icalendar.Todo) -> str | None:
    related = todo.get("RELATED-TO")
    for value in related if isinstance(related, list) else [related] if related is not None else []:
        if str(value.params.get("RELTYPE", "PARENT")).upper() == "PARENT":
            return str(value)
    return None


def set_due(task: DraftTask, value, now: datetime) -> None:
    if isinstance(value, datetime):
        local = value if value.tzinfo is None else value.astimezone(now.tzinfo)
        task.due_date, task.due_time = local.date(), local.time().replace(second=0, microsecond=0)
    elif isinstance(value, date):
        task.due_date = value


def as_moment(value, now: datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=now.tzinfo)
    return datetime.combine(value, datetime.min.time(), now.tzinfo)


def alarms(bundle: Bundle, where: str, todo: icalendar.Todo) -> list[int]:
    """Minutes before the task is due, of each VALARM whose trigger is a duration."""
    offsets = []
    for alarm in todo.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is None or not isinstance(trigger.dt, timedelta):
            bundle.lose(where, "a reminder at a fixed moment: the app's are minutes before the task")
            continue
        offsets.append(int(-trigger.dt.total_seconds() // 60))
    return offsets


def write(sections: dict[str, list[dict]], *, zone, host: str) -> str:
    """The person's live tasks (an export's sections) as one calendar of VTODOs."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//todo//interchange//EN")
    calendar.add("version", "2.0")
    projects = {project["id"]: project["name"] for project in sections["projects"]}
    reminders: dict = {}
    for reminder in sections.get("reminders", []):
        reminders.setdefault(reminder["task_id"], []).append(reminder["offset_minutes"])
    for task in sections["tasks"]:
        if task["deleted_at"] is None and not task["archived"]:
            calendar.add_component(todo_of(task, projects, reminders.get(task["id"], []), zone, host))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def todo_of(task: dict, projects: dict, offsets: list[int], zone, host: str) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("uid", f"{task['id']}@{host}")
    todo.add("dtstamp", task["updated_at"])
    todo.add("created", task["created_at"])
    todo.add("summary", task["title"])
    if task["description"]:
        todo.add("description", task["description"])
    if task["due_date"] is not None:
        due = task["due_date"]
        if task["due_time"] is not None:
            due = datetime.combine(due, task["due_time"], zone)
        todo.add("due", due)
    todo.add("status", "COMPLETED" if task["completed"] else "NEEDS-ACTION")
    if task["completed_at"] is not None and task["completed"]:
        todo.add("completed", task["completed_at"])
    if task["priority"] in PRIORITY_OUT:
        todo.add("priority", PRIORITY_OUT[task["priority"]])
    if task["labels"]:
        todo.add("categories", task["labels"])
    if task["recurrence"]:
        todo.add("rrule", icalendar.vRecur.from_ical(task["recurrence"]))
    if task["parent_id"] is not None:
        todo.add("related-to", f"{task['parent_id']}@{host}", parameters={"RELTYPE": "PARENT"})
    if task["project_id"] in projects:
        # This app's own property (RFC 5545 lets a writer add X- names; other readers skip it),
        # so that a task comes back into its project.
        todo.add("x-todo-project", projects[task["project_id"]])
    for offset in offsets:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", task["title"])
        alarm.add("trigger", timedelta(minutes=-offset), parameters={"RELATED": "END"})
        todo.add_component(alarm)
    return todo
