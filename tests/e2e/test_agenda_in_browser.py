"""Today, Upcoming and Undo in a real browser, for a person with 300 tasks: the Overdue group
and its Reschedule, every day of the next two weeks with adding under one, and Undo after a
completion and after a bulk move (by its button and by Ctrl+Z)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.browser import start_selecting
from tests.e2e.usable import assert_usable
from tests.factories import add_tasks, as_user, make_project

ROW = "[data-task]"


def three_hundred_tasks(person) -> dict[str, int]:
    """300 tasks: 60 overdue, 40 due today, 150 over the next 60 days, 50 without a date."""
    today = person.today()
    tasks = add_tasks(person, 300)
    with as_user(person):
        for index, task in enumerate(tasks):
            if index < 60:
                task.due_date = today - timedelta(days=1 + index % 9)
            elif index < 100:
                task.due_date = today
            elif index < 250:
                task.due_date = today + timedelta(days=1 + index % 60)
            task.priority = 1 + index % 4
        Task.objects.bulk_update(tasks, ["due_date", "priority"])
    return {"overdue": 60, "today": 40}


def overdue_count(person) -> int:
    with as_user(person):
        return Task.objects.filter(due_date__lt=person.today(), completed=False).count()


def test_todays_overdue_group_reschedules_to_today_and_undo_puts_each_date_back(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    with as_user(person):
        before = dict(Task.objects.filter(due_date__lt=person.today()).values_list("pk", "due_date"))
    page.goto("/today/")
    headings = page.locator(".day-heading h2")
    expect(headings.first).to_contain_text("Overdue")
    expect(headings.first).to_contain_text("50 tasks+")  # the first page of 50, all overdue
    assert_usable(page.locator(".reschedule input[name=due_date]"))
    button = page.locator(".reschedule button")
    assert_usable(button)
    button.click()
    expect(page.locator(".message")).to_contain_text("Moved 60 overdue tasks to")
    expect(page.locator(".day-heading h2").first).to_contain_text("Today ·")
    expect(page.locator(".day-heading.is-overdue")).to_have_count(0)
    assert overdue_count(person) == 0

    undo = page.locator(".message button", has_text="Undo")
    assert_usable(undo)
    undo.click()
    expect(page.locator(".message")).to_contain_text("Put 60 tasks back as they were.")
    expect(page.locator(".day-heading h2").first).to_contain_text("Overdue")
    with as_user(person):
        assert dict(Task.objects.filter(pk__in=before).values_list("pk", "due_date")) == before


def test_upcoming_shows_every_day_of_the_next_two_weeks_and_adds_under_a_day(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    today = person.today()
    page.goto("/upcoming/")
    expect(page.locator(".day-heading.is-overdue h2")).to_contain_text("Overdue")
    days = page.locator(".day-heading time")
    expect(days).to_have_count(14)
    assert [days.nth(n).get_attribute("datetime") for n in range(14)] == [
        (today + timedelta(days=n)).isoformat() for n in range(14)
    ]
    expect(days.first).to_contain_text("Today ·")

    day = today + timedelta(days=5)
    heading = page.locator(".day-heading", has=page.locator(f"time[datetime='{day.isoformat()}']"))
    count_before = int(re.match(r"\d+", heading.locator("[data-group-count]").inner_text()).group())
    adder = page.locator(".add-under-day").nth(5)
    summary = adder.locator("summary")
    assert_usable(summary)
    summary.click()
    field = adder.locator("input[name=title]")
    assert_usable(field)
    field.fill("Dentist appointment")
    submit = adder.locator("button[type=submit]")
    assert_usable(submit)
    submit.click()
    expect(page.locator(".message")).to_contain_text("Added “Dentist appointment”.")
    with as_user(person):
        assert Task.objects.get(title="Dentist appointment").due_date == day
    heading = page.locator(".day-heading", has=page.locator(f"time[datetime='{day.isoformat()}']"))
    expect(heading.locator("[data-group-count]")).to_have_text(f"{count_before + 1} tasks")
    # The row is under its day: between that day's heading and the next one.
    under = page.evaluate(
        """(day) => {
          const heading = document.querySelector(`.day-heading time[datetime="${day}"]`).closest("li");
          const titles = [];
          let item = heading.nextElementSibling;
          while (item && !item.matches("[data-group]")) {
            if (item.matches("[data-task]")) titles.push(item.querySelector("[data-title]").textContent);
            item = item.nextElementSibling;
          }
          return titles;
        }""",
        day.isoformat(),
    )
    assert "Dentist appointment" in under


def test_completing_on_today_moves_the_focus_on_and_undo_brings_the_task_back(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    page.goto("/today/")
    first, second = page.locator(ROW).nth(0), page.locator(ROW).nth(1)
    first_id, second_id = first.get_attribute("id"), second.get_attribute("id")
    check = first.locator("button.check")
    assert_usable(check)
    check.click()
    expect(page.locator(".message")).to_contain_text("as done.")
    expect(page.locator(f"#{first_id}")).to_have_count(0)
    expect(page.locator(f"#{second_id}")).to_be_focused()  # the next row, ready for the next x

    undo = page.locator(".message button", has_text="Undo")
    assert_usable(undo)
    undo.click()
    expect(page.locator(".message")).to_contain_text("is back as it was.")
    expect(page.locator(f"#{first_id}")).to_have_count(1)
    expect(page.locator(f"#{first_id} + #{second_id}")).to_have_count(1)  # back in its place
    with as_user(person):
        assert not Task.objects.get(pk=first_id.removeprefix("task-")).completed

    # Ctrl+Z does the same, from anywhere but a text field.
    page.locator(f"#{second_id} button.check").click()
    expect(page.locator(".message")).to_contain_text("as done.")
    page.locator(ROW).first.focus()
    page.keyboard.press("Control+z")
    expect(page.locator(".message")).to_contain_text("is back as it was.")
    with as_user(person):
        assert not Task.objects.get(pk=second_id.removeprefix("task-")).completed


def test_the_undo_stays_in_view_at_the_bottom_of_a_long_list_and_for_more_than_ten_seconds(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    page.goto("/")
    last = page.locator(ROW).last
    last.scroll_into_view_if_needed()
    last.locator("button.check").click()
    undo = page.locator(".message button", has_text="Undo")
    expect(undo).to_be_visible()
    box = undo.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], box  # no scrolling up
    page.wait_for_timeout(10_500)
    expect(undo).to_be_visible()
    assert_usable(undo)


def test_a_bulk_move_is_undone_by_its_button(signed_in, person):
    page = signed_in
    three_hundred_tasks(person)
    make_project(person, "Work")
    page.goto("/")
    start_selecting(page)
    for n in range(3):
        box = page.locator(f"{ROW} input.select").nth(n)
        assert_usable(box)
        box.check()
    chosen = [page.locator(ROW).nth(n).get_attribute("id").removeprefix("task-") for n in range(3)]
    action = page.locator("#bulk-action")
    assert_usable(action)
    action.select_option("move")
    project = page.locator("#bulk-form select[name=project]")
    assert_usable(project)
    project.select_option(label="Work")
    submit = page.locator("#bulk-form button[type=submit]")
    assert_usable(submit)
    submit.click()
    expect(page.locator(".message")).to_contain_text("Moved 3 tasks to Work.")
    with as_user(person):
        assert Task.objects.filter(pk__in=chosen, project__name="Work").count() == 3

    undo = page.locator(".message button", has_text="Undo")
    assert_usable(undo)
    undo.click()
    expect(page.locator(".message")).to_contain_text("Put 3 tasks back as they were.")
    with as_user(person):
        assert Task.objects.filter(pk__in=chosen, project__isnull=True).count() == 3
