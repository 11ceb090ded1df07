"""allauth's pages read like the rest of the app: sentence-case headings and labels without colons,
"Remember me" after its checkbox, the two-factor code field ready to type in, buttons laid out as
buttons, and confirmation emails in plain words."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from accounts.text import sentence_case
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

# A Title-Cased word after the first one ("Sign In", "Remember Me"); acronyms do not match.
TITLE_CASE = re.compile(r"^\W*\w[\w-]*\b.*\b[A-Z][a-z]+\b", re.DOTALL)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def elements(html: str, tag: str) -> list[str]:
    """The text of every <tag> in the page's main part."""
    main = html[html.index("<main") :]
    return [text_of(inner) for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", main, re.DOTALL)]


def tag(html: str, pattern: str) -> str:
    """The one opening tag that matches `pattern`, e.g. '<input[^>]*name="code"'."""
    found = re.findall(rf"{pattern}[^>]*>", html)
    assert len(found) == 1, found
    return found[0]


def reauthenticate(client):
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


@pytest.fixture
def two_factor_owner(owner):
    TOTP.activate(owner, generate_totp_secret())
    RecoveryCodes.activate(owner)
    return owner


def at_the_code_step(client, user):
    """Signed in with the password, asked for the second factor."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    return client.get("/accounts/2fa/authenticate/")


ANONYMOUS_PAGES = {
    "/accounts/login/": "Sign in",
    "/accounts/signup/": "Sign up",
    "/accounts/password/reset/": "Password reset",
    "/accounts/password/reset/done/": "Password reset",
    "/accounts/password/reset/key/0-bad-key/": "Bad token",
    "/accounts/confirm-email/no-such-key/": "Confirm your email address",
}
SIGNED_IN_PAGES = {
    "/accounts/logout/": "Sign out",
    "/accounts/email/": "Email address",
    "/accounts/password/change/": "Change password",
    "/accounts/reauthenticate/": "Confirm access",
    "/accounts/2fa/": "Two-factor authentication",
    "/accounts/2fa/totp/activate/": "Activate authenticator app",
    # Our own account pages, in the same layout.
    "/accounts/profile/": "Profile",
    "/accounts/delete/": "Delete your account",
}
TWO_FACTOR_PAGES = {
    "/accounts/2fa/": "Two-factor authentication",
    "/accounts/2fa/totp/deactivate/": "Deactivate authenticator app",
    "/accounts/2fa/recovery-codes/": "Recovery codes",
    "/accounts/2fa/recovery-codes/generate/": "Recovery codes",
    "/accounts/2fa/reauthenticate/": "Confirm access",
}


def assert_reads_like_the_app(html: str, heading: str) -> None:
    assert elements(html, "h1") == [heading]
    for text in [*elements(html, "h1"), *elements(html, "h2"), *elements(html, "label")]:
        assert not TITLE_CASE.match(text), text
        assert not text.endswith(":"), text


@pytest.mark.parametrize(("path", "heading"), ANONYMOUS_PAGES.items())
def test_pages_before_signing_in_have_sentence_case_headings_and_labels(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert_reads_like_the_app(response.content.decode(), heading)


@pytest.mark.parametrize(("path", "heading"), SIGNED_IN_PAGES.items())
def test_account_pages_have_sentence_case_headings_and_labels(owner_client, path, heading):
    reauthenticate(owner_client)
    response = owner_client.get(path)
    assert response.status_code == 200
    assert_reads_like_the_app(response.content.decode(), heading)


@pytest.mark.parametrize(("path", "heading"), TWO_FACTOR_PAGES.items())
def test_two_factor_pages_have_sentence_case_headings(client, two_factor_owner, path, heading):
    client.force_login(two_factor_owner)
    reauthenticate(client)
    response = client.get(path)
    assert response.status_code == 200
    assert_reads_like_the_app(response.content.decode(), heading)


def test_the_pages_after_signing_up_and_for_setting_a_password_too(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    assert_reads_like_the_app(response.content.decode(), "Check your email")

    passwordless = make_user("passwordless@example.com")
    passwordless.set_unusable_password()
    passwordless.save()
    client.force_login(passwordless)
    response = client.get("/accounts/password/set/")
    assert_reads_like_the_app(response.content.decode(), "Set password")


def test_the_code_step_of_signing_in_has_a_sentence_case_heading(client, two_factor_owner):
    assert_reads_like_the_app(at_the_code_step(client, two_factor_owner).content.decode(), "Two-factor authentication")


def test_the_sign_in_labels_read_plainly(client):
    assert elements(client.get("/accounts/login/").content.decode(), "label") == ["Email", "Password", "Remember me"]


def test_remember_me_is_the_checkbox_then_its_label_in_one_field(client):
    html = client.get("/accounts/login/").content.decode()
    field = re.search(r'<div class="field field-checkbox">(.*?)</div>', html, re.DOTALL)
    assert field, html
    checkbox = '<input type="checkbox" name="remember" id="id_remember">'
    label = '<label for="id_remember">Remember me</label>'
    assert field.group(1).split() == [*checkbox.split(), *label.split()]


def test_the_code_field_to_activate_two_factor_is_focused_numeric_and_a_one_time_code(owner_client):
    reauthenticate(owner_client)
    code = tag(owner_client.get("/accounts/2fa/totp/activate/").content.decode(), r'<input[^>]*name="code"')
    assert " autofocus" in code
    assert 'inputmode="numeric"' in code
    assert 'autocomplete="one-time-code"' in code


def test_the_code_field_when_signing_in_is_focused_numeric_and_a_one_time_code(client, two_factor_owner):
    code = tag(at_the_code_step(client, two_factor_owner).content.decode(), r'<input[^>]*name="code"')
    assert " autofocus" in code
    assert 'inputmode="numeric"' in code
    assert 'autocomplete="one-time-code"' in code


def test_the_code_field_when_confirming_access_is_focused_and_numeric(client, two_factor_owner):
    client.force_login(two_factor_owner)
    code = tag(client.get("/accounts/2fa/reauthenticate/").content.decode(), r'<input[^>]*name="code"')
    assert " autofocus" in code
    assert 'inputmode="numeric"' in code


def test_the_qr_code_sits_in_its_own_square_with_a_description(owner_client):
    reauthenticate(owner_client)
    html = owner_client.get("/accounts/2fa/totp/activate/").content.decode()
    assert re.search(
        r'<div class="qr-code"><img src="data:image/svg\+xml;base64,[^"]+" alt="QR code for your authenticator app"',
        html,
    )


def test_the_two_factor_page_lays_its_actions_out_as_buttons_not_a_list(client, two_factor_owner):
    client.force_login(two_factor_owner)
    html = client.get("/accounts/2fa/").content.decode()
    card = html[html.index("<h1") : html.index("</main>")]
    assert "<li" not in card
    rows = re.findall(r'<div class="form-actions">(.*?)</div>', card, re.DOTALL)
    assert [re.findall(r'<a href="[^"]+" class="button[^"]*">\s*(\w+)\s*</a>', row) for row in rows] == [
        ["Deactivate"],
        ["View", "Download", "Generate"],
    ]


def test_the_signup_confirmation_email_says_plainly_who_it_is_for_and_what_to_do(client, db):
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    [message] = mail.outbox
    assert message.subject == "[Todo] Confirm your email address"
    body = " ".join(message.body.split())
    assert "has given your email address" not in body
    assert "signed up for Todo at 127.0.0.1:8000 with this email address, new@example.com." in body
    assert (
        'To finish signing up, open this link and press "Confirm": http://127.0.0.1:8000/accounts/confirm-email/'
        in body
    )
    assert "If it was not you, you can ignore this email: the address stays unconfirmed." in body


def test_the_email_confirming_a_new_address_says_plainly_what_to_do(owner_client):
    owner_client.post("/accounts/email/", {"action_add": "", "email": "moved@example.com"})
    [message] = mail.outbox
    assert message.to == ["moved@example.com"]
    assert message.subject == "[Todo] Confirm your email address"
    body = " ".join(message.body.split())
    assert "owner@example.com" not in body  # the account's current address stays private
    assert "asked to confirm moved@example.com as the email address of a Todo account" in body
    assert "sign in to that account first" in body
    assert "If it was not you, you can ignore this email" in body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sign In", "Sign in"),
        ("\n  Two-Factor Authentication\n", "\n  Two-factor authentication\n"),
        ("New Password (again)", "New password (again)"),
        ("Use TOTP With WebAuthn", "Use TOTP with WebAuthn"),
        ("Mail Ada@Example.com", "Mail Ada@Example.com"),
        ('<a href="/Reset/">Forgot Your Password?</a>', '<a href="/Reset/">Forgot your password?</a>'),
    ],
)
def test_sentence_case_lowers_title_case_words_but_not_acronyms_tags_or_addresses(text, expected):
    assert sentence_case(text) == expected


def title_of(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).split())


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/accounts/signup/", "Sign up · Todo"),
        ("/accounts/login/", "Sign in · Todo"),
        ("/accounts/password/reset/", "Password reset · Todo"),
        ("/accounts/confirm-email/no-such-key/", "Confirm your email address · Todo"),
    ],
)
def test_the_account_pages_titles_read_like_the_app(client, path, title):
    assert title_of(client.get(path).content.decode()) == title


def test_the_confirmation_page_says_plainly_which_address_is_confirmed(client, db):
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page = text_of(client.get(path).content.decode())
    assert "Confirm that new@example.com is your email address." in page
    assert "for user" not in page


def test_no_page_tells_people_to_contact_anyone(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    pages = [response.content.decode()]
    pages += [
        client.get(path).content.decode() for path in ("/accounts/password/reset/", "/accounts/password/reset/done/")
    ]
    for page in pages:
        assert "contact us" not in page.lower()
    assert '<a href="/accounts/login/" class="button button-secondary">Sign in and get a new link</a>' in pages[0]
    assert '<a href="/accounts/password/reset/">ask for another link</a>' in pages[2]


def test_an_expired_confirmation_link_offers_to_sign_in_and_signing_in_sends_a_new_one(client, db):
    make_user("late@example.com", verified=False)
    page = client.get("/accounts/confirm-email/no-such-key/").content.decode()
    assert "This confirmation link has expired" in text_of(page)
    assert '<a href="/accounts/login/" class="button">Sign in and get a new link</a>' in page
    response = client.post("/accounts/login/", {"login": "late@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    [message] = mail.outbox
    assert message.to == ["late@example.com"]
    assert "/accounts/confirm-email/" in message.body


def test_signed_in_an_expired_confirmation_link_points_to_the_email_addresses(owner_client):
    page = owner_client.get("/accounts/confirm-email/no-such-key/").content.decode()
    assert '<a href="/accounts/email/" class="button">Email addresses</a>' in page
