"""Preview, then import, through the pages: all or nothing, once per file, into the person's
projects of the same name; and each format's round trip (import, export in that format,
import into a fresh account: the same data where the format can carry it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from interchange.models import ImportedTask, Upload
from tasks.models import Label, Project, Section, Task, TaskLabel
from tests.factories import PASSWORD, as_user, make_project, make_user

FILES = Path(__file__).parent / "files"


def upload(client, name: str, content: bytes | None = None, format: str = "auto"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content if content is not None else (FILES / name).read_bytes()
    return client.post("/accounts/import/", {"file": SimpleUploadedFile(name, data), "format": format})


def import_file(client, user, name: str, content: bytes | None = None, format: str = "auto"):
    preview = upload(client, name, content, format)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    with as_user(user):
        pk = Upload.objects.filter(user=user).latest("created_at").pk
    return client.post(f"/accounts/import/{pk}/", follow=True)


def snapshot(user) -> list[tuple]:
    """The person's tasks as they read: title, project, section, parent's title, labels,
    priority, dates, repeat, done, trashed, in the order of their position."""
    with as_user(user):
        projects = dict(Project.objects.filter(user=user).values_list("pk", "name"))
        sections = dict(Section.objects.filter(user=user).values_list("pk", "name"))
        titles = dict(Task.objects.filter(user=user).values_list("pk", "title"))
        labels = {}
        for task_id, name in TaskLabel.objects.filter(user=user).values_list("task_id", "label__name"):
            labels.setdefault(task_id, []).append(name)
        return sorted(
            (
                task.title,
                projects.get(task.project_id),
                sections.get(task.section_id),
                titles.get(task.parent_id),
                tuple(sorted(labels.get(task.pk, []))),
                task.priority,
                task.due_date,
                task.due_time,
                task.recurrence,
                task.recur_from_completion,
                task.completed,
                task.deleted_at is not None,
            )
            for task in Task.objects.filter(user=user)
        )


@pytest.mark.django_db
def test_the_preview_shows_counts_first_rows_and_what_cannot_come_across_then_saves_nothing(owner_client, owner):
    response = upload(owner_client, "Groceries.csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>4</strong> tasks" in page and "<strong>1</strong> section" in page
    assert "Buy milk" in page and "@errands" in page and "every Monday" in page.replace("every monday", "every Monday")
    assert "the app has no assignees: Anna (123) left out" in page
    assert page.count(">Import</button>") == 1 and page.count('action="/accounts/import/') == 1
    assert snapshot(owner) == []


@pytest.mark.django_db
def test_importing_makes_the_tasks_says_what_it_made_and_a_second_time_adds_nothing(owner_client, owner):
    response = import_file(owner_client, owner, "Groceries.csv")
    assert response.redirect_chain[-1][0] == "/"
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Imported 4 tasks, 1 project, 1 section and 2 labels."]
    first = snapshot(owner)
    assert ("Oat milk too", "Groceries", None, "Buy milk", (), 1, None, None, None, False, False, False) in first
    again = import_file(owner_client, owner, "Groceries.csv")
    assert [str(message) for message in again.context["messages"]] == [
        "Imported 0 tasks. 4 tasks of the file had been imported before."
    ]
    assert snapshot(owner) == first


@pytest.mark.django_db
def test_a_second_file_goes_into_the_project_of_the_same_name_whatever_its_case(owner_client, owner):
    make_project(owner, "GROCERIES")
    import_file(owner_client, owner, "Groceries.csv")
    other = b"TYPE,CONTENT,PRIORITY,INDENT\ntask,Buy bread,2,1\n"
    import_file(owner_client, owner, "groceries.csv", other)
    with as_user(owner):
        assert list(Project.objects.filter(user=owner).values_list("name", flat=True)) == ["GROCERIES"]
        assert Task.objects.filter(user=owner, project__name="GROCERIES").count() == 5


@pytest.mark.django_db
def test_an_import_refused_halfway_leaves_nothing_behind(owner_client, owner, monkeypatch):
    from tasks.actions import tasks as task_actions

    real = task_actions.create_task
    calls = []

    def refuse_the_third(user, values, **kwargs):
        calls.append(values["title"])
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(user, values, **kwargs)

    monkeypatch.setattr(task_actions, "create_task", refuse_the_third)
    owner_client.raise_request_exception = False
    preview = upload(owner_client, "Groceries.csv")
    assert preview.status_code == 200
    with as_user(owner):
        pk = Upload.objects.get(user=owner).pk
    assert owner_client.post(f"/accounts/import/{pk}/").status_code == 500
    assert snapshot(owner) == []
    with as_user(owner):
        assert not Project.objects.filter(user=owner).exists()
        assert not ImportedTask.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_another_persons_upload_is_not_found(owner_client, stranger):
    from django.test import Client

    theirs = Client()
    theirs.force_login(stranger)
    upload(theirs, "todo.txt")
    with as_user(stranger):
        pk = Upload.objects.get(user=stranger).pk
    assert owner_client.post(f"/accounts/import/{pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Groceries.csv", "ticktick-backup.csv", "todo.txt", "tasks.ics"])
def test_each_format_imports_in_one_go(owner_client, owner, name):
    response = import_file(owner_client, owner, name)
    assert [str(m) for m in response.context["messages"]][0].startswith("Imported ")
    assert len(snapshot(owner)) >= 4


def export(client, user, format: str | None = None) -> bytes:
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client.get("/accounts/export/" + (f"?format={format}" if format else "")).content


# What each format can carry back: the snapshot's fields it keeps (by position in the tuple).
CARRIED = {
    # todo.txt: title, project, labels, priority, date, repeat, done (no sections, parents, times).
    "todotxt": (0, 1, 4, 5, 6, 8, 9, 10),
    # iCalendar: all but the section (and the trash: the export has live tasks only).
    "ics": (0, 1, 3, 4, 5, 6, 7, 8, 10),
    # TickTick: all but the section and whether a repeat counts from completion.
    "ticktick": (0, 1, 3, 4, 5, 6, 7, 8, 10),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "format", "extension"),
    [
        ("todo.txt", "todotxt", "txt"),
        ("tasks.ics", "ics", "ics"),
        ("ticktick-backup.csv", "ics", "ics"),
        ("ticktick-backup.csv", "ticktick", "csv"),
        ("tasks.ics", "ticktick", "csv"),
        ("Groceries.csv", "ticktick", "csv"),
    ],
)
def test_a_round_trip_through_a_format_keeps_what_the_format_carries(client, owner, name, format, extension):
    client.force_login(owner)
    import_file(client, owner, name)
    body = export(client, owner, format)
    fresh = make_user("fresh@example.com", timezone=owner.timezone)
    client.force_login(fresh)
    import_file(client, fresh, f"export.{extension}", body)

    def carried(user):
        return sorted(tuple(row[i] for i in CARRIED[format]) for row in snapshot(user))

    assert carried(fresh) == carried(owner)


@pytest.mark.django_db
def test_the_icalendar_export_parses_back_and_expands_to_the_apps_own_dates(client, owner):
    client.force_login(owner)
    import_file(client, owner, "tasks.ics")
    calendar = Calendar.from_ical(export(client, owner, "ics"))
    todos = {str(todo["SUMMARY"]): todo for todo in calendar.walk("VTODO")}
    assert set(todos) >= {"Submit quarterly report", "Renew the car insurance"}
    with as_user(owner):
        renew = Task.objects.get(user=owner, title="Renew the car insurance")
    found = recurring_ical_events.of(calendar, components=["VTODO"]).between((2027, 1, 1), (2030, 1, 1))
    days = sorted(todo["DUE"].dt for todo in found if str(todo["SUMMARY"]) == "Renew the car insurance")
    assert days[:3] == [renew.due_date.replace(year=2027 + n) for n in range(3)]


@pytest.mark.django_db
def test_the_json_round_trip_on_a_person_with_every_kind_of_data_loses_nothing(client, owner):
    from interchange.actions import archive
    from reminders.actions import set_task_reminders
    from tasks.actions import organise, structure
    from tasks.actions import tasks as task_actions

    client.force_login(owner)
    import_file(client, owner, "Groceries.csv")
    import_file(client, owner, "tasks.ics")
    with as_user(owner):
        home = organise.create_named(owner, Project, name="Home", color="#db4035").item
        organise.create_named(owner, Label, name="spare", color="#299438")
        organise.archive_project(owner, Project.objects.get(user=owner, name="Groceries").pk)
        section = structure.create_section(owner, home.pk, "Garden").item
        structure.set_collapsed(owner, Section, section.pk, True)
        weekly = task_actions.create_task(
            owner,
            {"title": "Mow", "section": section.pk, "due_date": owner.today(), "recurrence": "FREQ=WEEKLY"},
        ).task
        task_actions.complete_task(owner, weekly.pk)
        first = task_actions.create_task(owner, {"title": "First", "project": home.pk}).task
        second = task_actions.create_task(owner, {"title": "Second", "project": home.pk}).task
        structure.move_task(owner, second.pk, before=first.pk)
        set_task_reminders(owner, task_actions.create_task(owner, {"title": "Timed"}).task.pk, [10, 60])
        task_actions.trash_task(owner, task_actions.create_task(owner, {"title": "Binned"}).task.pk)
        done = task_actions.create_task(owner, {"title": "Old and done", "completed": True}).task
        archive(owner, [done.pk])
    from accounts import actions as account_actions

    account_actions.update_profile(owner, timezone="Asia/Tokyo")
    body = export(client, owner)
    fresh = make_user("fresh@example.com")
    client.force_login(fresh)
    response = import_file(client, fresh, "export.json", body)
    assert [str(m) for m in response.context["messages"]][0].startswith("Imported ")
    again = json.loads(export(client, fresh))
    before = json.loads(body)
    assert same_data(again) == same_data(before)
    fresh.refresh_from_db()
    assert fresh.timezone == "Asia/Tokyo"


def same_data(export: dict) -> dict:
    """An export with each account's own ids and bookkeeping times replaced by what they name."""
    titles = {task["id"]: task["title"] for task in export["tasks"]}
    projects = {project["id"]: project["name"] for project in export["projects"]}
    sections = {section["id"]: section["name"] for section in export["sections"]}
    tasks = sorted(
        (
            {
                **{k: v for k, v in task.items() if k not in ("id", "updated_at")},
                "parent_id": titles.get(task["parent_id"]),
                "project_id": projects.get(task["project_id"]),
                "section_id": sections.get(task["section_id"]),
            }
            for task in export["tasks"]
        ),
        key=lambda task: (task["title"], task["created_at"]),
    )
    return {
        "timezone": export["user"]["timezone"],
        "tasks": tasks,
        "projects": [
            {k: v for k, v in p.items() if k not in ("id", "created_at", "updated_at")} for p in export["projects"]
        ],
        "sections": sorted(
            (
                {
                    **{k: v for k, v in s.items() if k not in ("id", "created_at", "position")},
                    "project_id": projects[s["project_id"]],
                }
                for s in export["sections"]
            ),
            key=lambda s: (s["project_id"], s["name"]),
        ),
        "labels": sorted((label["name"], label["color"]) for label in export["labels"]),
        "task_completions": sorted(
            (titles[c["task_id"]], c["due_date"], c["completed_at"]) for c in export["task_completions"]
        ),
        "reminders": sorted((titles[r["task_id"]], r["offset_minutes"]) for r in export["reminders"]),
    }


