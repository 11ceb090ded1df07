"""Signup, confirmation, login, logout, password reset and email change, through real emails."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, link_in, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 42"


def sign_up(client, email="new@example.com"):
    return client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_signup_confirm_by_email_then_log_out_and_in(client):
    response = sign_up(client, "New.Person@Example.com")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email__iexact="new.person@example.com")
    assert not user.email_verified

    # Until the address is confirmed, the tasks stay out of reach.
    assert client.get("/").status_code == 302

    assert len(mail.outbox) == 1
    confirm_url = link_in(mail.outbox[0])
    assert confirm_url.startswith("/accounts/confirm-email/")
    page = client.get(confirm_url)
    assert page.status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified

    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 200  # GET only asks
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302

    response = client.post("/accounts/login/", {"login": "new.person@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_logging_in_before_confirming_sends_you_to_confirm(client):
    sign_up(client)
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, owner):
    response = client.post("/accounts/login/", {"login": owner.email, "password": "wrong"})
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_signing_up_with_a_taken_address_reveals_nothing(client, owner):
    response = sign_up(client, "OWNER@example.com")
    # Same answer as for a new address, no second account; the owner gets a heads-up email.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_password_reset_through_the_emailed_link(client, owner):
    response = client.post("/accounts/password/reset/", {"email": owner.email})
    assert response.status_code == 302
    reset_url = link_in(mail.outbox[0])
    response = client.get(reset_url)
    assert response.status_code == 302  # allauth hides the key from the address bar
    set_password_url = response["Location"]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert client.login(username=owner.email, password=NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_changing_email_takes_effect_once_the_new_address_is_confirmed(client, owner):
    client.force_login(owner)
    assert client.get("/accounts/email/").status_code == 200
    response = client.post("/accounts/email/", {"action_add": "", "email": "moved@example.com"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"

    client.post(link_in(mail.outbox[-1]))
    owner.refresh_from_db()
    assert owner.email == "moved@example.com"
    assert owner.email_verified


def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(client):
    make_user("target@example.com")
    for i in range(5):
        client.post("/accounts/login/", {"login": "target@example.com", "password": f"guess {i}"})
    response = client.post("/accounts/login/", {"login": "target@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert client.get("/").status_code == 302
