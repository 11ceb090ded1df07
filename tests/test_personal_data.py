"""A person's data across the apps: each app declares its part of the export and of the
account's deletion to the platform (todo_project.personal_data), so the accounts app, which
serves both, imports no other app, and a new app plugs in without touching it."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from django.apps import apps

from accounts.models import User
from tests.factories import PASSWORD, make_task
from todo_project.personal_data import ExportFile

ROOT = Path(__file__).resolve().parent.parent
deleted: list[tuple[str, bool]] = []


def imported_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        if "tests" in path.relative_to(folder).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
    return found


def test_the_accounts_app_imports_nothing_of_the_tasks_app():
    assert {module for module in imported_modules(ROOT / "accounts") if module.split(".")[0] == "tasks"} == set()


def test_the_platform_imports_no_domain_app():
    imported = {module.split(".")[0] for module in imported_modules(ROOT / "todo_project")}
    assert imported & {"accounts", "tasks"} == set()


# A further app, as interchange will be: these stand for its own functions.


def reminders_section(user) -> dict[str, list[dict]]:
    return {"further": [{"offset_minutes": 10}]}


def reminders_ics(user) -> ExportFile:
    return ExportFile("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar", "todo-tasks", "ics")


def forget_reminders(user) -> None:
    deleted.append((user.email, User.objects.filter(pk=user.pk).exists()))


@pytest.fixture
def another_app(monkeypatch):
    """An installed app that declares its part, as the tasks app does in TasksConfig."""
    config = apps.get_app_config("sessions")
    here = __name__
    monkeypatch.setattr(config, "personal_data", f"{here}.reminders_section", raising=False)
    monkeypatch.setattr(
        config, "export_formats", {"calendar": ("tasks as a calendar", f"{here}.reminders_ics")}, raising=False
    )
    monkeypatch.setattr(config, "personal_data_deletion", f"{here}.forget_reminders", raising=False)
    deleted.clear()


def signed_in_again(client, person):
    client.force_login(person)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


@pytest.mark.django_db
def test_the_json_export_has_each_apps_sections_in_app_order(client, owner, another_app):
    make_task(owner, title="Water the plants")
    data = json.loads(signed_in_again(client, owner).get("/accounts/export/").content)
    assert list(data) == [
        "format",
        "version",
        "exported_at",
        "user",
        "tasks",
        "projects",
        "labels",
        "sections",
        "task_completions",
        "reminders",
        "reminder_deliveries",
        "digest_deliveries",
        "push_subscriptions",
        "calendar_feeds",
        "imported_tasks",
        "import_uploads",
        "api_tokens",
        "further",
    ]
    assert data["further"] == [{"offset_minutes": 10}]
    assert data["reminders"] == []
    assert [task["title"] for task in data["tasks"]] == ["Water the plants"]


@pytest.mark.django_db
def test_the_export_offers_each_format_an_app_declares(client, owner, another_app):
    make_task(owner, title="Water the plants")
    client = signed_in_again(client, owner)
    ics = client.get("/accounts/export/?format=calendar")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"].startswith('attachment; filename="todo-tasks-')
    assert ics["Content-Disposition"].endswith('.ics"')
    assert ics.content == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    rows = list(csv.DictReader(io.StringIO(client.get("/accounts/export/?format=csv").content.decode())))
    assert [row["title"] for row in rows] == ["Water the plants"]
    page = client.get("/accounts/profile/").content.decode()
    assert '<a class="button button-secondary" href="/accounts/export/?format=csv">Download tasks as CSV</a>' in page
    assert (
        '<a class="button button-secondary" href="/accounts/export/?format=calendar">Download tasks as a calendar</a>'
        in page
    )


@pytest.mark.django_db
def test_an_unknown_format_is_the_json_export(client, owner):
    response = signed_in_again(client, owner).get("/accounts/export/?format=xlsx")
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.django_db
def test_each_apps_deletion_step_runs_before_the_account_is_deleted(client, owner, another_app):
    client.force_login(owner)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert deleted == [(owner.email, True)]
    assert not User.objects.filter(pk=owner.pk).exists()
