"""Structure inside a project in a real browser (issue 22's "Done means"): a project with two
sections and a task with three sub-tasks two levels deep, reordered by dragging (a mouse and
a finger), by the keyboard alone and without JavaScript; then the parent completed with its
children, undone, and the family trashed and restored."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tasks.actions.structure import create_section
from tasks.actions.tasks import create_task
from tasks.models import Task
from tests.factories import as_user, make_project

ROW = "[data-task]"


def add(person, title, **values):
    with as_user(person):
        result = create_task(person, {"title": title, **values})
        assert result.changed, result.message
        return result.task


def trip(person) -> dict:
    """Trip: the section Before (Book flights; Pack with Clothes, under it Socks, and
    Documents) and the section During (Visit the museum)."""
    project = make_project(person, "Trip")
    with as_user(person):
        before = create_section(person, project.pk, "Before").item
        during = create_section(person, project.pk, "During").item
    tasks = {"Book flights": add(person, "Book flights", project=project.pk, section=before.pk)}
    tasks["Pack"] = add(person, "Pack", project=project.pk, section=before.pk)
    tasks["Clothes"] = add(person, "Clothes", parent=tasks["Pack"].pk)
    tasks["Socks"] = add(person, "Socks", parent=tasks["Clothes"].pk)
    tasks["Documents"] = add(person, "Documents", parent=tasks["Pack"].pk)
    tasks["Visit the museum"] = add(person, "Visit the museum", project=project.pk, section=during.pk)
    return {"project": project, "before": before, "during": during, "tasks": tasks}


def expect_titles(page, expected: list[str]) -> None:
    expect(page.locator(f"{ROW} [data-title]")).to_have_text(expected)


def row(page, title: str):
    return page.locator(ROW, has=page.locator("[data-title]", has_text=re.compile(f"^{title}$")))


def saved_order(person, **place) -> list[str]:
    with as_user(person):
        tasks = Task.objects.for_user(person).alive().filter(**place).order_by("position", "id")
        return list(tasks.values_list("title", flat=True))


START = ["Book flights", "Pack", "Clothes", "Socks", "Documents", "Visit the museum"]


def test_the_keyboard_alone_moves_a_sub_task_with_alt_and_the_arrows(signed_in, person):
    page = signed_in
    ids = trip(person)
    page.goto(f"/projects/{ids['project'].pk}/")
    expect_titles(page, START)
    # Select Documents with j, then Alt+↑ puts it (alone) above Clothes and its Socks.
    page.keyboard.press("j")
    while page.locator(f"{ROW}.is-selected [data-title]").inner_text() != "Documents":
        page.keyboard.press("j")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".message")).to_contain_text("Moved “Documents”.")
    expect_titles(page, ["Book flights", "Pack", "Documents", "Clothes", "Socks", "Visit the museum"])
    assert saved_order(person, parent=ids["tasks"]["Pack"]) == ["Documents", "Clothes"]
    # The focus stays on the row, so the next press moves it again: down, past Clothes' family.
    expect(row(page, "Documents")).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    expect_titles(page, START)
    expect(row(page, "Documents")).to_be_focused()
    # Pack moves down with its whole family, under Book flights no more.
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator(f"{ROW}.is-selected [data-title]")).to_have_text("Pack")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator(".message")).to_contain_text("Moved “Pack”.")
    expect_titles(page, ["Pack", "Clothes", "Socks", "Documents", "Book flights", "Visit the museum"])
    # The `?` dialog says so.
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_contain_text("Move the task up / down")
