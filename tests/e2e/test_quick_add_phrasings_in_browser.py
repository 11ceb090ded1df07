"""Quick add in a real browser with what Todoist users type: five phrasings from Todoist's help
pages saved as they read, and a part the preview marked kept in the title by pressing it."""

from __future__ import annotations

import re
from datetime import time, timedelta

from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.usable import assert_usable
from tests.factories import as_user

BOX = "[data-quick-add] input[name=title]"


def add(page, text: str) -> None:
    box = page.locator(BOX)
    assert_usable(box)
    box.fill(text)
    expect(page.locator("[data-quick-preview]")).to_be_visible()
    box.press("Enter")
    expect(page.locator(".message").first).to_contain_text("Added")


def saved(person, title: str) -> Task:
    with as_user(person):
        return Task.objects.get(title=title)


def test_five_todoist_phrasings_are_saved_as_they_read(signed_in, person):
    page = signed_in
    today = person.today()
    add(page, "Pay rent every month on the 15th")
    add(page, "Call mum tmrw at 9")
    add(page, "Stretch every evening at 8pm")
    add(page, "Renew passport in two weeks !!1")
    add(page, "Team sync ev monday")
    rent = saved(person, "Pay rent")
    assert rent.recurrence == "FREQ=MONTHLY;BYMONTHDAY=15" and rent.due_date.day == 15
    call = saved(person, "Call mum")
    assert (call.due_date, call.due_time) == (today + timedelta(days=1), time(9))
    stretch = saved(person, "Stretch")
    assert stretch.recurrence == "FREQ=DAILY" and stretch.due_time == time(20)
    passport = saved(person, "Renew passport")
    assert (passport.due_date, passport.priority) == (today + timedelta(days=14), 1)
    sync = saved(person, "Team sync")
    assert sync.recurrence == "FREQ=WEEKLY;BYDAY=MO" and sync.due_date.weekday() == 0


def test_pressing_a_marked_part_keeps_it_in_the_title(signed_in, person):
    page = signed_in
    box = page.locator(BOX)
    box.fill("Buy milk by friday")
    preview = page.locator("[data-quick-preview]")
    keep = preview.locator("button.qa-keep", has_text="friday")
    expect(keep).to_be_visible()
    assert_usable(keep)
    keep.focus()
    page.keyboard.press("Enter")  # by keyboard, as by a click
    expect(box).to_have_value(re.compile(r'^Buy milk (by "friday"|"by friday")$'))
    expect(preview.locator("button.qa-keep", has_text="friday")).to_have_count(0)
    box.press("Enter")
    expect(page.locator(".message").first).to_contain_text("Added")
    with as_user(person):
        task = Task.objects.get()
    assert (task.title, task.due_date) == ("Buy milk by friday", None)
