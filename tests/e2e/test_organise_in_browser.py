"""Projects, labels, priorities and dates in a real browser, with and without JavaScript: a
new person organises their week and takes it all away in the export."""

from __future__ import annotations

import json
import re
import zoneinfo
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tasks.models import Project, Task
from tests.e2e.browser import last_email_link, open_sidebar, row_menu, start_selecting
from tests.e2e.usable import assert_all_usable, assert_usable
from tests.factories import PASSWORD, as_user, make_label, make_project, make_task

ZONE = "Pacific/Pago_Pago"  # UTC-11: most of the day, its "today" is not the server's
ROW = "[data-task]"


def titles(page) -> list[str]:
    return page.locator(f"{ROW} [data-title]").all_inner_texts()


def add_task(
    page, title: str, *, project: str | None = None, label: str | None = None, priority: str = "4", due=None, at=None
):
    page.goto("/tasks/new/")
    page.fill("#id_title", title)
    if project:
        page.select_option("#id_project", label=project)
    if label:
        page.get_by_label(label, exact=True).check()
    page.select_option("#id_priority", priority)
    if due:
        page.fill("#id_due_date", due.isoformat())
    if at:
        page.fill("#id_due_time", at)
    page.click("main .stack-form button[type=submit]")
    expect(page.locator(".message")).to_contain_text(f"Added “{title}”.")


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_new_person_organises_their_week(browser, base_url, transactional_db, javascript):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=javascript, timezone_id=ZONE, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        # Sign up and confirm the address (the time zone comes from the browser, with a script).
        page.goto("/accounts/signup/")
        page.fill("input[name=email]", "organised@example.com")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        page.click("main .stack-form button[type=submit]")
        page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
        page.goto(last_email_link())
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/$"))
        if not javascript:  # no script to read the browser's zone: the person picks it
            page.goto("/accounts/profile/")
            page.select_option("#id_timezone", ZONE)
            page.click("main form.stack-form button[type=submit]")
        assert User.objects.get(email="organised@example.com").timezone == ZONE
        today = timezone.localdate(timezone=zoneinfo.ZoneInfo(ZONE))

        # A project "Home" (and "Work"), a label "errands".
        for name in ("Home", "Work"):
            page.goto("/projects/")
            assert_all_usable(
                page.locator("#id_name"),
                page.locator("#id_color"),
                page.locator("main form.new-item button[type=submit]"),
            )
            page.fill("#id_name", name)
            page.select_option("#id_color", label="Green")
            page.click("main form.new-item button[type=submit]")
            expect(page.locator("h1")).to_contain_text(name)
        page.goto("/labels/")
        assert_all_usable(
            page.locator("#id_name"), page.locator("#id_color"), page.locator("main form.new-item button[type=submit]")
        )
        page.fill("#id_name", "errands")
        page.click("main form.new-item button[type=submit]")
        expect(page.locator(".collection")).to_contain_text("@errands")
        settings = page.locator(".collection details.item-settings")
        assert_usable(settings.locator("summary"))
        settings.locator("summary").click()
        assert_all_usable(
            settings.locator("input[name=name]"),
            settings.locator("select[name=color]"),
            settings.locator("button[type=submit]"),
            settings.locator("a", has_text="Delete…"),
        )

        # Tasks with priorities and due dates, from the full form and the quick-add box.
        add_task(page, "Pay the rent", project="Home", label="errands", priority="1", due=today, at="09:00")
        add_task(page, "Buy milk", project="Home", label="errands", due=today + timedelta(days=1))
        add_task(page, "Water the plants", project="Home", due=today - timedelta(days=2))
        add_task(page, "Plan the trip", priority="3", due=today + timedelta(days=20))
        page.goto("/today/")
        page.fill("[data-quick-add] input[name=title]", "Call the bank")
        page.keyboard.press("Enter")
        expect(page.locator(".message")).to_contain_text("Added “Call the bank”.")

        # Today: overdue first, then by time, in the person's own today.
        page.goto("/today/")
        expect(page.locator(f"{ROW} [data-title]")).to_have_text(["Water the plants", "Pay the rent", "Call the bank"])
        rent = page.locator(ROW, has_text="Pay the rent")
        # The browser's locale (en-US) gave a 12-hour clock at signup; without the script, 24 hours.
        expect(rent.locator(".task-meta")).to_contain_text("Today 9:00 am" if javascript else "Today 09:00")
        expect(rent.locator(".task-meta")).to_contain_text("Home")
        expect(rent.locator(".task-meta")).to_contain_text("@errands")
        expect(rent.locator(".priority")).to_have_text("P1")
        expect(page.locator(ROW, has_text="Water the plants").locator(".due")).to_have_class(re.compile("is-overdue"))
        expect(rent.locator(".due")).to_have_class(re.compile(r"\bdue-today\b"))
        open_sidebar(page)
        expect(page.locator('[data-sidebar-count="today"]')).to_have_text("3")

        # Upcoming: overdue, then every day of the next two weeks, then by week.
        page.goto("/upcoming/")
        expect(page.locator(".day-heading")).to_have_count(1 + 14 + 1)
        expect(page.locator(".day-heading h2").nth(0)).to_contain_text("Overdue")
        expect(page.locator(".day-heading h2").nth(1)).to_contain_text("Today ·")
        expect(page.locator(".day-heading h2").nth(2)).to_contain_text("Tomorrow ·")
        expect(page.locator(".day-heading h2").nth(15)).to_contain_text(" – ")  # the trip, in 20 days

        # Move several to another project at once.
        with as_user(User.objects.get(email="organised@example.com")):
            home = Project.objects.get(name="Home")
        page.goto(f"/projects/{home.pk}/")
        expect(page.locator(ROW)).to_have_count(3)
        start_selecting(page)
        assert_usable(page.locator("#bulk-form a", has_text="Done"))
        if javascript:
            page.locator("[data-select-all]").check()
        else:
            assert_usable(page.locator("#bulk-form a", has_text="Select all"))
            page.click("text=Select all")
        expect(page.locator(f"{ROW} input.select:checked")).to_have_count(3)
        page.select_option("#bulk-action", "move")
        page.select_option("#bulk-form select[name=project]", label="Work")
        assert_usable(page.locator("#bulk-form button[type=submit]"))
        page.click("#bulk-form button[type=submit]")
        expect(page.locator(".message")).to_contain_text("Moved 3 tasks to Work.")
        expect(page.locator(ROW)).to_have_count(0)
        open_sidebar(page)
        work = page.locator("[data-sidebar] a", has_text="Work")
        expect(work.locator(".count")).to_have_text("3")
        work.click()
        expect(page.locator(ROW)).to_have_count(3)

        # Export everything.
        page.goto("/accounts/export/")
        page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
        page.fill("input[name=password]", PASSWORD)
        with page.expect_download() as download:
            page.click("main .stack-form button[type=submit]")
        data = json.loads(Path(download.value.path()).read_text())
        assert sorted(p["name"] for p in data["projects"]) == ["Home", "Work"]
        assert [label["name"] for label in data["labels"]] == ["errands"]
        work_id = next(p["id"] for p in data["projects"] if p["name"] == "Work")
        exported = {task["title"]: task for task in data["tasks"]}
        assert exported["Pay the rent"]["project_id"] == work_id
        assert (exported["Pay the rent"]["priority"], exported["Pay the rent"]["labels"]) == (1, ["errands"])
        assert exported["Pay the rent"]["due_date"] == today.isoformat()
        assert exported["Pay the rent"]["due_time"] == "09:00:00"
        assert exported["Call the bank"]["due_date"] == today.isoformat()
        assert len(mail.outbox) == 1
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_project_is_renamed_archived_and_deleted_with_undo(browser, base_url, person, javascript):
    from tests.e2e.browser import new_page, sign_in

    project = make_project(person, "Garden")
    for title in ("Mow", "Weed"):
        make_task(person, title=title, project=project)
    page = new_page(browser, base_url, javascript=javascript)
    try:
        sign_in(page)
        page.goto(f"/projects/{project.pk}/")
        settings = page.locator("details.project-settings > summary")
        assert_usable(settings)
        settings.click()
        assert_all_usable(page.locator("#project-name"), page.locator("#project-color"))
        page.fill("#project-name", "Allotment")
        page.select_option("#project-color", label="Orange")
        page.click("details.project-settings form.inline-fields button[type=submit]")
        expect(page.locator("h1")).to_contain_text("Allotment")
        expect(page.locator("h1 .dot")).to_have_class(re.compile("c-ff9933"))

        page.locator("details.project-settings > summary").click()
        assert_all_usable(
            page.locator("details.project-settings button", has_text="Archive"),
            page.locator("details.project-settings a", has_text="Delete project…"),
        )
        page.click("text=Archive")
        expect(page.locator("h1 .badge")).to_have_text("Archived")
        open_sidebar(page)
        expect(page.locator("[data-sidebar]")).not_to_contain_text("Allotment")
        page.locator("details.project-settings > summary").click()
        assert_usable(page.locator("details.project-settings button", has_text="Unarchive"))
        page.click("text=Unarchive")
        expect(page.locator("h1 .badge")).to_have_count(0)

        page.locator("details.project-settings > summary").click()
        page.click("text=Delete project…")
        expect(page.locator("main")).to_contain_text("Its 2 tasks will go to the trash")
        assert_usable(page.locator("main button.button-danger"))
        page.click("main button.button-danger")
        expect(page.locator(".message")).to_contain_text(
            "Deleted the project “Allotment” and moved its 2 tasks to the trash."
        )
        with as_user(person):
            assert not Project.objects.exists()
        undo = page.locator(".message button", has_text="Undo")
        assert_usable(undo)
        undo.click()
        expect(page.locator(".message")).to_contain_text("Restored the project “Allotment” and its 2 tasks.")
        expect(page.locator(ROW)).to_have_count(2)
        with as_user(person):
            assert Task.objects.filter(project__name="Allotment", deleted_at=None).count() == 2
    finally:
        page.context.close()


