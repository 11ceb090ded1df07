"""Quick add and repeating tasks in a real browser: the text typed becomes the task, marked
while typing (with a script), and completing it moves it to its next date."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from tasks.models import Label, Task, TaskCompletion
from tests.e2e.browser import new_page, sign_in
from tests.e2e.usable import assert_usable
from tests.factories import as_user, make_project

# At 23:59, so that the time has not passed today whenever the test runs (a passed one starts
# at the next occurrence).
TEXT = "Water the plants every! 3 days at 11:59pm #Home @garden p2"
ROW = "[data-task]"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_typing_a_repeating_task_and_completing_it(browser, base_url, person, javascript):
    home = make_project(person, "Home")
    page = new_page(browser, base_url, javascript=javascript)
    try:
        sign_in(page)
        box = page.locator("[data-quick-add] input[name=title]")
        assert_usable(box)
        box.fill(TEXT)
        if javascript:
            # Marked while typing, with what will be saved.
            preview = page.locator("[data-quick-preview]")
            expect(preview).to_be_visible()
            expect(preview.locator("mark.qa-repeat")).to_have_text("every! 3 days at 11:59pm")
            expect(preview.locator("mark.qa-project")).to_have_text("#Home")
            expect(preview.locator("mark.qa-label")).to_have_text("@garden")
            expect(preview.locator("mark.qa-priority")).to_have_text("p2")
            expect(preview).to_contain_text("Every 3 days at 23:59, from completion")
            assert_usable(preview, keyboard=False)
        box.press("Enter")
        expect(page.locator(".message")).to_contain_text("Added “Water the plants”.")
        today = person.today()
        with as_user(person):
            task = Task.objects.get()
            assert list(Label.objects.values_list("name", flat=True)) == ["garden"]
        assert (task.title, task.project_id, task.priority) == ("Water the plants", home.pk, 2)
        assert (task.due_date, task.due_time, task.recurrence, task.recur_from_completion) == (
            today,
            time(23, 59),
            "FREQ=DAILY;INTERVAL=3",
            True,
        )
        row = page.locator(ROW, has_text="Water the plants")
        expect(row.locator(".task-meta")).to_contain_text("Today 23:59")
        expect(row.locator(".repeats")).to_have_count(1)

        # Completed: the next date is three days after today, and it says so.
        check = row.locator("button.check")
        assert_usable(check)
        check.click()
        after = today + timedelta(days=3)
        expect(page.locator(".message")).to_contain_text(f"Next: {after:%a} {after.day} {after:%b}")
        row = page.locator(ROW, has_text="Water the plants")
        expect(row).not_to_have_class(re.compile("is-completed"))
        with as_user(person):
            assert Task.objects.get().due_date == after
            assert list(TaskCompletion.objects.values_list("due_date", flat=True)) == [today]

        # Undo puts the date back.
        undo = page.locator(".message button", has_text="Undo")
        assert_usable(undo)
        undo.click()
        expect(page.locator(".message")).to_contain_text("is due")
        with as_user(person):
            assert Task.objects.get().due_date == today
            assert not TaskCompletion.objects.exists()
    finally:
        page.context.close()


def test_the_edit_page_sets_and_says_a_repeat(signed_in, person):
    page = signed_in
    box = page.locator("[data-quick-add] input[name=title]")
    box.fill("Book club")
    box.press("Enter")
    expect(page.locator(".message")).to_contain_text("Added “Book club”.")
    with as_user(person):
        task = Task.objects.get()
    page.goto(f"/tasks/{task.pk}/edit/")
    repeat = page.locator("#id_repeat")
    assert_usable(repeat)
    repeat.fill("every 3rd friday at 9am")
    page.click("main .stack-form button[type=submit]")
    expect(page.locator(".message")).to_contain_text("Saved “Book club”.")
    page.goto(f"/tasks/{task.pk}/edit/")
    expect(page.locator("[data-repeats]")).to_have_text("Every 3rd Friday at 9:00, from the due date")
    expect(page.locator("#id_repeat")).to_have_value("every 3rd friday")


def test_the_repeat_sentence_follows_what_is_typed(signed_in, person):
    from tests.factories import make_task

    task = make_task(person, title="Team call", due_date=person.today())
    page = signed_in
    page.goto(f"/tasks/{task.pk}/edit/")
    page.fill("#id_repeat", "every other monday")
    sentence = page.locator("[data-repeats]")
    expect(sentence).to_have_text("Every other Monday, from the due date")
    page.fill("#id_repeat", "every blue moon")
    expect(sentence).to_contain_text("is not a repeat this app understands")  # as saving would say
