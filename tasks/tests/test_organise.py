"""Projects, labels, priorities and due dates through the pages: what a person can do, and
what bad input gets (a clear message or a 4xx, nothing saved wrongly)."""

from __future__ import annotations

import zoneinfo
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.actions.tasks import toggle_task, trash_task
from tasks.forms import LabelForm, ProjectForm
from tasks.models import MAX_LABELS_PER_TASK, Label, Project, Task, TaskLabel
from tests.factories import add_label, as_user, make_label, make_project, make_task, reload, titles

pytestmark = pytest.mark.django_db


def labels_of(owner, task) -> set[str]:
    with as_user(owner):
        return set(TaskLabel.objects.filter(task=task).values_list("label__name", flat=True))


def errors(response) -> str:
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


# Projects and labels


def test_a_project_is_made_and_its_page_lists_its_tasks(owner_client, owner):
    response = owner_client.post("/projects/", {"name": "  Home ", "color": "#db4035"})
    with as_user(owner):
        project = Project.objects.get()
    assert response.url == f"/projects/{project.pk}/"
    assert (project.name, project.color) == ("Home", "#db4035")
    make_task(owner, title="In Home", project=project)
    make_task(owner, title="In the Inbox")
    page = owner_client.get(response.url)
    assert titles(page) == ["In Home"]
    assert titles(owner_client.get("/inbox/")) == ["In the Inbox"]
    assert "Home" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("home", "You already have a project named “Home”."),
        ("HOME", "You already have a project named “Home”."),
        ("#Home", "You already have a project named “Home”."),
        ("   ", "This field is required."),
        ("\u200b", "Enter a project name you can see."),
        ("x" * 121, "Ensure this value has at most 120 characters"),
    ],
)
def test_a_bad_project_name_is_refused_with_a_message(owner_client, owner, name, message):
    make_project(owner, "Home")
    response = owner_client.post("/projects/", {"name": name})
    assert response.status_code == 400
    assert message in errors(response)
    with as_user(owner):
        assert list(Project.objects.values_list("name", flat=True)) == ["Home"]


@pytest.mark.parametrize(
    ("url", "form", "model"), [("/projects/", ProjectForm, Project), ("/labels/", LabelForm, Label)]
)
def test_the_number_of_projects_and_labels_is_limited(owner_client, owner, monkeypatch, url, form, model):
    monkeypatch.setattr(form, "limit", 2)
    for name in ("one", "two"):
        assert owner_client.post(url, {"name": name}).status_code == 302
    response = owner_client.post(url, {"name": "three"})
    assert response.status_code == 400
    assert "the most one can keep" in errors(response)
    with as_user(owner):
        assert model.objects.count() == 2


def test_a_colour_must_be_one_of_the_palette(owner_client, owner):
    response = owner_client.post("/labels/", {"name": "x", "color": "red; background: url(x)"})
    assert response.status_code == 400
    assert "Select a valid choice" in errors(response)


def test_a_label_is_renamed_and_deleted_from_its_tasks(owner_client, owner):
    label = make_label(owner, "errands")
    task = make_task(owner, title="Buy milk")
    add_label(label, [task])
    owner_client.post(f"/labels/{label.pk}/edit/", {"name": "shopping", "color": ""})
    assert labels_of(owner, task) == {"shopping"}
    assert owner_client.post(f"/labels/{label.pk}/edit/", {"name": ""}).status_code == 302  # with a message
    assert labels_of(owner, task) == {"shopping"}
    assert "Delete @shopping?" in owner_client.get(f"/labels/{label.pk}/delete/").content.decode()
    owner_client.post(f"/labels/{label.pk}/delete/")
    assert labels_of(owner, task) == set()
    assert reload(owner, task).title == "Buy milk"


def test_a_label_page_lists_the_tasks_with_it(owner_client, owner):
    label = make_label(owner, "errands")
    tagged, other = make_task(owner, title="Tagged"), make_task(owner, title="Other")
    add_label(label, [tagged])
    page = owner_client.get(f"/labels/{label.pk}/")
    assert titles(page) == ["Tagged"]
    assert "@errands" in page.content.decode()
    assert other.title not in titles(page)


def test_someone_elses_project_and_label_pages_are_404(owner_client, stranger):
    project, label = make_project(stranger), make_label(stranger)
    for url in (
        f"/projects/{project.pk}/",
        f"/labels/{label.pk}/",
        f"/projects/{project.pk}/delete/",
        f"/labels/{label.pk}/delete/",
    ):
        assert owner_client.get(url).status_code == 404, url
    for url in (f"/projects/{project.pk}/edit/", f"/projects/{project.pk}/archive/", f"/labels/{label.pk}/delete/"):
        assert owner_client.post(url, {"name": "hijacked"}).status_code == 404, url
    with as_user(stranger):
        assert Project.objects.get().name == "Home"
        assert Label.objects.count() == 1


