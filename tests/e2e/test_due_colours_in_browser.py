"""A due date's colour says how near it is, as in Todoist: overdue red, today green, tomorrow
amber, the week ahead purple, later grey; in light and in dark."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.browser import new_page, sign_in
from tests.factories import make_task

WHEN = {"Overdue": -2, "Today": 0, "Tomorrow": 1, "This week": 4, "Later": 20}
CLASSES = {"Overdue": "is-overdue", "Today": "due-today", "Tomorrow": "due-tomorrow", "This week": "due-week"}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_each_nearness_of_a_due_date_has_its_own_colour(browser, base_url, person, dark):
    for title, days in WHEN.items():
        make_task(person, title=title, due_date=person.today() + timedelta(days=days))
    page = new_page(browser, base_url, dark=dark)
    try:
        sign_in(page)
        colours = {}
        for title in WHEN:
            due = page.locator("[data-task]", has_text=title).locator(".due")
            classes = due.get_attribute("class").split()
            assert (CLASSES.get(title) in classes) if title in CLASSES else classes == ["due"], (title, classes)
            colours[title] = due.evaluate("element => getComputedStyle(element).color")
        assert len(set(colours.values())) == len(WHEN), colours
    finally:
        page.context.close()
