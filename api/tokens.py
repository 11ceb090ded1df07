"""Personal access tokens: their form, their keyed hash, and who a token in a request is.

A token is `todo_pat_`, then its person's id (22 URL-safe characters), then a 43-character
secret (32 random bytes). The person's id lets the request look the token up in that person's
RLS context, inside the request's transaction, before anything else runs: it sets the context
to the id the token claims, reads that person's tokens (at most MAX_TOKENS) and compares the
keyed hash with each of them in constant time. A token that claims someone else's id only
reaches that person's hashes, and matches none of them; then the context is emptied again.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from api.models import Token
from todo_project import rls

PREFIX = "todo_pat_"
# The prefix, the person's id (16 bytes) and the secret (32 bytes), both base64url without padding.
TOKEN_PATTERN = re.compile(rf"^{PREFIX}([A-Za-z0-9_-]{{22}})([A-Za-z0-9_-]{{43}})$")
SALT = "api.tokens"
# A token's last use is written at most this often.
TOUCH_EVERY = timedelta(minutes=1)


def make(user_id: uuid.UUID) -> str:
    """A new token for the person `user_id` (shown once; only its digest is kept)."""
    person = base64.urlsafe_b64encode(user_id.bytes).decode().rstrip("=")
    return f"{PREFIX}{person}{secrets.token_urlsafe(32)}"


def digest(token: str, secret: str | None = None) -> str:
    """The keyed hash of a token: HMAC-SHA256 under a key derived from SECRET_KEY (`secret`)."""
    return salted_hmac(SALT, token, secret=secret, algorithm="sha256").hexdigest()


def claimed_person(token: str) -> uuid.UUID | None:
    """The person's id a well-formed token carries; None for anything else."""
    found = TOKEN_PATTERN.match(token)
    if found is None:
        return None
    try:
        return uuid.UUID(bytes=base64.urlsafe_b64decode(found.group(1) + "=="))
    except (ValueError, binascii.Error):
        return None


def matches(token: str, stored: str) -> bool:
    """Whether `token` hashes to `stored`, under SECRET_KEY or one of its fallbacks (a key
    being rotated), compared in constant time."""
    found = False
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        found |= hmac.compare_digest(digest(token, secret), stored)
    return found


def authenticate(token: str) -> Token | None:
    """The token, with its person, that `token` is; None for a wrong, revoked or malformed one,
    or one whose person is inactive. Call inside the request's transaction: on success the
    RLS context is the token's person's, on failure it is empty."""
    user_id = claimed_person(token)
    if user_id is None:
        rls.set_user(None)
        return None
    rls.set_user(user_id)
    found = None
    # Every one of the person's tokens is compared, whichever matches, so the time taken does
    # not tell how much of a guess was right.
    for candidate in Token.objects.filter(user_id=user_id).select_related("user"):
        if matches(token, candidate.token_hash):
            found = candidate
    if found is None or not found.user.is_active:
        rls.set_user(None)
        return None
    touch(found)
    return found


def touch(token: Token) -> None:
    """Record the token's use, at most once a minute (one UPDATE, and only when it is due)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    # SKIP LOCKED: a request of the same token writing it meanwhile has it covered, and no
    # request waits on another's transaction for this.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE api_tokens SET last_used_at = now()"
            " WHERE id = (SELECT id FROM api_tokens WHERE id = %s FOR UPDATE SKIP LOCKED)",
            [token.pk],
        )
    token.last_used_at = now