def test_a_row_menu_and_select_mode_work_from_the_keyboard(signed_in, person):
    page = signed_in
    label = make_label(person, "waiting")
    make_task(person, title="Reply to Sam")
    page.reload()
    summary = page.locator(f"{ROW} details.row-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")
    menu = page.locator(f"{ROW} .row-menu-items")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.locator("[data-details]")).to_be_focused()
    page.keyboard.press("Enter")
    # The full form, in a dialog over the list, shows every field.
    dialog = page.locator("dialog.edit-dialog")
    for field in ("title", "description", "project", "priority", "due_date", "due_time"):
        assert_usable(dialog.locator(f"#edit_{field}"))
    assert_usable(dialog.get_by_label("waiting", exact=True))
    dialog.get_by_label("waiting", exact=True).check()
    dialog.locator("#edit_priority").select_option("2")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(f"{ROW} .task-meta")).to_contain_text("@waiting")
    expect(page.locator(f"{ROW} .priority")).to_have_text("P2")
    assert label.name == "waiting"

    page.locator("[data-select-mode]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"select=1"))
    box = page.locator(f"{ROW} input.select")
    assert_usable(box)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.select_option("#bulk-action", "due")
    due = page.locator("#bulk-form input[name=due_date]")
    assert_usable(due)
    due.fill("2030-01-02")
    page.click("#bulk-form button[type=submit]")
    expect(page.locator(".message")).to_contain_text("Set 1 task due 2 Jan 2030.")
    with as_user(person):
        assert str(Task.objects.get().due_date) == "2030-01-02"
    menu = row_menu(page.locator(ROW).first)
    expect(menu).to_be_visible()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_last_rows_menu_is_whole_and_menus_close_as_expected(browser, base_url, person, phone):
    from tests.e2e.browser import DESKTOP, PHONE, new_page, sign_in

    for title in ("One", "Two", "Three"):
        make_task(person, title=title)
    page = new_page(browser, base_url, viewport=PHONE if phone else DESKTOP)
    try:
        sign_in(page)
        rows = page.locator(ROW)
        last = row_menu(rows.nth(2))
        for action in ("[data-details]", "[data-edit]", "[data-delete]"):
            assert_usable(last.locator(action))  # not clipped by the list's card
        first = row_menu(rows.nth(0))
        expect(first).to_be_visible()
        expect(last).to_be_hidden()  # one menu open at a time
        page.keyboard.press("Escape")
        expect(first).to_be_hidden()
        expect(rows.nth(0).locator("details.row-menu > summary")).to_be_focused()
        row_menu(rows.nth(1))
        page.locator("h1").click()
        expect(rows.nth(1).locator(".row-menu-items")).to_be_hidden()
    finally:
        page.context.close()
