"""Print a new VAPID key pair for web push, as the two environment lines the settings read.

`make run` writes them once to .data/vapid.env for local use; in production, run it once and
keep the lines with the other secrets (a new pair makes every browser subscribe again).
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Print a new VAPID key pair (PUSH_VAPID_PRIVATE_KEY and PUSH_VAPID_PUBLIC_KEY) for web push."

    def handle(self, *args, **options) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        private = key.private_numbers().private_value.to_bytes(32, "big")
        public = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.stdout.write(f"PUSH_VAPID_PRIVATE_KEY={b64url(private)}\nPUSH_VAPID_PUBLIC_KEY={b64url(public)}\n")
