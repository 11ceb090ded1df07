"""What an attacker could learn or take through the account pages: timing, unconfirmed
addresses, forged Host headers, and the password asked again before deleting."""

from __future__ import annotations

import statistics
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD, link_in, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, email):
    client.cookies.clear()  # a new visitor each time
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def seconds_to_sign_up(client, email) -> float:
    start = time.perf_counter()
    sign_up(client, email)
    return time.perf_counter() - start


def test_signing_up_with_a_taken_address_takes_as_long_as_with_a_new_one(client, settings):
    # The real hasher: the suite's fast one would hide the difference.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = {"signup": False}
    make_user("taken@example.com")
    seconds_to_sign_up(client, "warm-up@example.com")

    # Taken and new in turn, so a busy machine slows both alike.
    taken, new = [], []
    for i in range(20):
        taken.append(seconds_to_sign_up(client, "taken@example.com"))
        new.append(seconds_to_sign_up(client, f"new{i}@example.com"))

    medians = statistics.median(taken), statistics.median(new)
    print(f"signup medians: taken {medians[0] * 1000:.0f} ms, new {medians[1] * 1000:.0f} ms")
    assert max(medians) / min(medians) <= 1.2, medians


def test_an_address_added_but_never_confirmed_gives_its_inbox_no_hold_on_the_account(owner):
    account = Client()
    account.force_login(owner)
    account.post("/accounts/email/", {"action_add": "", "email": "shared@example.com"})
    assert mail.outbox[-1].to == ["shared@example.com"]
    owners_confirmation = link_in(mail.outbox[-1])
    inbox = Client()

    # Whoever reads that inbox cannot confirm it: the owner's account stays the owner's.
    inbox.post(owners_confirmation)
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert not EmailAddress.objects.get(user=owner, email="shared@example.com").verified
    assert inbox.get("/").status_code == 302

    # A password reset for it finds no account.
    mail.outbox.clear()
    inbox.post("/accounts/password/reset/", {"email": "shared@example.com"})
    assert [m.to for m in mail.outbox] == [["shared@example.com"]]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body

    # It does not block a signup: its holder gets an account of their own, and confirms it
    # (minutes later: allauth mails an address one confirmation every 3 minutes at most).
    cache.clear()
    mail.outbox.clear()
    sign_up(inbox, "shared@example.com")
    newcomer = User.objects.get(email="shared@example.com")
    assert newcomer != owner
    inbox.post(link_in(mail.outbox[-1]))
    newcomer.refresh_from_db()
    assert newcomer.email_verified
    assert inbox.get("/").status_code == 200

    # The owner's pending change can no longer take it, and resets go to the newcomer only.
    account.post(owners_confirmation)
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": "shared@example.com"})
    reset = Client().get(link_in(mail.outbox[-1]))
    assert reset.status_code == 302
    assert Client().login(username="owner@example.com", password=PASSWORD)


def test_the_owner_signed_in_confirms_their_new_address(owner):
    account = Client()
    account.force_login(owner)
    account.post("/accounts/email/", {"action_add": "", "email": "moved@example.com"})
    account.post(link_in(mail.outbox[-1]))
    owner.refresh_from_db()
    assert owner.email == "moved@example.com"


@pytest.mark.parametrize("host", ["127.0.0.1:6666", "evil.example.com:8443"])
def test_links_in_emails_come_from_the_site_url_not_the_host_header(client, owner, host, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.post("/accounts/password/reset/", {"email": owner.email}, HTTP_HOST=host)
    sign_up(client, "new@example.com")
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_HOST=host)
    sign_up(client, owner.email)
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 4
    for body in bodies:
        assert host not in body
        assert settings.SITE_URL in body


def test_deleting_the_account_takes_ten_tries_a_minute_at_most(owner_client, owner):
    statuses = [owner_client.post("/accounts/delete/", {"password": f"guess {i}"}).status_code for i in range(10)]
    assert statuses == [200] * 10
    response = owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize("verification", ["optional", "none"])
def test_an_unconfirmed_address_blocks_no_signup_whatever_the_verification_setting(owner, settings, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    account = Client()
    account.force_login(owner)
    account.post("/accounts/email/", {"action_add": "", "email": "shared@example.com"})
    response = Client().post(
        "/accounts/signup/", {"email": "shared@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    newcomer = User.objects.get(email="shared@example.com")
    assert newcomer != owner
    # A confirmed address still does: the owner's own is taken.
    response = Client().post(
        "/accounts/signup/",
        {"email": owner.email, "password1": "a fresh passphrase 42", "password2": "a fresh passphrase 42"},
    )
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    assert response.status_code in (200, 302)
