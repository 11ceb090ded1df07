"""Keep `users.email_verified` in step with allauth's record of the primary address."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed
from django.dispatch import receiver


def _sync_email_verified(user) -> None:
    verified = EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()
    if user.email_verified != verified:
        user.email_verified = verified
        user.save(update_fields=["email_verified", "updated_at"])


@receiver(email_confirmed)
def mark_verified_on_confirmation(request, email_address, **kwargs) -> None:
    _sync_email_verified(email_address.user)


@receiver(email_changed)
def mark_verified_on_change(request, user, from_email_address, to_email_address, **kwargs) -> None:
    _sync_email_verified(user)
