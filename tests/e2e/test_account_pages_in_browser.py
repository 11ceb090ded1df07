"""allauth's pages in a real browser: laid out like the rest of the app, in light and dark."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from tests.e2e.browser import DESKTOP, PHONE, new_page, sign_in
from tests.factories import PASSWORD


def visible_box(locator) -> dict[str, float]:
    """The control's box, asserted to be of real size and inside the viewport."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, box
    viewport = locator.page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], (box, viewport)
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)
    return box


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


def reauthenticate_if_asked(page) -> None:
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        page.click("main .stack-form button[type=submit]")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_remember_me_is_on_one_line_after_its_checkbox(browser_page, person, viewport):
    page = browser_page(viewport=viewport)
    page.goto("/accounts/login/")
    checkbox = visible_box(page.get_by_role("checkbox", name="Remember me"))
    label = visible_box(page.locator("label[for=id_remember]"))
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
    boxes = [visible_box(button) for button in buttons]
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
    visible_box(page.locator("main .panel").first.get_by_role("link", name="Deactivate"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_in_dark_mode_the_qr_code_sits_on_a_white_square_and_the_code_field_has_focus(browser_page, person, viewport):
    page = browser_page(dark=True, viewport=viewport)
    sign_in(page)
    page.goto("/accounts/2fa/totp/activate/")
    reauthenticate_if_asked(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    code = page.locator("input[name=code]")
    expect(code).to_be_focused()
    visible_box(code)
    expect(code).to_have_attribute("inputmode", "numeric")
    expect(code).to_have_attribute("autocomplete", "one-time-code")

    # The page is dark; the QR code's square is white, with a margin all round.
    card = page.locator("main .card")
    assert card.evaluate("c => getComputedStyle(c).backgroundColor") != "rgb(255, 255, 255)"
    image = page.locator("main img[src^='data:image/svg+xml']")
    square = image.locator("xpath=..")
    outer, inner = visible_box(square), visible_box(image)
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
    visible_box(code)
    visible_box(page.get_by_role("button", name="Sign in"))