def test_archiving_a_project_takes_it_out_of_the_sidebar_and_the_pickers(owner_client, owner):
    project = make_project(owner, "Old")
    owner_client.post(f"/projects/{project.pk}/archive/")
    page = owner_client.get("/").content.decode()
    assert f'href="/projects/{project.pk}/"' not in page
    form = owner_client.get(reverse("tasks:create")).context["form"]
    assert project not in form.fields["project"].queryset
    assert "Archived" in owner_client.get(f"/projects/{project.pk}/").content.decode()
    owner_client.post(f"/projects/{project.pk}/archive/", {"action": "unarchive"})
    assert f'href="/projects/{project.pk}/"' in owner_client.get("/").content.decode()


def test_deleting_a_project_trashes_its_tasks_and_undo_brings_both_back(owner_client, owner):
    project = make_project(owner, "Trip", color="#14aaf5")
    kept = make_task(owner, title="Elsewhere")
    inside = [make_task(owner, title=f"Pack {i}", project=project) for i in range(3)]
    response = owner_client.post(f"/projects/{project.pk}/delete/", follow=True)
    page = response.content.decode()
    assert "Deleted the project “Trip” and moved its 3 tasks to the trash." in page
    with as_user(owner):
        assert not Project.objects.exists()
        assert Task.objects.trashed().count() == 3
    assert reload(owner, kept).deleted_at is None
    undo = next(m for m in response.context["messages"]).extra_tags.removeprefix("undo:")
    owner_client.post(undo)
    with as_user(owner):
        restored = Project.objects.get()
        assert (restored.pk, restored.name, restored.color) == (project.pk, "Trip", "#14aaf5")
        assert restored.active_count == 3
    assert sorted(titles(owner_client.get(f"/projects/{project.pk}/"))) == [t.title for t in inside]
    # Undone twice: nothing more comes back, nothing breaks.
    assert owner_client.post(undo).status_code == 302


def test_a_forged_project_undo_link_is_a_400(owner_client):
    assert owner_client.post("/undo/?token=forged").status_code == 400


def test_a_project_undo_link_works_for_its_own_person_only(client, owner, stranger):
    project = make_project(owner, "Mine")
    client.force_login(owner)
    response = client.post(f"/projects/{project.pk}/delete/", follow=True)
    undo = next(m for m in response.context["messages"]).extra_tags.removeprefix("undo:")
    client.force_login(stranger)
    assert client.post(undo).status_code == 400
    with as_user(stranger):
        assert not Project.objects.exists()


# Tasks with the new fields


def test_the_full_form_sets_every_new_field(owner_client, owner):
    project, label = make_project(owner), make_label(owner)
    response = owner_client.post(
        reverse("tasks:create"),
        {
            "title": "Dentist",
            "description": "Bring the card",
            "project": project.pk,
            "labels": [label.pk],
            "priority": "1",
            "due_date": "2027-01-27",
            "due_time": "09:30",
        },
    )
    assert response.status_code == 302
    with as_user(owner):
        task = Task.objects.get()
    assert (task.project_id, task.priority, task.due_date, task.due_time) == (
        project.pk,
        1,
        date(2027, 1, 27),
        time(9, 30),
    )
    assert labels_of(owner, task) == {"errands"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"priority": "0"}, "priority", "Select a valid choice"),
        ({"priority": "5"}, "priority", "Select a valid choice"),
        ({"due_date": "2027-02-30"}, "due_date", "Enter a valid date"),
        ({"due_time": "09:00"}, "due_time", "Add a due date for this time"),
        ({"due_date": "2027-01-01", "due_time": "25:00"}, "due_time", "Enter a valid time"),
    ],
)
def test_bad_task_fields_are_refused_with_a_message(owner_client, owner, fields, field, message):
    response = owner_client.post(reverse("tasks:create"), {"title": "x", **fields})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    with as_user(owner):
        assert not Task.objects.exists()


def test_another_persons_project_or_label_is_not_a_choice(owner_client, owner, stranger):
    project, label = make_project(stranger), make_label(stranger)
    for fields in ({"project": project.pk}, {"labels": [label.pk]}):
        response = owner_client.post(reverse("tasks:create"), {"title": "x", **fields})
        assert "Select a valid choice" in errors(response)
    task = make_task(owner, title="Mine")
    edit = reverse("tasks:edit", args=[task.pk])
    response = owner_client.post(edit, {"title": "Mine", "priority": "4", "project": project.pk})
    assert "Select a valid choice" in errors(response)
    assert reload(owner, task).project_id is None


