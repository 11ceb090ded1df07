"""Driving Debian's Chromium with Playwright: the settings, a new page, signing in, and what
the browser tests check on every page. Imported by tests/e2e/conftest.py and the tests."""

from __future__ import annotations

import os
import re

from django.core import mail

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def new_page(browser, base_url, *, javascript=True, viewport=DESKTOP, dark=False, touch=False):
    context = browser.new_context(
        base_url=base_url,
        java_script_enabled=javascript,
        has_touch=touch,
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []

    def record(message):
        # A 400 is the app refusing bad input on purpose (an empty title); anything else is not.
        if message.type == "error" and "status of 400" not in message.text:
            page.console_errors.append(message.text)

    page.on("console", record)
    return page


def sign_in(page, email="owner@example.com", password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def last_email_link() -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def serious_accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def reauthenticate_if_asked(page, password: str = PASSWORD) -> None:
    """allauth asks for the password again before sensitive pages; answer it when it does."""
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", password)
        page.click("main .stack-form button[type=submit]")


def row_menu(row):
    """Open a row's menu (Edit, Rename, Delete) from its "⋯" button and return the menu."""
    row.locator("details.row-menu > summary").click()
    return row.locator(".row-menu-items")


def start_selecting(page) -> None:
    """Ask for the checkboxes and the bulk bar ("Select")."""
    page.locator("[data-select-mode]").click()
    page.wait_for_url(re.compile(r"select=1"))


def open_sidebar(page) -> None:
    """On a phone the sidebar is a closed menu: open it (on a desktop its lists always show)."""
    sidebar = page.locator("details[data-sidebar]")
    if not sidebar.locator("nav").is_visible():
        sidebar.locator("summary").click()
