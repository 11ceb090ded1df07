"""Editing a task where you are, for a person with 300 tasks: the full form in a dialog over the
list, and back to the same list, page and place (without JavaScript, through the edit page);
the shortcuts working as soon as a page has loaded."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from reminders.models import Reminder
from tasks.models import Task
from tests.e2e.browser import new_page, row_menu, sign_in
from tests.e2e.usable import assert_usable
from tests.factories import add_tasks, as_user

ROW = "[data-task]"
DIALOG = "dialog.edit-dialog"


def three_hundred_tasks(person) -> list[Task]:
    """300 tasks, one in three due over the next two weeks (Upcoming shows them day by day)."""
    tasks = add_tasks(person, 300)
    today = person.today()
    with as_user(person):
        for index, task in enumerate(tasks):
            if index % 3 == 0:
                task.due_date = today + timedelta(days=index % 14)
        Task.objects.bulk_update(tasks, ["due_date"])
    return tasks


def second_page(page) -> str:
    """Page 2 of the active tasks, oldest first; returns its address (path and query)."""
    page.goto("/?status=active&sort=oldest")
    page.locator("[data-next-page]").click()
    page.wait_for_url(re.compile(r"cursor="))
    return page.url.split(page.context.pages[0].url.split("/")[2], 1)[1]


def edit_in_dialog(page, row, title: str) -> None:
    row_menu(row).locator("[data-details]").click()
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    field = dialog.locator("input[name=title]")
    expect(field).to_be_focused()
    assert_usable(field)
    assert_usable(dialog.locator("select[name=priority]"))
    assert_usable(dialog.locator("button[type=submit]"))
    field.fill(title)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()


def test_editing_from_page_two_keeps_the_page_and_the_place(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    address = second_page(page)
    page.evaluate("window.notReloaded = true")
    row = page.locator(ROW).nth(30)
    row.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    assert scrolled > 100
    task_id = row.get_attribute("id")

    edit_in_dialog(page, row, "Edited on page two")
    fresh = page.locator(f"#{task_id}")
    expect(fresh.locator("[data-title]")).to_have_text("Edited on page two")
    expect(fresh).to_be_focused()
    assert page.url.endswith(address)
    assert page.evaluate("window.notReloaded === true")
    assert abs(page.evaluate("scrollY") - scrolled) < 50
    expect(page.locator("[data-messages] .message")).to_contain_text("Saved")

    # `e` opens the selected row; Escape closes the dialog and gives the row the focus again.
    page.keyboard.press("j")
    selected = page.locator(f"{ROW}.is-selected")
    selected_id = selected.get_attribute("id")
    page.keyboard.press("e")
    expect(page.locator(DIALOG)).to_be_visible()
    expect(page.locator(f"{DIALOG} input[name=title]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(DIALOG)).to_be_hidden()
    expect(page.locator(f"#{selected_id}")).to_be_focused()

    # Cancel changes nothing and closes it too.
    page.keyboard.press("e")
    page.locator(f"{DIALOG} input[name=title]").fill("Not kept")
    page.locator(f"{DIALOG} [data-cancel]").click()
    expect(page.locator(DIALOG)).to_be_hidden()
    expect(page.locator(f"#{selected_id} [data-title]")).not_to_have_text("Not kept")
    assert page.url.endswith(address)


def test_a_refused_save_is_shown_in_the_dialog(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    page.goto("/")
    row = page.locator(ROW).first
    row_menu(row).locator("[data-details]").click()
    dialog = page.locator(DIALOG)
    dialog.locator("input[name=title]").fill("")
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator(".field-errors")).to_be_visible()
    expect(dialog).to_be_visible()
    expect(dialog.locator("input[name=title]")).to_be_focused()
    dialog.locator("input[name=title]").fill("Fixed")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(row.locator("[data-title]")).to_have_text("Fixed")


def test_editing_from_upcoming_stays_on_upcoming(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    page.goto("/upcoming/")
    row = page.locator(ROW).nth(5)
    task_id = row.get_attribute("id")
    edit_in_dialog(page, row, "Edited on Upcoming")
    expect(page.locator(f"#{task_id} [data-title]")).to_have_text("Edited on Upcoming")
    assert page.url.endswith("/upcoming/")

    # A trashed row gives the focus to the next task, past a day's "+ Add task" and heading.
    rows = page.locator(ROW)
    before = [rows.nth(i).get_attribute("id") for i in range(rows.count())]
    last_of_a_day = next(
        i for i in range(len(before) - 1)
        if page.locator(f"#{before[i]} + li:not([data-task])").count()
    )  # fmt: skip
    row_menu(page.locator(f"#{before[last_of_a_day]}")).locator("[data-delete]").click()
    expect(page.locator(f"#{before[last_of_a_day]}")).to_have_count(0)
    expect(page.locator(f"#{before[last_of_a_day + 1]}")).to_be_focused()


def test_without_javascript_the_edit_page_returns_to_page_two(nojs_page, person):
    page = nojs_page
    three_hundred_tasks(person)
    sign_in(page)
    address = second_page(page)
    row = page.locator(ROW).nth(30)
    task_id = row.get_attribute("id")
    row_menu(row).locator("[data-details]").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.fill("#id_title", "Edited without the script")
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile("cursor="))
    assert page.url.endswith(f"{address}#{task_id}")
    expect(page.locator(f"#{task_id} [data-title]")).to_have_text("Edited without the script")

    row_menu(page.locator(f"#{task_id}")).locator("[data-details]").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.click("main .stack-form [data-cancel]")
    page.wait_for_url(re.compile("cursor="))
    assert page.url.endswith(f"{address}#{task_id}")


def test_without_javascript_editing_from_upcoming_returns_there(nojs_page, person):
    page = nojs_page
    three_hundred_tasks(person)
    sign_in(page)
    page.goto("/upcoming/")
    row = page.locator(ROW).nth(5)
    task_id = row.get_attribute("id")
    row_menu(row).locator("[data-details]").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.fill("#id_title", "Edited on Upcoming")
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/upcoming/"))
    assert page.url.endswith(f"/upcoming/#{task_id}")
    expect(page.locator(f"#{task_id} [data-title]")).to_have_text("Edited on Upcoming")


def test_shortcuts_work_as_soon_as_the_page_has_loaded(signed_in, person):
    page = signed_in
    add_tasks(person, 3)
    page.goto("/")
    page.keyboard.press("?")  # the first key after loading
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()

    add_box = page.locator("[data-quick-add] input[name=title]")
    page.keyboard.press("q")
    expect(add_box).to_be_focused()
    expect(add_box).to_have_value("")
    page.keyboard.press("Escape")
    expect(add_box).not_to_be_focused()
    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#search")).not_to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(ROW).first).to_be_focused()


def test_the_shortcuts_hint_is_not_shown_on_a_touch_screen(browser, base_url, person):
    for touch, shown in ((False, True), (True, False)):
        page = new_page(browser, base_url)
        if touch:
            page.context.close()
            context = browser.new_context(base_url=base_url, has_touch=True, is_mobile=True)
            page = context.new_page()
        try:
            sign_in(page)
            hint = page.locator(".shortcuts-hint")
            if shown:
                expect(hint).to_be_visible()
            else:
                expect(hint).to_be_hidden()
        finally:
            page.context.close()


def test_a_tasks_reminders_are_set_in_the_dialog(signed_in, person):
    """The reminders app's field is on the same form, seen and usable in the dialog."""
    page = signed_in
    with as_user(person):
        task = Task.objects.create(user=person, title="Dentist", due_date=person.today() + timedelta(days=2))
    page.goto("/")
    row = page.locator(f"#task-{task.pk}")
    row_menu(row).locator("[data-details]").click()
    dialog = page.locator(DIALOG)
    field = dialog.locator("input[name=reminders]")
    assert_usable(field)
    expect(dialog.locator(f"label[for='{field.get_attribute('id')}']")).to_have_text("Reminders")
    dialog.locator("input[name=due_time]").fill("09:30")
    field.fill("1d, 30m")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    with as_user(person):
        offsets = Reminder.objects.filter(task_id=task.pk).values_list("offset_minutes", flat=True)
        assert sorted(offsets) == [30, 1440]
