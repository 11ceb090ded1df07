"""todo.txt (the format's own description, github.com/todotxt/todo.txt): one task a line,
read by pytodotxt. `x` and a completion date mark it done; `(A)`-`(D)` are p1-p4 (a done
task keeps its priority as `pri:A`); then the creation date; `+project` (the first is the
task's project), `@context` as a label, `due:YYYY-MM-DD`, and `rec:` (SimpleTask's repeat:
`rec:1w` from completion, `rec:+1w` from the due date; d, w, m, y, b for work days).

The writer makes the same lines from the person's tasks (`write`).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytodotxt

from interchange.drafts import Bundle, DraftTask

PRIORITIES = {"A": 1, "B": 2, "C": 3, "D": 4}
LETTERS = {number: letter for letter, number in PRIORITIES.items()}
UNITS = {"d": "DAILY", "w": "WEEKLY", "m": "MONTHLY", "y": "YEARLY"}
# Every work day, as quick add says "every weekday".
WORK_DAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
# The keys the reader turns into fields; other key:value pairs stay in the title as written.
KEYS = ("due:", "rec:", "pri:")


def read(text: str, filename: str, now: datetime) -> Bundle:
    bundle = Bundle("todotxt")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            read_line(bundle, f"line {number}", pytodotxt.Task(line.strip()), now)
    return bundle


def read_line(bundle: Bundle, where: str, line: pytodotxt.Task, now: datetime) -> None:
    """One line: `x` and dates, then the priority, then the words, tags and key:values."""
    words = (line.description or "").split()
    projects = line.projects
    if len(projects) > 1:
        bundle.lose(where, f"a task has one project here: +{projects[0]} is kept, {', '.join(projects[1:])} left out")
    task = DraftTask(
        title=" ".join(word for word in words if not is_tag(word) and not word.startswith(KEYS)),
        row=where,
        project=bundle.project(projects[0]) if projects else None,
        labels=bundle.label_names(where, line.contexts),
        priority=priority(bundle, where, line),
        completed=line.is_completed,
        completed_at=at_noon(line.completion_date, now),
        created_at=at_noon(line.creation_date, now),
        due_date=due_date(bundle, where, attribute(line, "due")),
    )
    if rec := attribute(line, "rec"):
        repeat(bundle, where, task, rec, now)
    bundle.add_task(task)


def attribute(line: pytodotxt.Task, key: str) -> str | None:
    """The first `key:value` of the line, if any."""
    return (line.attributes.get(key) or [None])[0]


def priority(bundle: Bundle, where: str, line: pytodotxt.Task) -> int:
    """`(A)`-`(D)` as p1-p4; a done task keeps its priority as `pri:A`; below (D) is p4."""
    letter = (line.priority or attribute(line, "pri") or "").upper()
    if letter and letter not in PRIORITIES:
        bundle.lose(where, f"its priority ({letter}) is below (D): it is p4")
    return PRIORITIES.get(letter, 4)


def at_noon(day: date | None, now: datetime) -> datetime | None:
    """A date of the line (it has no time) as a moment: its noon where the person is."""
    return datetime.combine(day, time(12), now.tzinfo) if day else None


def due_date(bundle: Bundle, where: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        bundle.lose(where, f"its due date “{value}” is not YYYY-MM-DD: it has no date")
        return None


def is_tag(word: str) -> bool:
    return len(word) > 1 and word[0] in "+@"


def repeat(bundle: Bundle, where: str, task: DraftTask, rec: str, now: datetime) -> None:
    """`rec:[+]<n><unit>`: every n days, weeks, months, years or work days; `+` counts from
    the due date, without it from completion. A repeating task with no due date starts today."""
    strict = rec.startswith("+")
    body = rec.removeprefix("+")
    count, unit = body[:-1] or "1", body[-1:].lower()
    if not count.isdigit() or unit not in {*UNITS, "b"} or int(count) < 1:
        bundle.lose(where, f"its repeat rec:{rec} cannot be read: left out")
        return
    if unit == "b":
        rule = WORK_DAYS
        if count != "1":
            bundle.lose(where, f"a repeat every {count} work days is every work day here")
    else:
        rule = f"FREQ={UNITS[unit]}" + (f";INTERVAL={count}" if count != "1" else "")
    task.recurrence, task.recur_from_completion = rule, not strict
    if task.due_date is None:
        task.due_date = now.date()


def write_line(task: dict, projects: dict, labels: list[str]) -> str:
    """One of the person's tasks (an export row) as a todo.txt line."""
    parts = []
    if task["completed"]:
        done = task["completed_at"]
        parts += ["x", done.date().isoformat()] if done else ["x"]
    elif task["priority"] in LETTERS and task["priority"] != 4:
        parts.append(f"({LETTERS[task['priority']]})")
    parts.append(task["created_at"].date().isoformat())
    parts.append(" ".join(task["title"].split()))
    if task["project_id"] in projects:
        parts.append("+" + "_".join(projects[task["project_id"]].split()))
    parts += ["@" + "_".join(name.split()) for name in labels]
    if task["due_date"]:
        parts.append(f"due:{task['due_date'].isoformat()}")
    if rec := rec_of(task["recurrence"], task["recur_from_completion"]):
        parts.append(f"rec:{rec}")
    if task["completed"] and task["priority"] != 4:
        parts.append(f"pri:{LETTERS[task['priority']]}")
    return " ".join(parts)


def rec_of(rule: str | None, from_completion: bool) -> str | None:
    """The `rec:` of a plain rule (every n days, weeks, months, years, work days); None for a
    rule todo.txt cannot say."""
    if not rule:
        return None
    fields = dict(part.split("=", 1) for part in rule.split(";"))
    plus = "" if from_completion else "+"
    if rule == WORK_DAYS:
        return f"{plus}1b"
    units = {value: key for key, value in UNITS.items()}
    if set(fields) - {"FREQ", "INTERVAL"} or fields["FREQ"] not in units:
        return None
    return f"{plus}{fields.get('INTERVAL', '1')}{units[fields['FREQ']]}"
