"""The account pages' menu says where a person is, and the recovery codes page sets the
choice that throws the old codes away apart from the others."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def marked(html: str) -> list[tuple[str, str]]:
    """The menu's links that carry aria-current, with its value."""
    menu = html[html.index('<nav class="subnav"') : html.index("</nav>", html.index('<nav class="subnav"'))]
    return re.findall(r'<a href="[^"]+" aria-current="(\w+)">([^<]+)</a>', menu)


@pytest.fixture
def two_factor_client(owner_client, owner):
    TOTP.activate(owner, generate_totp_secret())
    RecoveryCodes.activate(owner)
    assert owner_client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return owner_client


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/accounts/profile/", [("page", "Profile")]),
        ("/accounts/email/", [("page", "Email address")]),
        ("/accounts/password/change/", [("page", "Password")]),
        ("/accounts/2fa/", [("page", "Two-factor authentication")]),
        ("/accounts/2fa/recovery-codes/", [("true", "Two-factor authentication")]),
        ("/accounts/delete/", [("true", "Profile")]),
    ],
)
def test_the_account_menu_marks_the_page_i_am_on(two_factor_client, path, current):
    assert marked(two_factor_client.get(path).content.decode()) == current


def test_generating_new_codes_is_set_apart_as_the_destructive_choice(two_factor_client):
    html = two_factor_client.get("/accounts/2fa/recovery-codes/").content.decode()
    card = html[html.index("<h1") : html.index("</main>")]
    rows = re.findall(r'<div class="form-actions">(.*?)</div>', card, re.DOTALL)
    assert rows == [
        '<a href="/accounts/2fa/recovery-codes/download/" class="button">Download codes</a>',
        '<a href="/accounts/2fa/recovery-codes/generate/" class="button button-danger">Generate new codes</a>',
    ]
    apart = card[card.index('<section class="danger-zone"') :]
    assert "makes every code above stop working" in apart
    assert "Download codes" not in apart
    assert "There are 10 recovery codes left out of 10." in card
