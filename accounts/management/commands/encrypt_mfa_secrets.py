"""Encrypt two-factor secrets stored in clear, and re-encrypt the rest with the newest key.

Run it after setting MFA_ENCRYPTION_KEYS for the first time (rows written before encryption
are stored in clear), and after putting a new key first in MFA_ENCRYPTION_KEYS, once every
running process knows that key (rotation, README "Two-factor secrets"): once it has
finished, the old keys can be removed. Rows already under the newest key are left alone.
Idempotent; --dry-run only counts.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken
from django.db import transaction

from accounts.adapter import encryption_keys, fernet, is_encrypted
from todo_project.operations import OperatorCommand


def reencrypt(value: str) -> str:
    """`value` encrypted with the newest key; unchanged when it already is."""
    if not is_encrypted(value):
        return fernet().encrypt(value.encode()).decode()
    try:
        Fernet(encryption_keys()[0]).decrypt(value.encode())
    except InvalidToken:
        # MultiFernet.rotate decrypts with any key and encrypts with the first one.
        return fernet().rotate(value.encode()).decode()
    return value


class Command(OperatorCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default="staff", help="connection to use (default: staff)")
        parser.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")

    def handle(self, *args, database: str, dry_run: bool, **options) -> None:
        authenticators = Authenticator.objects.using(database).filter(
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        )
        plaintext = changed = 0
        with transaction.atomic(using=database):
            for authenticator in authenticators.select_for_update().iterator():
                data = authenticator.data
                before = dict(data)
                for field in ("secret", "seed"):
                    if field in data:
                        plaintext += not is_encrypted(data[field])
                        data[field] = reencrypt(data[field])
                if "migrated_codes" in data:
                    plaintext += sum(not is_encrypted(code) for code in data["migrated_codes"])
                    data["migrated_codes"] = [reencrypt(code) for code in data["migrated_codes"]]
                if data != before:
                    changed += 1
                    if not dry_run:
                        authenticator.save(using=database, update_fields=["data"])
        if dry_run:
            self.say(f"Would encrypt {plaintext:,} secrets stored in clear and rewrite {changed:,} authenticators.")
            return
        self.say(
            self.style.SUCCESS(
                f"Encrypted {plaintext:,} secrets stored in clear; rewrote {changed:,} authenticators "
                "under the newest key (the others already were)."
            )
        )
