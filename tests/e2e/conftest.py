"""Browser tests: Playwright drives the system's Chromium against the app on a loopback port.

pytest-django's live_server serves the app from a thread of this process, so the tests can
read the emails the app sends (mail.outbox) and check the database directly.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from django.core import mail

from conftest import PASSWORD, make_user

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

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server):
    return live_server.url


def new_page(browser, base_url, *, javascript=True, viewport=DESKTOP, dark=False):
    context = browser.new_context(
        base_url=base_url,
        java_script_enabled=javascript,
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


@pytest.fixture
def page(browser, base_url):
    page = new_page(browser, base_url)
    yield page
    assert page.console_errors == [], page.console_errors  # CSP violations show up here too
    page.context.close()


@pytest.fixture
def nojs_page(browser, base_url):
    page = new_page(browser, base_url, javascript=False)
    yield page
    page.context.close()


def sign_in(page, email="owner@example.com", password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def person(transactional_db):
    return make_user("owner@example.com")


@pytest.fixture
def signed_in(page, person):
    sign_in(page)
    return page


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
