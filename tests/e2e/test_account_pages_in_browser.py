"""allauth's pages in a real browser: laid out like the rest of the app, in light and dark."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from tests.e2e.browser import DESKTOP, PHONE, new_page, reauthenticate_if_asked, sign_in
from tests.e2e.usable import assert_usable
from tests.factories import PASSWORD


def middle(box: dict[str, float]) -> float:
    return box["y"] + box["height"] / 2


@pytest.fixture
def browser_page(browser, base_url, request):
    """A page of the size and colour scheme the test asks for; no console errors (CSP) allowed."""
    pages = []

    def open_page(**options):
        pages.append(new_page(browser, base_url, **options))
        return pages[-1]

    yield open_page
    for page in pages:
        assert page.console_errors == [], page.console_errors
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_remember_me_is_on_one_line_after_its_checkbox(browser_page, person, viewport):
    page = browser_page(viewport=viewport)
    page.goto("/accounts/login/")
    checkbox = assert_usable(page.get_by_role("checkbox", name="Remember me"))
    label = assert_usable(page.locator("label[for=id_remember]"), keyboard=False)
    expect(page.locator("label[for=id_remember]")).to_have_text("Remember me")
    # Checkbox first, the label right after it, both centred on the same line.
    assert checkbox["x"] + checkbox["width"] <= label["x"] <= checkbox["x"] + checkbox["width"] + 24
    assert abs(middle(checkbox) - middle(label)) < 4
    page.locator("label[for=id_remember]").click()
    expect(page.locator("#id_remember")).to_be_checked()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_two_factor_page_shows_its_actions_as_buttons_side_by_side(browser_page, person, dark):
    page = browser_page(dark=dark)
    sign_in(page)
    TOTP.activate(person, generate_totp_secret())
    RecoveryCodes.activate(person)
    page.goto("/accounts/2fa/")
    reauthenticate_if_asked(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    expect(page.locator("main h1")).to_have_text("Two-factor authentication")
    assert page.locator("main .card li").count() == 0  # no bulleted list of actions

    codes = page.locator("main .panel", has=page.get_by_role("heading", name="Recovery codes"))
    buttons = [codes.get_by_role("link", name=name, exact=True) for name in ("View", "Download", "Generate")]
    boxes = [assert_usable(button) for button in buttons]
    for button in buttons:
        # A button's box (a flex item is blockified from inline-flex to flex), not a list item.
        style = button.evaluate(
            "b => { const s = getComputedStyle(b);"
            " return [s.display, parseFloat(s.paddingLeft), parseFloat(s.borderTopWidth)]; }"
        )
        assert style[0] in {"flex", "inline-flex"} and style[1] >= 8 and style[2] >= 1, style
    # One row, left to right, apart from each other.
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert right["x"] >= left["x"] + left["width"] + 4, (left, right)
    assert_usable(page.locator("main .panel").first.get_by_role("link", name="Deactivate"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_in_dark_mode_the_qr_code_sits_on_a_white_square_and_the_code_field_has_focus(browser_page, person, viewport):
    page = browser_page(dark=True, viewport=viewport)
    sign_in(page)
    page.goto("/accounts/2fa/totp/activate/")
    reauthenticate_if_asked(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    code = page.locator("input[name=code]")
    expect(code).to_be_focused()
    assert_usable(code)
    expect(code).to_have_attribute("inputmode", "numeric")
    expect(code).to_have_attribute("autocomplete", "one-time-code")

    # The page is dark; the QR code's square is white, with a margin all round.
    card = page.locator("main .card")
    assert card.evaluate("c => getComputedStyle(c).backgroundColor") != "rgb(255, 255, 255)"
    image = page.locator("main img[src^='data:image/svg+xml']")
    square = image.locator("xpath=..")
    outer, inner = assert_usable(square, keyboard=False), assert_usable(image, keyboard=False)
    assert square.evaluate("s => getComputedStyle(s).backgroundColor") == "rgb(255, 255, 255)"
    padding = square.evaluate(
        "s => ['Top', 'Right', 'Bottom', 'Left'].map(side => parseFloat(getComputedStyle(s)['padding' + side]))"
    )
    assert min(padding) >= 12, padding
    assert inner["x"] - outer["x"] >= 12 and inner["y"] - outer["y"] >= 12, (outer, inner)
    assert outer["x"] + outer["width"] - (inner["x"] + inner["width"]) >= 12, (outer, inner)
    assert outer["y"] + outer["height"] - (inner["y"] + inner["height"]) >= 12, (outer, inner)
    assert abs(inner["width"] - inner["height"]) < 1 and inner["width"] >= 150, inner  # square, big enough
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")  # loaded under the CSP


def test_the_code_field_has_focus_when_signing_in_with_two_factor(browser_page, person):
    TOTP.activate(person, generate_totp_secret())
    page = browser_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.locator("main h1")).to_have_text("Two-factor authentication")
    code = page.locator("input[name=code]")
    expect(code).to_be_focused()
    assert_usable(code)
    assert_usable(page.get_by_role("button", name="Sign in"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_time_zone_is_chosen_on_the_profile_from_the_keyboard(browser_page, person, viewport):
    page = browser_page(viewport=viewport)
    sign_in(page)
    page.goto("/accounts/profile/")
    zone = page.get_by_label("Time zone")
    assert_usable(zone)
    expect(zone).to_have_value("UTC")
    zone.focus()
    zone.select_option("Europe/Paris")  # what typing its name in the focused list does
    page.keyboard.press("Tab")
    save = page.get_by_role("button", name="Save")
    assert_usable(save)
    save.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".message")).to_contain_text("Saved your profile.")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
    person.refresh_from_db()
    assert person.timezone == "Europe/Paris"
