"""The signed-in pages, rendered for one fixed person at one fixed moment, written to a folder.

Run it on two checkouts and compare the folders: the same bytes mean a change left what the
pages show as it was.

    PAGES_OUT=/some/folder .venv/bin/pytest bench/same_pages.py --create-db -p no:randomly

It is not part of the suite (not under the test paths, not named test_*): pytest collects it
only when given its path. The data are built afresh in the test database, inside the test's
transaction (rolled back after): one person in Europe/Paris with 60 tasks of fixed ids, titles
and timestamps, two projects, three labels, three repeating tasks (one with two completed
occurrences), a few completed and a few in the trash. The clock is frozen, in Python (Django's
`timezone.now`, so `localtime`, `localdate` and the person's `today()` too, and the clock
`timesince` reads); every timestamp stored is given explicitly, so none comes from the
database's `now()`.

What changes with each request and not with the code is replaced by a fixed text: CSRF tokens,
the create forms' one-time `submission` id, the empty-trash form's `asked_at`, and the hashed
part of static files' names. Nothing else is touched.

The list's second page is reached by the first page's "Next page" link. Prints each file's
name, size and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import types
import uuid
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pytest

from tests.factories import as_user, make_user

pytestmark = pytest.mark.django_db

# Wednesday 11 March 2026, 10:30 in Paris.
NOW = dt.datetime(2026, 3, 11, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 11)
ZONE = "Europe/Paris"
EMAIL = "same.pages@example.com"
SEARCH_WORD = "call"

USER_ID = uuid.UUID(int=0x100)
PROJECTS = {  # key: (id, name, colour, position)
    "home": (uuid.UUID(int=0x200), "Home", "#299438", 0),
    "work": (uuid.UUID(int=0x201), "Work", "#4073ff", 1),
}
LABELS = {  # key: (id, name, colour)
    "errands": (uuid.UUID(int=0x300), "errands", "#ff9933"),
    "phone": (uuid.UUID(int=0x301), "phone", "#884dff"),
    "waiting": (uuid.UUID(int=0x302), "waiting", None),
}

TITLES = [
    "Call Grandma on Sunday",
    "Buy milk & eggs",
    "Renew the passport",
    "Book the dentist",
    "Fix the leaking tap",
    "Read “Dune” again",
    "Call the bank about the card",
    "Plan the team offsite",
    "Send the invoice to <ACME>",
    "Clean the gutters",
    "Water the plants",  # 10: every! 3 days
    "Team meeting",  # 11: every Monday, two completed occurrences
    "Pay rent",  # 12: every 15th
    "Draft the quarterly report",
    "Return the library books",
    "Call the plumber",
    "Order printer ink",
    "Update the CV",
    "Back up the laptop",
    "Cancel the gym membership",
    "Prepare slides for Friday",
    "Buy a birthday present for Sam",
    "Review pull request #42",
    "Pick up the dry cleaning",
    "Call Mum",
    "Schedule the car service",
    "Sort the tax papers",
    "Write the thank-you notes",
    "Replace the smoke alarm battery",
    "Organise the garage",
    "Reply to Alex's email",
    "Check the train times",
    "Defrost the freezer",
    "Submit the expense claim",
    "Call the insurance company",
    "Learn 10 Spanish words",
    "Walk the dog",
    "Pay the electricity bill",
    "Set up the new router",
    "Buy stamps",
    "Photograph the meter reading",
    "Book flights for the summer",
    "Tidy the desk",
    "Recycle the old batteries",
    "Make a doctor's appointment",
    "Practise the piano",
    "Bake bread",
    "Clear out the inbox",
    "Fix the bike's brakes",
    "Plant the tomatoes",
    "Mend the fence",
    "Choose paint for the hall",
    "Renew the car insurance",
    "Read the lease",
    "Donate old clothes",
    "Old shopping list",  # 55-59: in the trash
    "Call about the broken fridge",
    "Unsubscribe from newsletters",
    "Draft a blog post",
    "Return the parcel",
]
assert len(TITLES) == 60 and len(set(TITLES)) == 60

DESCRIPTION = "Ask for the 2 o'clock slot.\nBring the form & the old card <both sides>."
TRASHED = range(55, 60)


def task_id(i: int) -> uuid.UUID:
    return uuid.UUID(int=0x1000 + i)


def due_of(i: int) -> tuple[dt.date | None, dt.time | None]:
    """Overdue, today, tomorrow, next week, later, next year or none, some with a time."""
    kind = i % 8
    day = {
        0: None,
        1: TODAY - dt.timedelta(days=1 + i % 3),  # overdue (yesterday or a weekday before)
        2: TODAY,
        3: TODAY + dt.timedelta(days=1),
        4: TODAY + dt.timedelta(days=5 + i % 3),  # next week
        5: TODAY + dt.timedelta(days=20 + i),  # later this year
        6: None,
        7: dt.date(2027, 1, 5) if i % 16 == 7 else dt.date(2025, 12, 30),  # another year
    }[kind]
    at = dt.time(8 + i % 10, (i * 7) % 4 * 15) if day is not None and i % 3 == 0 else None
    return day, at


def task_fields(i: int) -> dict:
    created = NOW - dt.timedelta(seconds=40 * i**3 + 7)  # just now, minutes, hours, days, weeks, months
    due_date, due_time = due_of(i)
    fields = {
        "id": task_id(i),
        "title": TITLES[i],
        "description": None,
        "priority": 1 + i % 4,
        "project_id": PROJECTS["home"][0] if i % 5 in (0, 1) else PROJECTS["work"][0] if i % 5 == 2 else None,
        "due_date": due_date,
        "due_time": due_time,
        "recurrence": None,
        "recur_from_completion": False,
        "completed": i % 6 == 5,
        "created_at": created,
        "updated_at": created + dt.timedelta(minutes=13 * (i % 3)),
        "deleted_at": None,
    }
    if fields["completed"]:
        fields["completed_at"] = fields["updated_at"]
    if i == 3:
        fields["description"] = DESCRIPTION
    if i == 10:
        fields.update(
            due_date=TODAY,
            due_time=dt.time(8, 0),
            recurrence="FREQ=DAILY;INTERVAL=3",
            recur_from_completion=True,
            priority=2,
            project_id=PROJECTS["home"][0],
            completed=False,
        )
    if i == 11:
        fields.update(
            due_date=dt.date(2026, 3, 16),
            due_time=dt.time(10, 0),
            recurrence="FREQ=WEEKLY;BYDAY=MO",
            project_id=PROJECTS["work"][0],
            completed=False,
        )
    if i == 12:
        fields.update(
            due_date=dt.date(2026, 3, 15), due_time=None, recurrence="FREQ=MONTHLY;BYMONTHDAY=15", completed=False
        )
    if i in TRASHED:
        fields["deleted_at"] = NOW - dt.timedelta(hours=3 * (i - 54), minutes=i)
    if not fields["completed"]:
        fields.pop("completed_at", None)
    return fields


def labels_of(i: int) -> list[str]:
    names = []
    if i % 4 == 1 or i % 7 == 3:
        names.append("errands")
    if i % 7 == 3 or i == 11:
        names.append("phone")
    if i % 9 == 4:
        names.append("waiting")
    return names


def build():
    """The person and their data, every id and timestamp fixed."""
    from tasks.models import Label, Project, Task, TaskCompletion, TaskLabel

    user = make_user(EMAIL, id=USER_ID, name="Sam Page", timezone=ZONE)
    with as_user(user):
        Project.objects.bulk_create(
            Project(id=pk, user=user, name=name, color=color, position=position, created_at=NOW, updated_at=NOW)
            for pk, name, color, position in PROJECTS.values()
        )
        Label.objects.bulk_create(
            Label(id=pk, user=user, name=name, color=color, created_at=NOW) for pk, name, color in LABELS.values()
        )
        # In the INSERT itself: the tasks_set_updated_at trigger runs on UPDATE only.
        Task.objects.bulk_create(Task(user=user, **task_fields(i)) for i in range(60))
        TaskLabel.objects.bulk_create(
            TaskLabel(task_id=task_id(i), label_id=LABELS[name][0], user=user)
            for i in range(60)
            for name in labels_of(i)
        )
        TaskCompletion.objects.bulk_create(
            TaskCompletion(
                id=uuid.UUID(int=0x2000 + n), task_id=task_id(11), user=user, due_date=due, completed_at=done
            )
            for n, (due, done) in enumerate(
                [
                    (dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC)),
                    (dt.date(2026, 3, 9), dt.datetime(2026, 3, 9, 11, 40, tzinfo=dt.UTC)),
                ]
            )
        )
    return user


class _FrozenMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, dt.datetime)


class FrozenDateTime(dt.datetime, metaclass=_FrozenMeta):
    """datetime.datetime whose now() is NOW, for modules that read the clock directly."""

    @classmethod
    def now(cls, tz=None):
        return NOW.astimezone(tz) if tz is not None else NOW.replace(tzinfo=None)


def frozen_clock() -> ExitStack:
    import django.utils.timesince

    stack = ExitStack()
    # localtime(), localdate() and User.today() call timezone.now() through the module.
    stack.enter_context(mock.patch("django.utils.timezone.now", lambda: NOW))
    # timesince() calls datetime.datetime.now() when not given a "now".
    clock = types.SimpleNamespace(**{**vars(dt), "datetime": FrozenDateTime})
    stack.enter_context(mock.patch.object(django.utils.timesince, "datetime", clock))
    return stack


def pages(user) -> list[tuple[str, str]]:
    project, label = PROJECTS, LABELS
    return [
        ("list", "/"),
        ("list-active", "/?status=active"),
        ("list-completed", "/?status=completed"),
        ("list-sort-due", "/?sort=due"),
        ("list-sort-priority", "/?sort=priority"),
        ("list-sort-title", "/?sort=title"),
        ("list-search", f"/?q={SEARCH_WORD}"),
        ("list-select", "/?select=1"),
        ("inbox", "/inbox/"),
        ("today", "/today/"),
        ("upcoming", "/upcoming/"),
        ("projects", "/projects/"),
        *((f"project-{key}", f"/projects/{project[key][0]}/") for key in project),
        ("labels", "/labels/"),
        *((f"label-{key}", f"/labels/{label[key][0]}/") for key in label),
        ("trash", "/trash/"),
        ("task-new", "/tasks/new/"),
        ("task-edit-repeating", f"/tasks/{task_id(11)}/edit/"),
        ("task-edit-plain", f"/tasks/{task_id(3)}/edit/"),
        ("parse", "/tasks/parse/?title=Water the plants every! 3 days at 8am p2"),
        ("profile", "/accounts/profile/"),
    ]


# What changes with each request, not with the code.
NORMALISE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")'), r"\1CSRF\2"),
    (re.compile(r'(<meta name="[^"]*csrf[^"]*" content=")[^"]*(")', re.IGNORECASE), r"\1CSRF\2"),
    (re.compile(r'(name="submission" value=")[^"]*(")'), r"\1SUBMISSION\2"),
    (re.compile(r'(name="asked_at" value=")[^"]*(")'), r"\1ASKED_AT\2"),
    # A manifest storage's hashed names: app.1a2b3c4d5e6f.css -> app.css.
    (re.compile(r"(/static/[^\"'\s?#]*?)\.[0-9a-f]{12}(\.[A-Za-z0-9]+)"), r"\1\2"),
]


def normalise(body: str) -> str:
    for pattern, replacement in NORMALISE:
        body = pattern.sub(replacement, body)
    return body


def test_same_pages(client, capsys):
    out = os.environ.get("PAGES_OUT")
    assert out, "set PAGES_OUT to the folder the pages go to"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with frozen_clock():
        user = build()
        client.force_login(user)
        todo = pages(user)
        while todo:
            name, path = todo.pop(0)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            is_json = response["Content-Type"].startswith("application/json")
            if is_json:
                json.loads(response.content)
            body = normalise(response.content.decode()).encode()
            file = out / f"{name}.{'json' if is_json else 'html'}"
            file.write_bytes(body)
            rows.append((file.name, path, len(body), hashlib.sha256(body).hexdigest()))
            if name == "list":  # 60 tasks, 50 a page: the rest of them, by the page's own link
                following = re.search(r'href="([^"]*)" rel="next"', body.decode())
                assert following, "no next page on /"
                todo.insert(0, ("list-page-2", html.unescape(following.group(1))))
    with capsys.disabled():
        print()
        width = max(len(row[0]) for row in rows)
        for file, _path, size, digest in rows:
            print(f"{file:<{width}}  {size:>7}  {digest}")
