"""The task list in a real browser: TodoMVC's behaviours, the script's enhancements, shortcuts."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import row_menu, start_selecting
from tests.e2e.usable import assert_usable
from tests.factories import as_user, make_project, make_task

ROW = "[data-task]"


def rows(page):
    return page.locator(ROW)


def title_of(page, index: int):
    return rows(page).nth(index).locator("[data-title]")


def add(page, text: str):
    page.fill("[data-quick-add] input[name=title]", text)
    page.keyboard.press("Enter")


def mark_page(page):
    """Set a marker that a full page load would wipe."""
    page.evaluate("window.notReloaded = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.notReloaded === true")


def test_adding_tasks_the_todomvc_way(signed_in):
    page = signed_in
    # Nothing takes the focus on arrival (the shortcuts work at once); `q` goes to the add box.
    expect(page.locator("[data-quick-add] input[name=title]")).not_to_be_focused()
    page.keyboard.press("q")
    expect(page.locator("[data-quick-add] input[name=title]")).to_be_focused()
    add(page, "   Buy milk   ")
    expect(title_of(page, 0)).to_have_text("Buy milk")
    expect(page.locator("[data-items-left]")).to_have_text("1 item left")
    add(page, "Walk the dog")
    expect(page.locator("[data-items-left]")).to_have_text("2 items left")
    expect(page.locator("[data-quick-add] input[name=title]")).to_be_focused()

    mark_page(page)
    add(page, "    ")  # an empty title adds nothing, not even a reload
    expect(rows(page)).to_have_count(2)
    assert_not_reloaded(page)


def test_toggling_updates_the_row_and_counts_without_a_reload(signed_in, person):
    page = signed_in
    make_task(person, title="First")
    make_task(person, title="Second")
    page.reload()
    expect(page.locator("[data-clear-completed]")).to_be_hidden()
    mark_page(page)
    rows(page).nth(0).locator("button.check").click()
    expect(rows(page).nth(0)).to_have_class(re.compile("is-completed"))
    expect(page.locator("[data-items-left]")).to_have_text("1 item left")
    expect(page.locator(".filters [data-count=completed]")).to_have_text("1")
    expect(page.locator("[data-clear-completed]")).to_be_visible()
    assert_not_reloaded(page)
    with as_user(person):
        assert Task.objects.get(title="Second").completed


def test_filters_live_in_the_url_and_survive_back_and_reload(signed_in, person):
    page = signed_in
    make_task(person, title="Open")
    make_task(person, title="Done", completed=True)
    page.reload()
    page.click("[data-filter=active]")
    page.wait_for_url(re.compile(r"status=active"))
    expect(rows(page)).to_have_count(1)
    page.click("[data-filter=completed]")
    page.wait_for_url(re.compile(r"status=completed"))
    expect(title_of(page, 0)).to_have_text("Done")
    page.go_back()
    page.wait_for_url(re.compile(r"status=active"))
    expect(title_of(page, 0)).to_have_text("Open")
    page.reload()
    expect(title_of(page, 0)).to_have_text("Open")


def test_toggle_all_and_clear_completed(signed_in, person):
    page = signed_in
    for title in ("A", "B", "C"):
        make_task(person, title=title)
    page.reload()
    page.click("[data-toggle-all]")
    expect(page.locator("[data-items-left]")).to_have_text("0 items left")
    page.click("[data-toggle-all]")
    expect(page.locator("[data-items-left]")).to_have_text("3 items left")
    rows(page).nth(0).locator("button.check").click()
    expect(page.locator("[data-clear-completed]")).to_be_visible()
    page.click("[data-clear-completed] button")
    expect(rows(page)).to_have_count(2)
    expect(page.locator("[data-clear-completed]")).to_be_hidden()


def editor_of(page, index: int):
    return rows(page).nth(index).locator("form[data-action=edit] input[name=title]")


def test_the_editor_is_seen_renames_a_task_and_escape_puts_focus_back_on_the_row(signed_in, person):
    page = signed_in
    make_task(person, title="Second")
    make_task(person, title="First")
    page.reload()
    mark_page(page)

    title_of(page, 0).dblclick()
    editor = editor_of(page, 0)
    assert_usable(editor)  # a box of real size, not clipped, not covered: people see what they type
    expect(editor).to_be_focused()
    assert editor.evaluate("e => [e.selectionStart, e.selectionEnd]") == [0, len("First")]
    row_width = rows(page).nth(0).bounding_box()["width"]
    assert editor.bounding_box()["width"] > row_width * 0.6, "the editor takes the title's place, full width"
    editor.fill("  Renamed  ")
    editor.press("Enter")
    expect(title_of(page, 0)).to_have_text("Renamed")

    title_of(page, 1).dblclick()
    editor = editor_of(page, 1)
    assert_usable(editor)
    editor.fill("Changed, then cancelled")
    editor.press("Escape")
    expect(editor).to_have_count(0)
    expect(title_of(page, 1)).to_have_text("Second")
    expect(rows(page).nth(1)).to_be_focused()

    row_menu(rows(page).nth(0)).locator("[data-edit]").click()
    editor = editor_of(page, 0)
    assert_usable(editor)
    editor.fill("Renamed on blur")
    page.locator("#search").focus()
    expect(title_of(page, 0)).to_have_text("Renamed on blur")
    assert_not_reloaded(page)
    with as_user(person):
        assert sorted(Task.objects.values_list("title", flat=True)) == ["Renamed on blur", "Second"]


def test_saving_an_empty_title_moves_the_task_to_the_trash_with_undo(signed_in, person):
    page = signed_in
    make_task(person, title="Keep me")
    page.reload()
    title_of(page, 0).dblclick()
    editor = editor_of(page, 0)
    assert_usable(editor)
    editor.fill("   ")
    editor.press("Enter")
    expect(rows(page)).to_have_count(0)
    with as_user(person):
        assert Task.objects.get().in_trash
    undo = page.locator(".message button:has-text('Undo')")
    assert_usable(undo)
    undo.click()
    expect(title_of(page, 0)).to_have_text("Keep me")
    with as_user(person):
        assert not Task.objects.get().in_trash


def test_delete_with_undo_without_a_reload(signed_in, person):
    page = signed_in
    make_task(person, title="Keep")
    make_task(person, title="Oops")
    page.reload()
    mark_page(page)
    row_menu(rows(page).nth(0)).locator("[data-delete]").click()
    expect(rows(page)).to_have_count(1)
    expect(page.locator(".message")).to_contain_text("Moved “Oops” to the trash.")
    page.locator(".message button", has_text="Undo").click()
    expect(rows(page)).to_have_count(2)
    expect(title_of(page, 0)).to_have_text("Oops")
    assert_not_reloaded(page)


def test_keyboard_shortcuts(signed_in, person):
    page = signed_in
    for title in ("Third", "Second", "First"):
        make_task(person, title=title)
    page.reload()
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("j")
    expect(rows(page).nth(0)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows(page).nth(0)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("x")
    expect(rows(page).nth(0)).to_have_class(re.compile("is-completed"))
    page.keyboard.press("e")  # the full form, in a dialog over the list
    editor = page.locator("dialog.edit-dialog input[name=title]")
    expect(editor).to_be_focused()
    editor.press("Escape")
    expect(rows(page).nth(0)).to_be_focused()
    page.keyboard.press("#")
    expect(rows(page)).to_have_count(2)

    page.keyboard.press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("jk")  # typing in a field never fires a shortcut
    expect(page.locator("#search")).to_have_value("jk")
    page.keyboard.press("Escape")
    page.locator("#search").blur()

    page.keyboard.press("n")
    expect(page.locator("[data-quick-add] input[name=title]")).to_be_focused()
    page.locator("[data-quick-add] input[name=title]").blur()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()


def test_search_and_sort(signed_in, person):
    page = signed_in
    for title in ("banana", "apple", "cherry"):
        make_task(person, title=title)
    page.reload()
    page.select_option("#sort", "title")
    page.wait_for_url(re.compile(r"sort=title"))
    expect(rows(page).locator("[data-title]")).to_have_text(["apple", "banana", "cherry"])
    page.fill("#search", "an")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=an"))
    expect(rows(page).locator("[data-title]")).to_have_text(["banana"])


def test_bulk_actions(signed_in, person):
    page = signed_in
    for title in ("A", "B", "C"):
        make_task(person, title=title)
    page.reload()
    start_selecting(page)
    rows(page).nth(0).locator("input.select").check()
    rows(page).nth(1).locator("input.select").check()
    page.select_option("#bulk-action", "trash")
    page.click("#bulk-form button")
    expect(rows(page)).to_have_count(1)
    expect(page.locator(".message")).to_contain_text("Moved 2 tasks to the trash.")


def test_delete_and_undo_on_a_project_page_keep_that_pages_counts(signed_in, person, base_url):
    page = signed_in
    project = make_project(person, "Trip")
    make_task(person, title="Elsewhere")
    make_task(person, title="Pack", project=project)
    make_task(person, title="Book", project=project)
    page.goto(f"{base_url}/projects/{project.pk}/")
    active = page.locator('[data-count="active"]').first
    expect(active).to_have_text("2")
    row_menu(rows(page).nth(0)).locator("[data-delete]").click()
    expect(page.locator(".message")).to_contain_text("to the trash")
    expect(active).to_have_text("1")  # the project's count, not the whole list's (2)
    undo = page.locator(".message button", has_text="Undo")
    assert_usable(undo)
    undo.click()
    expect(rows(page)).to_have_count(2)
    expect(active).to_have_text("2")