def big_todo_txt(count: int) -> bytes:
    return "".join(f"Task {n} +Big @many\n" for n in range(count)).encode()


@pytest.mark.django_db
def test_a_large_file_is_imported_by_the_worker_and_its_page_follows_it(
    owner_client, owner, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from procrastinate.contrib.django.models import ProcrastinateJob

    from interchange import jobs
    from interchange.actions import progress, progress_key

    preview = upload(owner_client, "big.txt", big_todo_txt(400))
    assert "imported in the background" in preview.content.decode()
    with as_user(owner):
        pk = Upload.objects.get(user=owner).pk
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"/accounts/import/{pk}/")
        # Pressed twice: still one job.
        owner_client.post(f"/accounts/import/{pk}/")
    assert response["Location"] == f"/accounts/import/{pk}/"
    waiting = owner_client.get(f"/accounts/import/{pk}/").content.decode()
    assert "Waiting for the worker" in waiting and '<meta http-equiv="refresh" content="2">' in waiting
    cache.set(progress_key(pk), {"done": 100, "total": 400})
    assert "Importing: 100 of 400 tasks made." in owner_client.get(f"/accounts/import/{pk}/").content.decode()
    assert snapshot(owner) == []
    # What the worker runs.
    (job,) = ProcrastinateJob.objects.filter(task_name="interchange.import_upload", args__upload_id=str(pk))
    assert job.args == {"user_id": str(owner.pk), "upload_id": str(pk)}
    assert jobs.import_upload(**job.args) == "Imported 400 tasks, 1 project and 1 label."
    assert progress(pk) == {"done": 400, "total": 400}
    done = owner_client.get(f"/accounts/import/{pk}/").content.decode()
    assert "Imported 400 tasks, 1 project and 1 label." in done and "refresh" not in done
    assert len(snapshot(owner)) == 400


