"""Small things a person notices: what a description shows, how the bulk bar reads without
JavaScript, where the row actions are, the account pages' menu and the time-zone picker."""

from __future__ import annotations

import re

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from tests.e2e.browser import PHONE, last_email_link, reauthenticate_if_asked, sign_in, start_selecting
from tests.factories import PASSWORD, make_task, make_user


def test_a_descriptions_markdown_shows_and_its_link_opens_in_a_new_tab(signed_in, person, base_url):
    page = signed_in
    make_task(
        person,
        title="Call the plumber",
        description=f"Ask **Anna** about [the trash]({base_url}/trash/)\n<img src=x onerror=alert(1)>",
    )
    page.reload()
    description = page.locator(".task-description")
    expect(description.locator("strong")).to_have_text("Anna")
    expect(description.locator("img")).to_have_count(0)
    with page.expect_popup() as opened:
        description.get_by_role("link", name="the trash").click()
    expect(opened.value).to_have_url(f"{base_url}/trash/")
    opened.value.close()


def test_without_javascript_each_bulk_value_says_its_action(nojs_page, person):
    page = nojs_page
    make_task(person, title="Water the plants")
    sign_in(page)
    start_selecting(page)
    for name in ("Move to project", "Set priority", "Set due date (empty to clear)"):
        expect(page.locator(".bulk-value-name", has_text=name)).to_be_visible()
        expect(page.get_by_label(name)).to_be_visible()
    page.get_by_label("Set priority").select_option(label="P1")
    page.select_option("#bulk-action", label="Set priority")
    page.locator("[data-task] input.select").check()
    page.click("#bulk-form button[type=submit]")
    expect(page.locator(".task-meta .priority")).to_have_text("P1")


def test_with_javascript_only_the_chosen_actions_value_shows_without_a_second_name(signed_in, person):
    page = signed_in
    make_task(person, title="Water the plants")
    page.reload()
    start_selecting(page)
    page.select_option("#bulk-action", label="Set priority")
    expect(page.locator(".bulk-value-name")).to_have_count(4 - 1)  # no labels yet: no label picker
    for name in page.locator(".bulk-value-name").all():
        expect(name).to_be_hidden()
    expect(page.locator("select[name=priority]")).to_be_visible()


def test_the_account_menu_shows_where_i_am_and_new_codes_stand_apart(signed_in, person):
    TOTP.activate(person, generate_totp_secret())
    RecoveryCodes.activate(person)
    page = signed_in
    page.goto("/accounts/2fa/recovery-codes/")
    reauthenticate_if_asked(page)
    page.goto("/accounts/2fa/recovery-codes/")
    menu = page.get_by_role("navigation", name="Account")
    current = menu.get_by_role("link", name="Two-factor authentication")
    expect(current).to_have_attribute("aria-current", "true")
    assert current.evaluate("a => getComputedStyle(a).fontWeight") == "600"
    assert menu.get_by_role("link", name="Profile").evaluate("a => getComputedStyle(a).fontWeight") != "600"
    download = page.get_by_role("link", name="Download codes")
    generate = page.get_by_role("link", name="Generate new codes")
    expect(page.locator(".danger-zone")).to_contain_text("stop working")
    colour = "a => getComputedStyle(a).backgroundColor"
    assert generate.evaluate(colour) != download.evaluate(colour)
    assert generate.bounding_box()["y"] > download.bounding_box()["y"] + download.bounding_box()["height"]


def test_the_browsers_time_zone_comes_first_on_the_profile_and_can_be_chosen(browser, base_url, person):
    context = browser.new_context(base_url=base_url, timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        sign_in(page)
        page.goto("/accounts/profile/")
        zone = page.get_by_label("Time zone")
        first = zone.locator("option").first
        expect(first).to_have_text("Your browser's zone: Europe/Paris")
        expect(first).to_have_attribute("value", "Europe/Paris")
        expect(zone).to_have_value("UTC")  # what is saved stays chosen
        expect(zone.locator("optgroup[label=Europe] option[value='Europe/Paris']")).to_have_count(0)
        zone.select_option(label="Your browser's zone: Europe/Paris")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".message")).to_contain_text("Saved your profile.")
        expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
        person.refresh_from_db()
        assert person.timezone == "Europe/Paris"
    finally:
        context.close()


