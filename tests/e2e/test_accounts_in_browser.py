"""Accounts in a real browser: signup with confirmation, export, deletion, two-factor."""

from __future__ import annotations

import json
import re
from datetime import time
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tasks.models import Task
from tests.e2e.browser import last_email_link, reauthenticate_if_asked, sign_in
from tests.factories import PASSWORD, make_task, totp_code


def sign_up(page, email: str) -> None:
    """Fill in the signup form on the page and send it; it asks to confirm the address."""
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))


def test_signing_up_confirming_the_email_and_landing_on_the_list(page, transactional_db):
    page.goto("/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/$"))
    page.click("main >> text=sign up")
    sign_up(page, "new.person@example.com")
    expect(page.locator("main")).to_contain_text("Check your email")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    page.goto(last_email_link())
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("[data-quick-add] input[name=title]")).to_be_visible()
    assert User.objects.get(email="new.person@example.com").email_verified


def test_signing_up_takes_the_browsers_time_zone(browser, base_url, transactional_db):
    context = browser.new_context(base_url=base_url, timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        page.goto("/accounts/signup/")
        sign_up(page, "tokyo@example.com")
    finally:
        context.close()
    assert User.objects.get(email="tokyo@example.com").timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("locale", "order", "clock"), [("en-US", "MDY", "12h"), ("en-GB", "DMY", "24h"), ("de-DE", "DMY", "24h")]
)
def test_signing_up_takes_the_browsers_date_order_and_clock(browser, base_url, transactional_db, locale, order, clock):
    context = browser.new_context(base_url=base_url, locale=locale)
    try:
        page = context.new_page()
        page.goto("/accounts/signup/")
        sign_up(page, f"{locale.lower()}@example.com")
    finally:
        context.close()
    person = User.objects.get(email=f"{locale.lower()}@example.com")
    assert (person.date_order, person.time_format) == (order, clock)


def test_an_american_browser_signs_up_on_a_12_hour_clock_and_reads_times_on_it(browser, base_url, transactional_db):
    context = browser.new_context(base_url=base_url, locale="en-US")
    try:
        page = context.new_page()
        page.goto("/accounts/signup/")
        sign_up(page, "us@example.com")
        page.goto(last_email_link())
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/$"))
        person = User.objects.get(email="us@example.com")
        assert person.time_format == "12h"
        make_task(person, title="Dentist", due_date=person.today(), due_time=time(9, 0))
        page.goto("/today/")
        expect(page.locator("[data-task]", has_text="Dentist").locator(".due")).to_have_text("Today 9:00 am")
        # Quick add's line says the time on the same clock.
        page.fill("[data-quick-add] input[name=title]", "Call the bank tomorrow at 5:30pm")
        expect(page.locator(".qa-summary")).to_contain_text("Tomorrow 5:30 pm")
    finally:
        context.close()


def test_exporting_my_data_as_json_and_csv(signed_in, person):
    page = signed_in
    make_task(person, title="Exported", completed=True)
    page.click(".account-link")
    page.click("text=Download JSON")
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    with page.expect_download() as download:
        page.click("main .stack-form button[type=submit]")
    data = json.loads(Path(download.value.path()).read_text())
    assert data["format"] == "todo-export"
    assert [task["title"] for task in data["tasks"]] == ["Exported"]

    page.goto("/accounts/profile/")
    with page.expect_download() as download:
        page.click("text=Download tasks as CSV")  # recently re-authenticated: no second prompt
    assert "Exported" in Path(download.value.path()).read_text()


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_deleting_my_account(signed_in, person):
    page = signed_in
    make_task(person, title="Goes with the account")
    page.goto("/accounts/profile/")
    page.click("text=Delete account…")
    page.fill("input[name=password]", "not my password")
    page.click("main button.button-danger")
    expect(page.locator(".errorlist")).to_contain_text("That password is not correct.")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button.button-danger")
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    expect(page.locator(".message")).to_contain_text("Your account and all your tasks are deleted.")
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Task.objects.using("staff").filter(title="Goes with the account").exists()


def test_enrolling_in_two_factor_and_logging_in_with_a_code(signed_in, person):
    page = signed_in
    page.goto("/accounts/2fa/totp/activate/")
    reauthenticate_if_asked(page)
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.click("main .stack-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Recovery codes")

    page.click("header button:has-text('Sign out')")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    sign_in_page = page
    sign_in_page.fill("input[name=login]", person.email)
    sign_in_page.fill("input[name=password]", PASSWORD)
    sign_in_page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", "000000")
    page.click("main .stack-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Incorrect code")
    page.fill("input[name=code]", totp_code(secret))
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("[data-quick-add]")).to_be_visible()


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_a_staff_member_with_two_factor_reaches_the_admin_only_after_the_code(page):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import make_staff

    staff = make_staff("staff@example.com", two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", totp_code(secret))
    page.click("main .stack-form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()


def test_signing_in_with_a_wrong_password_says_so(page, person):
    sign_in_page = page
    sign_in_page.goto("/accounts/login/")
    sign_in_page.fill("input[name=login]", person.email)
    sign_in_page.fill("input[name=password]", "wrong")
    sign_in_page.click("main .stack-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("not correct")
    sign_in(page)