@pytest.mark.django_db
def test_a_job_that_fails_saves_nothing_and_its_page_says_so(owner_client, owner, monkeypatch):
    from interchange import actions, jobs

    upload(owner_client, "big.txt", big_todo_txt(400))
    with as_user(owner):
        pk = Upload.objects.get(user=owner).pk
    owner_client.post(f"/accounts/import/{pk}/")

    def broken(self, new):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions.Importer, "afterwards", broken)
    with pytest.raises(RuntimeError):
        jobs.import_upload(str(owner.pk), str(pk))
    assert snapshot(owner) == []
    assert "nothing of the file was saved" in owner_client.get(f"/accounts/import/{pk}/").content.decode()


@pytest.mark.django_db
def test_a_todoist_project_goes_out_as_a_template_and_comes_back_the_same(client, owner):
    from itertools import islice

    from tasks.recurrence import occurrences

    client.force_login(owner)
    import_file(client, owner, "Groceries.csv")
    with as_user(owner):
        project = Project.objects.get(user=owner, name="Groceries")
    export(client, owner)  # signed in again, as an export asks
    body = client.get(f"/accounts/export/todoist/?project={project.pk}")
    assert body["Content-Disposition"] == 'attachment; filename="Groceries.csv"'
    fresh = make_user("fresh@example.com", timezone=owner.timezone)
    client.force_login(fresh)
    import_file(client, fresh, "Groceries.csv", body.content)

    def same(user):
        # A repeat by the dates it falls on: "every monday" comes back as the same days.
        return sorted(
            (*row[:8], tuple(islice(occurrences(row[8], row[6]), 5)) if row[8] else None, *row[9:])
            for row in snapshot(user)
        )

    assert same(fresh) == same(owner)


@pytest.mark.django_db
def test_a_todoist_export_of_another_persons_project_is_not_found(client, owner, stranger):
    project = make_project(stranger, "Theirs")
    export(client, owner)
    assert client.get(f"/accounts/export/todoist/?project={project.pk}").status_code == 404
    assert client.get("/accounts/export/todoist/?project=nonsense").status_code == 404
