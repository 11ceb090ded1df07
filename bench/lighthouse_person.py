"""Make the person Lighthouse signs in as, with 300 tasks as a person keeps them:
`manage.py shell < bench/lighthouse_person.py` (bench/lighthouse.sh runs it).

Five projects and four labels; one task in ten repeating; seven in ten dated from two weeks ago
to seven weeks ahead (about one in six overdue), a third of those timed; priorities 1-4; a third
with a note, a few with a Markdown link; one in five done. Made through the actions, as the
pages make them. Running it again replaces the person. Prints the address.
"""

from __future__ import annotations

import random
from datetime import time, timedelta

from allauth.account.models import EmailAddress

from accounts.models import User
from tasks.actions.bulk import apply_bulk
from tasks.actions.organise import create_named, set_labels
from tasks.actions.tasks import create_task
from tasks.models import COLORS, Label, Project, Task
from todo_project import rls
from todo_project.operations import operator_transaction

EMAIL = "lighthouse@bench.todo.invalid"
PASSWORD = "lighthouse password"
TASKS = 300
VERBS = ["Buy", "Call", "Email", "Fix", "Plan", "Review", "Write", "Book", "Clean", "Pay", "Read", "Send"]
OBJECTS = [
    "oat milk", "the dentist", "the quarterly report", "the bike", "a weekend trip", "the pull request",
    "a thank-you letter to Grandma", "flights to Lisbon", "the kitchen", "the rent", "the tax return",
    "the garden gate", "the team's slides", "a birthday present for Sam", "the car insurance", "the plumber",
]  # fmt: skip
NOTES = [
    "Before Friday.",
    "Ask Sam first; see the email thread.",
    "Bring the **receipt** and the warranty card.",
    "Details in [the shared doc](https://example.com/doc).",
]
PROJECTS = ["Home", "Work", "Errands", "Garden", "Trip to Lisbon"]
LABELS = ["waiting", "phone", "5 minutes", "computer"]
REPEATS = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY"]

with operator_transaction():
    User.objects.db_manager("staff").filter(email=EMAIL).delete()
person = User.objects.create_user(EMAIL, PASSWORD, email_verified=True)
EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)

draw = random.Random(300)
today = person.today()
with rls.user_context(person.pk):
    colors = [value for value, _ in COLORS]
    projects = [create_named(person, Project, name=name, color=colors[n]).item for n, name in enumerate(PROJECTS)]
    labels = [create_named(person, Label, name=name, color=colors[n + 5]).item for n, name in enumerate(LABELS)]
    for n in range(TASKS):
        values = {
            "title": f"{VERBS[n % len(VERBS)]} {OBJECTS[(n * 7) % len(OBJECTS)]}",
            "priority": draw.choice([1, 2, 3, 4, 4, 4, 4]),
            "project": draw.choice([*projects, None]),
        }
        if draw.random() < 0.33:
            values["description"] = draw.choice(NOTES)
        if draw.random() < 0.7:
            values["due_date"] = today + timedelta(days=draw.randint(-14, 49))
            if draw.random() < 0.33:
                values["due_time"] = time(draw.randint(8, 18), draw.choice([0, 30]))
            if n % 10 == 0:
                values["recurrence"] = draw.choice(REPEATS)
        task = create_task(person, values).task
        if draw.random() < 0.33:
            set_labels(task, [draw.choice(labels).pk])
    # One in five done: the oldest one-off tasks.
    done = Task.objects.filter(user=person, recurrence__isnull=True).order_by("created_at")[: TASKS // 5]
    apply_bulk(person, [task.pk for task in done], "complete", today=today)
print(EMAIL)
