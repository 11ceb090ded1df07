"""The API app's part of a person's export (todo_project.personal_data)."""

from __future__ import annotations

from api.models import Token


def personal_data(user) -> dict[str, list[dict]]:
    """The person's tokens: name, scope, when made and last used; never the hash. Not the
    Idempotency-Keys, which are forgotten after a day and say nothing the tasks do not."""
    return {
        "api_tokens": list(
            Token.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("name", "scope", "created_at", "last_used_at")
        ),
    }
