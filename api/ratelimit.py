"""Rate limits of the API, counted in the shared cache (Redis in production, else the database's
table), so every worker counts against the same allowance.

Fixed windows of a minute: a counter per token (every call), and one per client address (calls
with a token that is wrong). Over the limit, a 429 with Retry-After: the seconds to the window's end.
"""

from __future__ import annotations

import math
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

from api.errors import ApiError

WINDOW = 60


def window() -> tuple[int, int]:
    """This window's start, and the seconds until the next."""
    now = time.time()
    start = int(now // WINDOW) * WINDOW
    return start, max(1, math.ceil(start + WINDOW - now))


def count(key: str) -> int:
    """Add one to the counter `key` and return it (made at 1 on its first use)."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=WINDOW + 5):
            return 1
        return cache.incr(key)  # made meanwhile by another worker


def too_many(retry_after: int) -> ApiError:
    return ApiError(429, f"Too many requests; try again in {retry_after} s.", headers={"Retry-After": str(retry_after)})


def address(request) -> str:
    # allauth's reading of the client's address, which trusts as many proxies as it is told.
    return get_adapter().get_client_ip(request) or "unknown"


def check_token(token_id) -> None:
    """Count a call of this token; a 429 past API_REQUESTS_PER_MINUTE."""
    start, retry_after = window()
    if count(f"api:token:{token_id}:{start}") > settings.API_REQUESTS_PER_MINUTE:
        raise too_many(retry_after)


def check_address(request) -> None:
    """Refuse an address that sent too many wrong tokens in this window (before checking another)."""
    start, retry_after = window()
    if (cache.get(f"api:bad:{address(request)}:{start}") or 0) >= settings.API_BAD_TOKENS_PER_MINUTE:
        raise too_many(retry_after)


def count_bad_token(request) -> None:
    start, _ = window()
    count(f"api:bad:{address(request)}:{start}")
