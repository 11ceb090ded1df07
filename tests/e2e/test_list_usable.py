"""Every control of the list is there for a person in each state, light and dark, desktop and phone.

`assert_usable` (tests/e2e/usable.py) checks each control before it is used: a box of real
size inside the viewport, not clipped, not covered, reachable by keyboard.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import DESKTOP, PHONE, new_page, open_sidebar, row_menu, sign_in, start_selecting
from tests.e2e.usable import assert_all_usable, assert_usable
from tests.factories import as_user, make_task

ROW = "[data-task]"
LOOKS = [
    pytest.param((False, DESKTOP), id="light-desktop"),
    pytest.param((True, DESKTOP), id="dark-desktop"),
    pytest.param((False, PHONE), id="light-phone"),
    pytest.param((True, PHONE), id="dark-phone"),
]


@pytest.fixture
def looking(request, browser, base_url, person):
    dark, viewport = request.param

    def open_list():
        page = new_page(browser, base_url, viewport=viewport, dark=dark)
        sign_in(page)
        return page

    return open_list


@pytest.mark.parametrize("looking", LOOKS, indirect=True)
def test_every_control_is_usable_in_each_state(looking, person):
    page = looking()
    try:
        # Empty list.
        assert_all_usable(
            page.locator("[data-quick-add] input[name=title]"),
            page.locator("[data-quick-add] button[type=submit]"),
            page.locator("[data-add-details]"),
            page.locator(".filters a"),
            page.locator("#search"),
            page.locator("#sort"),
        )
        expect(page.locator("[data-empty]")).to_be_visible()

        # Normal: tasks, one of them done.
        make_task(person, title="Water the plants", description="The ones on the balcony too")
        make_task(person, title="Book the dentist", completed=True)
        page.reload()
        row = page.locator(ROW).first
        assert_all_usable(
            page.locator("[data-toggle-all]"),
            page.locator("[data-select-mode]"),
            page.locator("[data-clear-completed] button"),
            row.locator("button.check"),
        )
        row.hover()  # a row's actions show with the pointer over it (always, on a touch screen)
        assert_usable(row.locator("details.row-menu > summary"))
        expect(row.locator("input.select")).to_be_hidden()  # until "Select"
        menu = row_menu(row)
        assert_all_usable(menu.locator("[data-details]"), menu.locator("[data-edit]"), menu.locator("[data-delete]"))
        row.locator("details.row-menu > summary").click()
        expect(menu).to_be_hidden()

        # The sidebar: a menu on a phone, a column on a desktop.
        open_sidebar(page)
        assert_all_usable(page.locator("[data-sidebar] nav a"))

        # Selecting.
        start_selecting(page)
        row = page.locator(ROW).first
        assert_all_usable(
            page.locator("[data-select-all]"),
            page.locator("#bulk-action"),
            page.locator("#bulk-form button[type=submit]"),
            row.locator("input.select"),
        )
        for action, field in (("priority", "select[name=priority]"), ("due", "input[name=due_date]")):
            page.select_option("#bulk-action", action)
            assert_usable(page.locator(f"#bulk-form {field}"))
        page.select_option("#bulk-action", "move")
        assert_usable(page.locator("#bulk-form select[name=project]"))
        expect(page.locator("#bulk-form input[name=due_date]")).to_be_hidden()
        page.locator("[data-select-all]").check()
        expect(page.locator(f"{ROW} input.select:checked")).to_have_count(2)

        # Selected, from the keyboard.
        page.locator("body").click(position={"x": 2, "y": 2})
        page.keyboard.press("j")
        expect(row).to_have_class(re.compile("is-selected"))
        assert_all_usable(row.locator("button.check"), row.locator("details.row-menu > summary"))

        # Editing.
        row.locator("[data-title]").dblclick()
        editor = row.locator("form[data-action=edit] input[name=title]")
        assert_usable(editor)
        expect(editor).to_be_focused()
        editor.press("Escape")
        expect(row).to_be_focused()
        assert page.console_errors == []
    finally:
        page.context.close()


def test_the_usable_check_fails_on_the_old_invisible_editor(signed_in, person):
    """The editor of the previous release: inside a visually hidden label, clipped to 1 px."""
    page = signed_in
    make_task(person, title="Seen?")
    page.reload()
    page.locator(ROW).first.locator(".task-body").evaluate(
        """body => body.insertAdjacentHTML("beforeend",
            '<label class="visually-hidden">Title <input type="text" name="old-editor"></label>')"""
    )
    old = page.locator("input[name=old-editor]")
    expect(old).to_be_visible()  # what Playwright alone says of it
    with pytest.raises(AssertionError, match="is 1.0×1.0 px|clip"):
        assert_usable(old)


def test_toggle_all_reflects_single_toggles_and_keeps_its_promise(signed_in, person):
    page = signed_in
    for title in ("A", "B"):
        make_task(person, title=title)
    page.reload()
    toggle_all = page.locator("[data-toggle-all]")
    assert_usable(toggle_all)
    expect(toggle_all).to_have_attribute("aria-pressed", "false")
    expect(toggle_all).to_have_accessible_name("Mark all as done")
    for index in range(2):
        page.locator(ROW).nth(index).locator("button.check").click()
        expect(page.locator(ROW).nth(index)).to_have_class(re.compile("is-completed"))
    expect(toggle_all).to_have_attribute("aria-pressed", "true")
    expect(toggle_all).to_have_accessible_name("Mark all as not done")
    toggle_all.click()
    expect(page.locator("[data-items-left]")).to_have_text("2 items left")
    with as_user(person):
        assert not Task.objects.filter(completed=True).exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_bulk_trash_and_clear_completed_offer_undo(browser, base_url, person, javascript):
    page = new_page(browser, base_url, javascript=javascript)
    try:
        sign_in(page)
        for title in ("One", "Two", "Three"):
            make_task(person, title=title)
        make_task(person, title="Done", completed=True)
        page.reload()
        start_selecting(page)
        for index in (0, 1):
            page.locator(ROW).nth(index).locator("input.select").check()
        page.select_option("#bulk-action", "trash")
        page.click("#bulk-form button[type=submit]")
        expect(page.locator(".message")).to_contain_text("Moved 2 tasks to the trash.")
        undo = page.locator(".message button:has-text('Undo')")
        assert_usable(undo)
        undo.click()
        expect(page.locator(".message")).to_contain_text("Restored 2 tasks.")
        expect(page.locator(ROW)).to_have_count(4)

        clear = page.locator("[data-clear-completed] button")
        assert_usable(clear)
        expect(clear).to_have_text("Clear completed (1)")
        clear.click()
        expect(page.locator(ROW)).to_have_count(3)
        page.locator(".message button:has-text('Undo')").click()
        expect(page.locator(ROW)).to_have_count(4)
    finally:
        page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_emptying_the_trash_asks_for_confirmation(browser, base_url, person, javascript):
    page = new_page(browser, base_url, javascript=javascript)
    try:
        sign_in(page)
        make_task(person, title="Gone")
        page.goto("/")
        row_menu(page.locator(ROW).first).locator("[data-delete]").click()
        if not javascript:
            page.click("main button.button-danger")  # the delete page's own confirmation
        expect(page.locator(".message")).to_contain_text("to the trash")
        page.goto("/trash/")
        empty = page.locator("a:has-text('Empty trash')")
        assert_usable(empty)
        empty.click()
        expect(page.locator("main")).to_contain_text("1 task will be deleted for good. This cannot be undone.")
        with as_user(person):
            assert Task.objects.count() == 1  # asked, nothing deleted yet
        page.click("main button.button-danger")
        expect(page.locator(".message")).to_contain_text("Deleted 1 task for good.")
        with as_user(person):
            assert Task.objects.count() == 0
    finally:
        page.context.close()


def test_the_shortcuts_dialog_lines_its_keys_up(signed_in):
    page = signed_in
    page.locator("body").click(position={"x": 2, "y": 2})
    page.keyboard.press("?")
    keys = page.locator("#shortcuts dt")
    expect(keys.first).to_be_visible()
    lefts = {round(keys.nth(i).locator("kbd").first.bounding_box()["x"]) for i in range(keys.count())}
    assert len(lefts) == 1, f"the keys start at {sorted(lefts)}"


CONTRAST = """
(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let node = element, background = null;
  while (node && !background) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) background = colour.slice(0, 3);
    node = node.parentElement;
  }
  const style = getComputedStyle(element);
  let opacity = 1;
  for (let n = element; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  const text = rgb(style.color).slice(0, 3).map((c, i) => c * opacity + background[i] * (1 - opacity));
  const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_filter_counts_are_readable(browser, base_url, person, dark):
    make_task(person, title="Open")
    page = new_page(browser, base_url, dark=dark)
    try:
        sign_in(page)
        counts = page.locator(".filters .count")
        for index in range(counts.count()):
            ratio = counts.nth(index).evaluate(CONTRAST)
            assert ratio >= 4.5, f"count {index} has a contrast of {ratio:.2f}:1"
    finally:
        page.context.close()


def test_add_details_opens_the_full_form_with_what_was_typed(signed_in):
    page = signed_in
    page.fill("[data-quick-add] input[name=title]", "Plan the trip")
    details = page.locator("[data-add-details]")
    assert_usable(details)
    details.click()
    page.wait_for_url(re.compile(r"/tasks/new/\?.*title="))
    expect(page.locator("input[name=title]")).to_have_value("Plan the trip")
    assert_usable(page.locator("textarea[name=description]"))
