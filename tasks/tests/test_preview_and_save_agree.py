"""What the add box's preview says is what saving the same text makes: one parse, one result."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.models import Label, Project, Task, TaskLabel
from tests.factories import as_user, make_project

pytestmark = pytest.mark.django_db

# What people type into an add box, in pieces, from Todoist's and TickTick's help pages and
# everyday lists; joined at random into phrases.
WORDS = st.sampled_from(
    [
        "Call mum", "Pay rent", "buy milk", "review the report", "dentist", "https://example.com/a?due=tomorrow",
        "bob@example.com", "\"next friday\"", "tomorrow", "tom", "today", "tonight", "next week", "next monday",
        "on friday", "by monday", "in 3 days", "in two weeks", "jan 27", "27 jan", "27/01", "the 15th",
        "at 9", "at 5pm", "17:30", "noon", "every day", "every monday", "every! 3 days", "every 2 weeks on monday",
        "every month on the 15th", "every weekday", "daily", "weekly", "ev friday", "every evening at 8pm",
        "#Home", "#Work_stuff", "#Nowhere", "@errands", "@phone", "p1", "p3", "!!2",
    ]
)  # fmt: skip


@given(pieces=st.lists(WORDS, min_size=1, max_size=6))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_saving_a_phrase_makes_what_its_preview_said(owner_client, owner, pieces):
    text = " ".join(pieces)
    with as_user(owner):
        Task.objects.all().delete()
        for name in ("Home", "Work stuff"):
            if not Project.objects.filter(name=name).exists():
                make_project(owner, name)
    said = owner_client.get("/tasks/parse/", {"title": text}).json()["fields"]
    owner_client.post("/tasks/new/", {"title": text, "quick_add": "1"})
    with as_user(owner):
        task = Task.objects.get()
        labels = sorted(
            Label.objects.filter(pk__in=TaskLabel.objects.filter(task=task).values("label_id")).values_list(
                "name", flat=True
            )
        )
        project = Project.objects.get(pk=task.project_id).name if task.project_id else None
    saved = {
        "title": task.title,
        "project": project,
        "labels": labels,
        "priority": task.priority,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "due_time": task.due_time.strftime("%H:%M") if task.due_time else None,
        "recurrence": task.recurrence,
        "recur_from_completion": task.recur_from_completion,
    }
    assert saved == {**said, "labels": sorted(said["labels"])}, text


def test_the_preview_gives_each_field_it_read(owner_client, owner):
    make_project(owner, "Home")
    fields = owner_client.get("/tasks/parse/", {"title": "Water plants every! 3 days at 8am #Home @garden p2"}).json()
    assert fields["fields"]["project"] == "Home" and fields["fields"]["labels"] == ["garden"]
    assert fields["fields"]["priority"] == 2 and fields["fields"]["due_time"] == time(8).strftime("%H:%M")
    assert fields["fields"]["recurrence"] == "FREQ=DAILY;INTERVAL=3" and fields["fields"]["recur_from_completion"]
    assert date.fromisoformat(fields["fields"]["due_date"]) >= owner.today()