def test_hundreds_of_labels_on_one_task_are_refused_without_looking_them_up(owner_client, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = [str(make_label(owner, f"l{i}").pk) for i in range(MAX_LABELS_PER_TASK + 1)] + ["x"] * 300
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.post(reverse("tasks:create"), {"title": "x", "labels": ids})
    assert f"A task can have at most {MAX_LABELS_PER_TASK} labels." in errors(response)
    assert not any("IN (" in query["sql"] and "labels" in query["sql"] for query in queries.captured_queries)


def test_editing_labels_adds_and_removes_only_those_changed(owner_client, owner):
    a, b, c = (make_label(owner, name) for name in "abc")
    task = make_task(owner, title="x")
    add_label(a, [task])
    add_label(b, [task])
    page = owner_client.get(reverse("tasks:edit", args=[task.pk]))
    form = page.context["form"]
    assert sorted(str(pk) for pk in form.initial["labels"]) == sorted([str(a.pk), str(b.pk)])
    owner_client.post(
        reverse("tasks:edit", args=[task.pk]),
        {
            "title": "x",
            "initial-title": "x",
            "priority": "4",
            "initial-priority": "4",
            "labels": [b.pk, c.pk],
            "initial-labels": [a.pk, b.pk],
        },
    )
    assert labels_of(owner, task) == {"b", "c"}


def test_quick_add_on_a_project_or_today_gives_the_task_that_page(owner_client, owner):
    project = make_project(owner)
    owner_client.post(reverse("tasks:create"), {"title": "In project", "quick_add": "1", "project": project.pk})
    today = owner.today().isoformat()
    owner_client.post(reverse("tasks:create"), {"title": "Call the bank", "quick_add": "1", "due_date": today})
    with as_user(owner):
        assert Task.objects.get(title="In project").project_id == project.pk
        assert Task.objects.get(title="Call the bank").due_date == owner.today()


# Today and Upcoming, in the person's time zone


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
def test_today_and_upcoming_follow_the_persons_time_zone(client, owner, zone):
    owner.timezone = zone
    owner.save()
    client.force_login(owner)
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
    make_task(owner, title="Overdue", due_date=today - timedelta(days=3))
    make_task(owner, title="Today, untimed", due_date=today, priority=1)
    make_task(owner, title="Today at 8", due_date=today, due_time=time(8), priority=4)
    make_task(owner, title="Today at 8, P2", due_date=today, due_time=time(8), priority=2)
    make_task(owner, title="Tomorrow", due_date=today + timedelta(days=1))
    make_task(owner, title="In a month", due_date=today + timedelta(days=30))
    make_task(owner, title="Done today", due_date=today, completed=True)
    make_task(owner, title="No date")
    # Overdue first, then by time (untimed last), then priority.
    assert titles(client.get("/today/")) == ["Overdue", "Today at 8, P2", "Today at 8", "Today, untimed"]
    upcoming = client.get("/upcoming/")
    assert titles(upcoming) == ["Today at 8, P2", "Today at 8", "Today, untimed", "Tomorrow", "In a month"]
    # Overdue on top, then every day of the next two weeks, then the weeks after, then later.
    headings = [group.heading for group in upcoming.context["groups"]]
    assert headings[0] == "Overdue" and [task.title for task in upcoming.context["groups"][0].tasks] == ["Overdue"]
    assert headings[1].startswith("Today · ") and headings[2].startswith("Tomorrow · ")
    assert len(headings) == 1 + 14 + 1 and " – " in headings[-1]  # "In a month" is in its week
    assert ">4<" in client.get("/").content.decode().split('data-sidebar-count="today"')[1][:5]


def test_the_rows_say_when_where_and_how_urgent(owner_client, owner):
    project, label = make_project(owner, "Home", color="#db4035"), make_label(owner, "errands")
    today = owner.today()
    task = make_task(owner, title="Late", due_date=today - timedelta(days=1), priority=1, project=project)
    add_label(label, [task])
    make_task(owner, title="Soon", due_date=today + timedelta(days=1), due_time=time(17, 30))
    page = owner_client.get("/").content.decode()
    assert 'class="due is-overdue"><time datetime' in page and ">Yesterday</time>" in page
    assert ">Tomorrow 17:30</time>" in page
    assert f'class="meta-project c-db4035" href="/projects/{project.pk}/">Home</a>' in page
    assert f'href="/labels/{label.pk}/">@errands</a>' in page
    assert '<span class="priority p1">P1</span>' in page


# Bulk actions


def bulk(client, tasks, action, **fields):
    return client.post(reverse("tasks:bulk"), {"ids": [t.pk for t in tasks], "action": action, **fields})


def test_bulk_move_priority_labels_and_due_dates(owner_client, owner):
    project, label = make_project(owner, "Work"), make_label(owner, "waiting")
    tasks = [make_task(owner, title=f"T{i}") for i in range(3)]
    bulk(owner_client, tasks[:2], "move", project=project.pk)
    bulk(owner_client, tasks, "priority", priority="2")
    bulk(owner_client, tasks[1:], "label", label=label.pk)
    bulk(owner_client, tasks[1:2], "unlabel", label=label.pk)
    bulk(owner_client, tasks[:1], "due", due_date="2027-03-01")
    got = [reload(owner, t) for t in tasks]
    assert [t.project_id for t in got] == [project.pk, project.pk, None]
    assert [t.priority for t in got] == [2, 2, 2]
    assert [labels_of(owner, t) for t in tasks] == [set(), set(), {"waiting"}]
    assert [t.due_date for t in got] == [date(2027, 3, 1), None, None]
    with as_user(owner):
        assert Project.objects.get().active_count == 2
    bulk(owner_client, tasks[:1], "move", project="")
    bulk(owner_client, tasks[:1], "due", due_date="")
    assert (reload(owner, tasks[0]).project_id, reload(owner, tasks[0]).due_date) == (None, None)


@pytest.mark.parametrize(
    ("action", "fields"),
    [("move", "project"), ("label", "label"), ("unlabel", "label")],
)
def test_bulk_actions_refuse_another_persons_project_or_label(owner_client, owner, stranger, action, fields):
    theirs = {"project": make_project(stranger), "label": make_label(stranger)}[fields]
    task = make_task(owner, title="Mine")
    response = bulk(owner_client, [task], action, **{fields: theirs.pk})
    assert response.status_code == 302
    message = next(iter(response.wsgi_request._messages)).message
    assert "Select a valid choice" in message
    assert reload(owner, task).project_id is None
    assert labels_of(owner, task) == set()


@pytest.mark.parametrize(("priority", "date_text"), [("0", None), ("9", None), (None, "2027-02-30")])
def test_bulk_actions_refuse_bad_values(owner_client, owner, priority, date_text):
    task = make_task(owner, title="x", priority=3)
    if priority is not None:
        bulk(owner_client, [task], "priority", priority=priority)
    else:
        bulk(owner_client, [task], "due", due_date=date_text)
    task = reload(owner, task)
    assert (task.priority, task.due_date) == (3, None)


def test_bulk_labelling_stops_at_the_labels_per_task_limit(owner_client, owner):
    task = make_task(owner, title="x")
    labels = [make_label(owner, f"l{i}") for i in range(MAX_LABELS_PER_TASK + 1)]
    for label in labels[:MAX_LABELS_PER_TASK]:
        add_label(label, [task])
    bulk(owner_client, [task], "label", label=labels[-1].pk)
    assert len(labels_of(owner, task)) == MAX_LABELS_PER_TASK


# Counts kept by the database


def test_project_counts_follow_every_change(owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    tasks = [make_task(owner, title=f"T{i}", project=home) for i in range(4)]
    with as_user(owner):
        toggle_task(owner, tasks[0].pk)
        trash_task(owner, tasks[1].pk)
        Task.objects.filter(pk=tasks[2].pk).update(project=work)
        Task.objects.filter(pk=tasks[3].pk).delete()

        def counts():
            return {p.name: (p.active_count, p.completed_count) for p in Project.objects.all()}

        real = {
            p.name: (
                Task.objects.alive().filter(project=p, completed=False).count(),
                Task.objects.alive().filter(project=p, completed=True).count(),
            )
            for p in Project.objects.all()
        }
        assert counts() == real == {"Home": (0, 1), "Work": (1, 0)}


def test_the_export_carries_projects_labels_and_the_new_fields(client, owner):
    from tests.factories import PASSWORD

    project, label = make_project(owner), make_label(owner)
    task = make_task(owner, title="x", project=project, priority=2, due_date=date(2027, 1, 2))
    add_label(label, [task])
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    data = client.get("/accounts/export/").json()
    assert [p["name"] for p in data["projects"]] == ["Home"]
    assert [label["name"] for label in data["labels"]] == ["errands"]
    (exported,) = data["tasks"]
    assert (exported["project_id"], exported["priority"], exported["due_date"], exported["labels"]) == (
        str(project.pk),
        2,
        "2027-01-02",
        ["errands"],
    )


def test_a_name_typed_with_its_quick_add_sign_is_kept_without_it(owner_client, owner):
    owner_client.post("/labels/", {"name": "@shop"})
    owner_client.post("/projects/", {"name": "#Garden"})
    with as_user(owner):
        assert list(Label.objects.values_list("name", flat=True)) == ["shop"]
        assert list(Project.objects.values_list("name", flat=True)) == ["Garden"]
