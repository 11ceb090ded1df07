"""Browser tests: Playwright drives the system's Chromium against the app on a loopback port.

pytest-django's live_server serves the app from a thread of this process, so the tests can
read the emails the app sends (mail.outbox) and check the database directly.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_FLAGS, new_page, sign_in
from tests.factories import make_user

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


@pytest.fixture
def person(transactional_db):
    return make_user("owner@example.com")


@pytest.fixture
def signed_in(page, person):
    sign_in(page)
    return page
