"""Two-factor secrets are stored encrypted (with key rotation), and staff must use two-factor."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    validate_totp_code,
)
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.adapter import MFAAdapter
from tests.factories import PASSWORD, as_user, make_staff

pytestmark = pytest.mark.django_db


def stored_data(user) -> str:
    """The rows as they sit in the table (and in every backup)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT string_agg(data::text, ' ') FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        return cursor.fetchone()[0]


def current_code(secret: str) -> str:
    window = list(counters())  # the accepted time steps, the current one in the middle
    return format_hotp_value(hotp_value(secret, window[len(window) // 2]))


def test_the_totp_secret_and_recovery_seed_are_stored_encrypted_and_login_still_works(client, owner):
    secret = generate_totp_secret()
    TOTP.activate(owner, secret)
    codes = RecoveryCodes.activate(owner)
    seed = MFAAdapter().decrypt(codes.instance.data["seed"])

    stored = stored_data(owner)
    assert secret not in stored
    assert seed not in stored

    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    with as_user(owner):
        assert client.get("/").status_code == 200


def test_the_command_encrypts_secrets_stored_in_clear_and_rotates_to_the_newest_key(owner, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old_key]
    secret, seed = generate_totp_secret(), RecoveryCodes.generate_seed()
    # As written before encryption.
    Authenticator.objects.create(user=owner, type=Authenticator.Type.TOTP, data={"secret": secret})
    Authenticator.objects.create(
        user=owner, type=Authenticator.Type.RECOVERY_CODES, data={"seed": seed, "used_mask": 0}
    )
    codes_before = RecoveryCodes(Authenticator.objects.get(type="recovery_codes")).generate_codes()

    call_command("encrypt_mfa_secrets", database="default", verbosity=0)
    assert secret not in stored_data(owner)
    assert Fernet(old_key).decrypt(Authenticator.objects.get(type="totp").data["secret"].encode()).decode() == secret

    settings.MFA_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("encrypt_mfa_secrets", database="default", verbosity=0)
    settings.MFA_ENCRYPTION_KEYS = [new_key]
    totp = Authenticator.objects.get(type="totp")
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(totp.data["secret"].encode())
    assert TOTP(totp).validate_code(current_code(secret))
    assert RecoveryCodes(Authenticator.objects.get(type="recovery_codes")).generate_codes() == codes_before


def test_the_command_changes_nothing_on_a_dry_run(owner):
    Authenticator.objects.create(user=owner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    call_command("encrypt_mfa_secrets", "--dry-run", database="default", verbosity=0)
    assert Authenticator.objects.get().data == {"secret": "JBSWY3DPEHPK3PXP"}


@pytest.fixture
def staff():
    return make_staff("staff@example.com", two_factor=False)


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client, staff):
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    for path in ("/admin/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before two-factor is set up.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_staff_with_two_factor_use_the_admin_as_before(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_people_who_are_not_staff_still_get_the_admin_refusal(owner_client):
    assert owner_client.get("/admin/").status_code == 302
    assert owner_client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_code_is_good_for_its_own_step_only():
    # allauth remembers a used code (in the shared cache) for one step; a code that stayed valid
    # longer, as with a tolerance of a step either side, could be used a second time.
    secret = generate_totp_secret()
    step = int(time.time()) // 30
    assert validate_totp_code(secret, format_hotp_value(hotp_value(secret, step)))
    for other in (step - 1, step + 1):
        assert not validate_totp_code(secret, format_hotp_value(hotp_value(secret, other)))
