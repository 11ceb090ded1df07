"""The pages a person opens every morning, on a phone, for a person with 300 tasks: nothing moves
while a page loads (the sidebar's state is known before the first paint), the search's button
stays on its line; and the small things noticed on the way: a task moved to another day on
Upcoming goes under that day, "Add details" comes back to the page it came from, `?` works on
arrival and a description's Markdown link opens."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import DESKTOP, PHONE, new_page, row_menu, sign_in
from tests.e2e.usable import assert_usable
from tests.factories import add_label, add_tasks, as_user, make_label, make_project

ROW = "[data-task]"
DIALOG = "dialog.edit-dialog"
# A slow phone network, roughly: the page paints before its script has arrived, as it does for
# a person on 4G. Whatever the script changes after that paint is a shift they would see.
SCRIPT_DELAY_MS = 600

# Every layout shift on the page from its start, as the browser reports them (without the ones
# right after an input, which a person caused).
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const nodes = (entry.sources || []).map((source) => source.node?.nodeName + " " + (source.node?.className || ""));
    window.layoutShifts.push({ value: entry.value, nodes });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def three_hundred_tasks(person) -> dict:
    """300 tasks as a person keeps them: five projects, two labels, priorities, seven in ten
    dated (some overdue, most ahead, a third timed), one in ten repeating, a few done."""
    today = person.today()
    projects = [make_project(person, name) for name in ("Home", "Work", "Errands", "Garden", "Trip to Lisbon")]
    labels = [make_label(person, "waiting"), make_label(person, "phone")]
    tasks = add_tasks(person, 300)
    with as_user(person):
        for n, task in enumerate(tasks):
            task.title = f"{('Buy', 'Call', 'Fix', 'Plan', 'Write')[n % 5]} thing number {n}"
            task.project = projects[n % 6] if n % 6 < 5 else None
            task.priority = 1 + n % 4
            if n % 10 < 7:
                task.due_date = today + timedelta(days=n % 37 - 8)
                task.due_time = time(9 + n % 9, 30) if n % 3 == 0 else None
                task.recurrence = "FREQ=WEEKLY" if n % 10 == 0 else None
            task.completed = n % 25 == 24
        changed = ["title", "project", "priority", "due_date", "due_time", "recurrence", "completed"]
        Task.objects.bulk_update(tasks, changed)
    add_label(labels[0], tasks[::7])
    add_label(labels[1], tasks[3::11])
    return {"project": projects[0].pk}


def phone_page(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def slow_scripts(page) -> None:
    def delayed(route):
        page.wait_for_timeout(SCRIPT_DELAY_MS)
        route.continue_()

    page.route(re.compile(r"\.js$"), delayed)


def shifts_on_load(page, path: str) -> list[dict]:
    page.goto(path, wait_until="load")  # the module has run by then (it runs before "load")
    page.wait_for_timeout(300)
    return page.evaluate("window.layoutShifts")


@pytest.mark.parametrize("path", ["/today/", "/upcoming/", "/projects/{project}/", "/"])
def test_nothing_moves_while_a_page_loads_on_a_phone(browser, base_url, person, path):
    ids = three_hundred_tasks(person)
    page = phone_page(browser, base_url)
    try:
        sign_in(page)
        page.add_init_script(RECORD_SHIFTS)
        slow_scripts(page)
        shifts = shifts_on_load(page, path.format(**ids))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert sum(shift["value"] for shift in shifts) <= 0.001, shifts
    finally:
        page.context.close()


def test_nothing_moves_while_a_page_loads_on_a_desktop(browser, base_url, person):
    three_hundred_tasks(person)
    page = new_page(browser, base_url, viewport=DESKTOP)
    try:
        sign_in(page)
        page.add_init_script(RECORD_SHIFTS)
        slow_scripts(page)
        for path in ("/today/", "/upcoming/", "/"):
            shifts = shifts_on_load(page, path)
            assert sum(shift["value"] for shift in shifts) <= 0.001, (path, shifts)
        # The sidebar's lists are there for a person at once, by mouse and keyboard.
        assert_usable(page.locator("[data-sidebar] nav a", has_text="Upcoming"))
        assert_usable(page.locator("[data-sidebar] a.sidebar-add").first)
    finally:
        page.context.close()


def test_the_phones_sidebar_stays_as_the_person_left_it(browser, base_url, person):
    three_hundred_tasks(person)
    page = phone_page(browser, base_url)
    try:
        sign_in(page)
        page.goto("/today/")
        sidebar = page.locator("details[data-sidebar]")
        lists = sidebar.locator("nav")
        expect(lists).to_be_hidden()  # a menu, closed at first
        toggle = sidebar.locator("summary")
        assert_usable(toggle)
        toggle.click()
        expect(lists).to_be_visible()
        # The browser fires "toggle" a moment after the menu opens; the cookie follows it.
        page.wait_for_function("document.cookie.includes('sidebar=open')")
        # Open on the next page, from its first paint: the server renders it so.
        html = page.request.get("/upcoming/").text()
        assert re.search(r'<details class="sidebar" data-sidebar open>', html)
        page.goto("/upcoming/")
        expect(lists).to_be_visible()
        assert_usable(sidebar.locator("nav a", has_text="Inbox"))
        page.locator("details[data-sidebar] summary").click()
        expect(lists).to_be_hidden()
        page.wait_for_function("document.cookie.includes('sidebar=closed')")
        assert '<details class="sidebar" data-sidebar>' in page.request.get("/today/").text()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/", "/today/"])
def test_the_search_button_stays_on_the_searchs_line_on_a_phone(browser, base_url, person, path):
    three_hundred_tasks(person)
    page = phone_page(browser, base_url)
    try:
        sign_in(page)
        page.goto(path)
        field, button = page.locator("#search"), page.locator("form.search button[type=submit]")
        field_box, button_box = assert_usable(field), assert_usable(button)
        assert abs(field_box["y"] + field_box["height"] / 2 - (button_box["y"] + button_box["height"] / 2)) < 4
        assert button_box["x"] > field_box["x"] + field_box["width"]
        assert field_box["width"] >= 150  # room to type
        field.fill("thing")
        button.click()
        page.wait_for_url(re.compile(r"q=thing"))
    finally:
        page.context.close()


def test_a_task_moved_to_another_day_on_upcoming_goes_under_that_day(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    today = person.today()
    page.goto("/upcoming/")
    day = today + timedelta(days=2)
    later = today + timedelta(days=9)
    row = page.locator(f"{ROW}:has(.due time[datetime='{day.isoformat()}'])").first
    task_id = row.get_attribute("id")
    row_menu(row).locator("[data-details]").click()
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    field = dialog.locator("input[name=due_date]")
    assert_usable(field)
    field.fill(later.isoformat())
    save = dialog.locator("button[type=submit]")
    assert_usable(save)
    save.click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".message")).to_contain_text("Saved")

    def day_of_row(task_id: str) -> str:
        return page.evaluate(
            """(id) => {
              let item = document.getElementById(id).previousElementSibling;
              while (item && !item.matches("[data-group]")) item = item.previousElementSibling;
              return item.querySelector("time").getAttribute("datetime");
            }""",
            task_id,
        )

    assert day_of_row(task_id) == later.isoformat()
    with as_user(person):
        assert Task.objects.get(pk=task_id.removeprefix("task-")).due_date == later
    # The day headings count again: the new day has one more.
    heading = page.locator(f"[data-group][data-from='{later.isoformat()}'] [data-group-count]")
    rows_under = page.evaluate(
        """(day) => {
          let item = document.querySelector(`[data-group][data-from="${day}"]`).nextElementSibling, n = 0;
          for (; item && !item.matches("[data-group]"); item = item.nextElementSibling) {
            if (item.matches("[data-task]")) n++;
          }
          return n;
        }""",
        later.isoformat(),
    )
    expect(heading).to_have_text(f"{rows_under} task" + ("" if rows_under == 1 else "s"))

    # Its Undo puts it back under its old day.
    undo = page.locator(".message button", has_text="Undo")
    assert_usable(undo)
    undo.click()
    expect(page.locator(".message")).to_contain_text("back")
    assert day_of_row(task_id) == day.isoformat()


@pytest.mark.parametrize("path", ["/today/", "/upcoming/", "/projects/{project}/"])
def test_add_details_comes_back_to_the_page_it_came_from(signed_in, person, path):
    page = signed_in
    path = path.format(**three_hundred_tasks(person))
    page.goto(path)
    page.fill("[data-quick-add] input[name=title]", "Pick up the parcel")
    details = page.locator("[data-add-details]")
    assert_usable(details)
    details.click()
    page.wait_for_url(re.compile(r"/tasks/new/"))
    expect(page.locator("#id_title")).to_have_value("Pick up the parcel")
    cancel = page.locator("main .stack-form [data-cancel]")
    assert_usable(cancel)
    cancel.click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))

    page.locator("[data-add-details]").click()
    page.wait_for_url(re.compile(r"/tasks/new/"))
    page.fill("#id_title", "Pick up the parcel")
    save = page.locator("main .stack-form button[type=submit]")
    assert_usable(save)
    save.click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    expect(page.locator(".message")).to_contain_text("Added “Pick up the parcel”.")


def test_the_shortcuts_dialog_opens_with_the_first_key_on_a_full_list(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    for path in ("/today/", "/upcoming/"):
        page.goto(path)
        page.keyboard.press("?")
        dialog = page.locator("#shortcuts")
        expect(dialog).to_be_visible()
        close = dialog.get_by_role("button", name="Close")
        assert_usable(close)
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        page.keyboard.press("j")
        expect(page.locator(ROW).first).to_be_focused()


def test_a_markdown_link_in_a_description_opens_among_300_tasks(signed_in, person, base_url):
    page = signed_in
    three_hundred_tasks(person)
    with as_user(person):
        task = Task.objects.filter(due_date=person.today(), completed=False).first()
        task.description = f"The form is on [the council's page]({base_url}/trash/), **before noon**."
        task.save(update_fields=["description"])
    page.goto("/today/")
    description = page.locator(f"#task-{task.pk} .task-description")
    expect(description.locator("strong")).to_have_text("before noon")
    link = description.get_by_role("link", name="the council's page")
    assert_usable(link)
    expect(link).to_have_attribute("rel", re.compile("noopener"))
    with page.expect_popup() as opened:
        link.click()
    expect(opened.value).to_have_url(f"{base_url}/trash/")
    opened.value.close()
