from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.urls import reverse

from accounts.models import DEMO_DOMAIN, User


def site_url(path: str) -> str:
    """An absolute link for an email: from SITE_URL, whatever Host header the request carried."""
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class Site:
    """What allauth's email templates read from `current_site` (name and domain)."""

    name: str
    domain: str


def owners_of(email: str) -> list[User]:
    """The accounts an address belongs to: signed up with it, or confirmed it.

    An address someone added to their account and never confirmed is only a claim: it must
    not block another person's signup, receive a password reset, or be confirmed by whoever
    reads that inbox (see AccountAdapter.confirm_email).
    """
    confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return list(User.objects.filter(Q(email__iexact=email) | Q(pk__in=confirmed)))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The browser's time zone, when the signup form carried one (SignupForm.clean_timezone).
        user.timezone = form.cleaned_data.get("timezone") or "UTC"
        user.date_order = form.cleaned_data.get("date_order") or "DMY"
        user.time_format = form.cleaned_data.get("time_format") or "24h"
        return super().save_user(request, user, form, commit=commit)

    def clean_email(self, email: str) -> str:
        # Demo users live at this domain and `cleanup_demo` deletes them all; keep people out.
        if email.lower().endswith(f"@{DEMO_DOMAIN}"):
            raise forms.ValidationError("Please use a real email address.")
        return super().clean_email(email)

    def confirm_email(self, request, email_address: EmailAddress) -> bool:
        # A link confirming a new address for an existing account (an email change) works only
        # for that account, signed in: whoever reads the inbox must not be able to move someone
        # else's account to it. allauth's verification by code keeps to the same rule.
        changing = email_address.email.lower() != email_address.user.email.lower()
        if changing and request.user.pk != email_address.user_id:
            self.add_message(request, messages.ERROR, "account/messages/email_confirmation_signin.txt")
            return False
        if any(owner.pk != email_address.user_id for owner in owners_of(email_address.email)):
            self.add_message(
                request,
                messages.ERROR,
                "account/messages/email_confirmation_failed.txt",
                {"email": email_address.email},
            )
            return False
        return super().confirm_email(request, email_address)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": site_url(reverse("account_signup")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth fills these from the request (its Host header, port and all); the mail about
        # an unknown account carries a signup link built the same way.
        domain = urlsplit(settings.SITE_URL).netloc
        context = {**context, "current_site": Site(name=domain, domain=domain)}
        if "signup_url" in context:
            context["signup_url"] = site_url(reverse("account_signup"))
        super().send_mail(template_prefix, email, context)


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encryption_keys() -> list[str]:
    """MFA_ENCRYPTION_KEYS, newest first, or (DEBUG only) one key derived from SECRET_KEY."""
    return settings.MFA_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(hashlib.sha256(f"mfa-encryption:{settings.SECRET_KEY}".encode()).digest()).decode()
    ]


def fernet() -> MultiFernet:
    """The MFA secrets' cipher: encrypts with the newest key, decrypts with any."""
    return _fernet(tuple(encryption_keys()))


def is_encrypted(value: str) -> bool:
    # Every Fernet token starts with its version byte, 0x80 ("gA" in base64); a TOTP secret
    # (base32, upper case) or a recovery-code seed (hex) never does.
    return value.startswith("gA")


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted, so a backup or a leaked row
    does not give away anyone's second factor."""

    def encrypt(self, text: str) -> str:
        return fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        # Rows written before encryption stay readable until `encrypt_mfa_secrets` runs.
        if not is_encrypted(encrypted_text):
            return encrypted_text
        return fernet().decrypt(encrypted_text.encode()).decode()