def test_without_javascript_the_time_zones_are_grouped_by_region(nojs_page, person):
    page = nojs_page
    sign_in(page)
    page.goto("/accounts/profile/")
    zone = page.get_by_label("Time zone")
    expect(zone.locator("option").first).to_have_text("UTC")
    expect(zone.locator("optgroup[label=Europe] option[value='Europe/Paris']")).to_have_text("Paris")
    zone.select_option("Europe/Paris")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message")).to_contain_text("Saved your profile.")
    person.refresh_from_db()
    assert person.timezone == "Europe/Paris"


def test_an_expired_confirmation_link_leads_to_a_new_one(page, transactional_db):
    make_user("late@example.com", verified=False)
    page.goto("/accounts/confirm-email/no-such-key/")
    expect(page).to_have_title("Confirm your email address · Todo")
    page.get_by_role("link", name="Sign in and get a new link").click()
    page.fill("input[name=login]", "late@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).not_to_contain_text("contact us")
    page.goto(last_email_link())
    expect(page.locator("main")).to_contain_text("Confirm that late@example.com is your email address.")


def test_add_project_from_the_sidebar_and_its_page_leaves_its_name_off_the_rows(signed_in, person):
    page = signed_in
    page.get_by_role("navigation", name="Lists").get_by_role("link", name="Add project").click()
    page.wait_for_url(re.compile(r"/projects/#new$"))
    page.get_by_label("New project").fill("Garden")
    page.get_by_role("button", name="Add project").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f-]+/$"))
    page.fill("[data-quick-add] input[name=title]", "Water the roses")
    page.keyboard.press("Enter")
    row = page.locator("[data-task]", has_text="Water the roses")
    expect(row).to_be_visible()
    expect(row.locator(".meta-project")).to_have_count(0)
    row.locator("button.check").click()  # the row the script gets back leaves it off too
    expect(row.locator(".check")).to_have_attribute("aria-pressed", "true")
    expect(row.locator(".meta-project")).to_have_count(0)
    page.goto("/?status=all")
    expect(page.locator("[data-task]", has_text="Water the roses").locator(".meta-project")).to_have_text("Garden")
    page.get_by_role("navigation", name="Lists").get_by_role("link", name="Add label").click()
    page.wait_for_url(re.compile(r"/labels/#new$"))
    expect(page.get_by_label("New label")).to_be_visible()


def test_row_actions_show_on_hover_and_focus_on_a_desktop(signed_in, person):
    page = signed_in
    make_task(person, title="Water the plants")
    make_task(person, title="Book the dentist")
    page.reload()
    page.mouse.move(0, 0)
    first, second = page.locator("[data-task]").nth(0), page.locator("[data-task]").nth(1)
    menu = first.locator("details.row-menu > summary")
    expect(menu).to_have_css("opacity", "0")
    first.hover()
    expect(menu).to_have_css("opacity", "1")
    expect(second.locator("details.row-menu > summary")).to_have_css("opacity", "0")
    page.mouse.move(0, 0)
    expect(menu).to_have_css("opacity", "0")
    first.locator("button.check").focus()
    expect(menu).to_have_css("opacity", "1")
    page.keyboard.press("Tab")  # to the menu itself, then open it from the keyboard
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(first.locator("[data-details]")).to_be_visible()


def test_row_actions_are_always_there_on_a_touch_screen(browser, base_url, person):
    context = browser.new_context(base_url=base_url, viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        make_task(person, title="Water the plants")
        sign_in(page)
        assert page.evaluate("matchMedia('(hover: none)').matches")
        summary = page.locator("[data-task] details.row-menu > summary")
        expect(summary).to_have_css("opacity", "1")
        summary.tap()
        expect(page.locator("[data-task] [data-details]")).to_be_visible()
    finally:
        context.close()
