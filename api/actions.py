"""Every write of the API app's own: making and revoking tokens, a POST's Idempotency-Key.

Called inside the person's RLS context (their request), like tasks.actions.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Now

from api import tokens
from api.models import MAX_NAME_LENGTH, MAX_TOKENS, IdempotencyKey, Token
from tasks.actions.base import Result, lock_person
from tasks.validators import clean_name

# How long a POST's Idempotency-Key is remembered.
KEEP_KEYS = timedelta(days=1)


@transaction.atomic
def create_token(user, *, name: str, scope: str) -> tuple[Result, str | None]:
    """A new token of `scope` ("read" or "write") named `name`, within MAX_TOKENS; the result,
    and the token itself (None when refused), which is shown once and kept only as a hash."""
    lock_person(user.pk)  # the limit is counted and written by one transaction at a time
    try:
        name = clean_name(name, "token")
    except ValidationError as exc:
        return Result(changed=False, message=exc.messages[0], errors={"name": exc.messages}), None
    if len(name) > MAX_NAME_LENGTH:
        message = f"A token name is at most {MAX_NAME_LENGTH} characters."
        return Result(changed=False, message=message, errors={"name": [message]}), None
    if scope not in ("read", "write"):
        return Result(
            changed=False, message="Choose read, or read and write.", errors={"scope": ["Not a scope."]}
        ), None
    if Token.objects.filter(user=user).count() >= MAX_TOKENS:
        message = f"You have {MAX_TOKENS} tokens, the most one can keep; revoke one first."
        return Result(changed=False, message=message, errors={"name": [message]}), None
    secret = tokens.make(user.pk)
    token = Token.objects.create(user=user, name=name, scope=scope, token_hash=tokens.digest(secret))
    return Result(changed=True, message=f"Made the token “{token.name}”.", item=token), secret


@transaction.atomic
def revoke_token(user, token_id: uuid.UUID) -> Result:
    """Revoke one of the person's tokens: it stops working at once, on every worker."""
    token = Token.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return Result(changed=False, message="That token is gone already.")
    token.delete()
    return Result(changed=True, message=f"Revoked the token “{token.name}”: it no longer works.", item=token)


def recorded_answer(user, key: str) -> IdempotencyKey | None:
    """The answer a POST with this Idempotency-Key had, if one was recorded in the last day."""
    return IdempotencyKey.objects.filter(user=user, key=key, created_at__gt=Now() - KEEP_KEYS).first()


def record_answer(user, key: str, *, fingerprint: str, operation: str, status: int, body, headers: dict) -> None:
    """Keep the key with the answer of its POST, in the transaction of the POST's write: a second
    call with the same key, on any worker, waits on the primary key until this one commits,
    then finds it. The person's keys older than a day are forgotten here too."""
    IdempotencyKey.objects.filter(user=user, created_at__lt=Now() - KEEP_KEYS).delete()
    IdempotencyKey.objects.create(
        user=user, key=key, fingerprint=fingerprint, operation=operation, status=status, body=body, headers=headers
    )
