"""Who calls the API: the personal access token in `Authorization: Bearer …`, and nothing else.

A session cookie is not read here, so a browser signed in to the pages cannot be made to call
the API (and CSRF, which guards cookies, does not apply). The token is checked inside the
request's transaction, and the RLS context becomes its person's (api.tokens.authenticate)
before the operation runs; a read token may only read.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from api import ratelimit, tokens
from api.errors import ApiError
from todo_project import replica

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    def __call__(self, request):
        # Whatever the session said, the API starts with nobody's context.
        request.user = AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request, token: str):
        ratelimit.check_address(request)
        # Checked on the primary even on a list read from a replica: a token just made or
        # revoked counts at once (todo_project.replica).
        with replica.primary():
            found = tokens.authenticate(token.strip())
        if found is None:
            ratelimit.count_bad_token(request)
            return None
        ratelimit.check_token(found.pk)
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ApiError(403, "This token may only read: make a read and write token to change tasks.")
        request.user = found.user
        return found
