"""Every page passes axe-core (no serious or critical violation), in light and dark, and fits
a 360 px wide phone. `make screenshots` refreshes the pictures in docs/screenshots/."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.e2e.browser import DESKTOP, PHONE, new_page, serious_accessibility_violations, sign_in
from tests.factories import (
    PUBLIC_PAGES,
    SIGNED_IN_PAGES,
    add_label,
    make_label,
    make_project,
    make_task,
    sample_ids,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def sample_tasks(person):
    today = person.today()
    home, errands = make_project(person, "Home", color="#299438"), make_label(person, "errands", color="#ff9933")
    milk = make_task(
        person,
        title="Buy oat milk and coffee beans",
        description="The good roast from the corner shop",
        due_date=today,
        project=home,
    )
    add_label(errands, [milk])
    make_task(person, title="Book the dentist", completed=True, due_date=today - timedelta(days=1))
    make_task(person, title="Renew the passport before the summer trip", priority=1, due_date=today - timedelta(days=2))
    make_task(person, title="Fix the garden gate", project=home, due_date=today, due_time=time(17, 30), priority=3)
    # Tomorrow and the week ahead have colours of their own: the sweep checks their contrast.
    make_task(person, title="Call the plumber", due_date=today + timedelta(days=1), due_time=time(9, 0))
    make_task(person, title="Water the plants", due_date=today + timedelta(days=3))
    make_task(person, title="Old idea", deleted_at=timezone.now())
    return sample_ids(person)


def visit_all(browser, base_url, ids, **page_options):
    """Yield (path, page) for every page, anonymous ones first."""
    page = new_page(browser, base_url, **page_options)
    try:
        for path in PUBLIC_PAGES:
            page.goto(path)
            yield path, page
        sign_in(page)
        for path in [*SIGNED_IN_PAGES, "/no-such-page/"]:
            page.goto(path.format(**ids))
            yield path, page
    finally:
        page.context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_page_has_a_serious_accessibility_violation(browser, base_url, sample_tasks, dark):
    found = {}
    for path, page in visit_all(browser, base_url, sample_tasks, dark=dark):
        violations = serious_accessibility_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_every_page_fits_a_360_pixel_phone(browser, base_url, sample_tasks):
    too_wide = {}
    for path, page in visit_all(browser, base_url, sample_tasks, viewport=PHONE):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}


@pytest.mark.screenshots
def test_take_screenshots(browser, base_url, sample_tasks):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for dark in (False, True):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            scheme = "dark" if dark else "light"
            page = new_page(browser, base_url, viewport=viewport, dark=dark)
            page.goto("/accounts/login/")
            page.screenshot(path=SCREENSHOTS / f"login-{scheme}-{name}.png")
            sign_in(page)
            # The same task done in every picture: marked once, by the first pass.
            second = page.locator("[data-task]").nth(1)
            if "is-completed" not in (second.get_attribute("class") or ""):
                second.locator("button.check").click()
                page.wait_for_selector(".message")
            page.locator("body").click(position={"x": 2, "y": 2})
            page.screenshot(path=SCREENSHOTS / f"tasks-{scheme}-{name}.png", full_page=True)
            page.goto("/today/")
            page.screenshot(path=SCREENSHOTS / f"today-{scheme}-{name}.png", full_page=True)
            page.goto(f"/projects/{sample_tasks['project']}/?select=1")
            page.screenshot(path=SCREENSHOTS / f"project-{scheme}-{name}.png", full_page=True)
            page.goto("/accounts/profile/")
            page.screenshot(path=SCREENSHOTS / f"profile-{scheme}-{name}.png", full_page=True)
            page.context.close()
