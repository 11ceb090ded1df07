"""What the API keeps about a person: their personal access tokens, and the Idempotency-Keys
of their POSTs with the answers they had.

Both tables carry `user_id` under the person's row-level security (migration 0001), with the
cascade from `users` in the database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import Q

from tasks.models import NAME_NOT_EMPTY, NAME_WITHOUT_CONTROLS
from todo_project.expressions import DB_NOW

# The most tokens one person keeps (DESIGN §11).
MAX_TOKENS = 20
MAX_NAME_LENGTH = 60
SCOPES = [("read", "Read"), ("write", "Read and write")]


def person():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class Token(models.Model):
    """A personal access token: its name and scope, and the keyed hash of its secret (the
    token itself is shown once, when it is made, and kept nowhere)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    user = person()
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    scope = models.CharField(max_length=5, choices=SCOPES)
    # HMAC-SHA256 of the token under a key derived from SECRET_KEY (api.tokens.digest), hex.
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_default=DB_NOW, editable=False)
    # Written at most once a minute (api.tokens.touch), so a busy script does not write on every call.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "api_tokens"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "write"]), name="api_tokens_scope_valid"),
            models.CheckConstraint(condition=NAME_NOT_EMPTY, name="api_tokens_name_not_empty"),
            models.CheckConstraint(condition=NAME_WITHOUT_CONTROLS, name="api_tokens_name_refuses_controls"),
        ]
        indexes = [
            # Every API call: the tokens of the person the token names, compared one by one;
            # the tokens page, in the order they were made; the cascade from users.
            models.Index(fields=["user", "created_at", "id"], name="idx_api_tokens_user"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        return self.scope == "write"


class IdempotencyKey(models.Model):
    """A POST's Idempotency-Key, stored with the first answer in the transaction of its write:
    the same key sent again (a retry after a timeout, on any worker) answers the same, and
    writes nothing. `fingerprint` is the SHA-256 of the method, the path and the body: the same
    key with another operation or body is refused. Forgotten after a day."""

    pk = models.CompositePrimaryKey("user_id", "key")
    user = person()
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    # "POST /api/v1/tasks/…/complete": said back when a key is used again for another call.
    operation = models.TextField()
    # The first answer, as it was sent: its status, its JSON body and the headers that say what
    # it made (Location, ETag, Undo-Token).
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_default=DB_NOW, editable=False)

    class Meta:
        db_table = "api_idempotency_keys"
        indexes = [
            # Forgetting a person's keys older than a day, on their next keyed POST.
            models.Index(fields=["user", "created_at"], name="idx_api_idempotency_created"),
        ]

    def __str__(self) -> str:
        return self.key
