"""Every action still works with JavaScript off, through plain forms and full pages."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import row_menu, sign_in, start_selecting
from tests.factories import as_user, make_task


def test_the_whole_list_works_without_javascript(nojs_page, person):
    page = nojs_page
    sign_in(page)
    page.fill("[data-quick-add] input[name=title]", "  Plain form  ")
    page.keyboard.press("Enter")
    expect(page.locator("[data-title]")).to_have_text(["Plain form"])
    expect(page.locator(".message")).to_contain_text("Added “Plain form”.")

    page.fill("[data-quick-add] input[name=title]", "   ")
    page.keyboard.press("Enter")  # an empty title adds nothing
    expect(page.locator("[data-task]")).to_have_count(1)

    page.locator("button.check").click()
    expect(page.locator("[data-task]")).to_have_class(re.compile("is-completed"))
    expect(page.locator("[data-items-left]")).to_have_text("0 items left")

    page.click("[data-toggle-all]")
    expect(page.locator("[data-items-left]")).to_have_text("1 item left")

    row_menu(page.locator("[data-task]").first).locator("[data-details]").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    page.fill("input[name=title]", "")
    page.click("main .stack-form button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("This field is required.")
    page.fill("input[name=title]", "Edited on its page")
    page.fill("textarea[name=description]", "with a description")
    page.click("main .stack-form button[type=submit]")
    expect(page.locator("[data-title]")).to_have_text(["Edited on its page"])

    row_menu(page.locator("[data-task]").first).locator("[data-delete]").click()
    page.wait_for_url(re.compile(r"/delete/$"))
    page.click("main button.button-danger")
    expect(page.locator("[data-task]")).to_have_count(0)
    page.locator(".message button", has_text="Undo").click()
    expect(page.locator("[data-title]")).to_have_text(["Edited on its page"])

    start_selecting(page)
    page.locator("input.select").check()
    page.select_option("#bulk-action", "complete")
    page.click("#bulk-form button")
    expect(page.locator(".message")).to_contain_text("Marked 1 task as done.")
    page.click("[data-clear-completed] button")
    expect(page.locator("[data-task]")).to_have_count(0)

    page.click("text=Trash")
    page.click("text=Restore")
    expect(page.locator(".message")).to_contain_text("Restored")
    with as_user(person):
        task = Task.objects.get()
    assert (task.title, task.description, task.completed, task.deleted_at) == (
        "Edited on its page",
        "with a description",
        True,
        None,
    )


def test_filters_and_sort_work_as_links_and_a_get_form(nojs_page, person):
    page = nojs_page
    make_task(person, title="b open")
    make_task(person, title="a done", completed=True)
    sign_in(page)
    page.click("[data-filter=completed]")
    expect(page.locator("[data-title]")).to_have_text(["a done"])
    page.click("[data-filter=all]")
    page.select_option("#sort", "title")
    page.click(".search button")
    page.wait_for_url(re.compile(r"sort=title"))
    expect(page.locator("[data-title]")).to_have_text(["a done", "b open"])
