"""The app is installable, as Chromium itself judges it (the check behind Lighthouse's
"installable" audit and the browser's Install button): its manifest and icons load, with no
installability error. And the profile's push section registers the service worker."""

from __future__ import annotations

import pytest

from tests.e2e.browser import sign_in
from tests.e2e.usable import assert_usable

pytestmark = pytest.mark.django_db(transaction=True)


def test_chromium_finds_the_app_installable(page, person):
    sign_in(page, person.email)
    page.wait_for_load_state("networkidle")
    session = page.context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest.get("errors"), manifest["errors"]
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito profile, where nothing installs: the browser's own
    # reason, not the app's. Any other would be the app's.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_the_profile_registers_the_service_worker(page, person, settings):
    settings.PUSH_VAPID_PUBLIC_KEY = (
        "BA3xYeaSkh9StgxtsSevoL-BiiX3SiRcz-i1B-lzYYlCQhev-m6rE3WYUS4exuIy0RxBhkqvRq-xQEDX5SZeGGo"
    )
    sign_in(page, person.email)
    page.goto("/accounts/profile/")
    page.wait_for_function("navigator.serviceWorker.getRegistration().then(r => !!r)")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope.endswith("/")
    # Shown once the script has asked the push manager (after the registration): waited for.
    assert_usable(page.locator("[data-push-toggle]"))
