"""The database cache (no CACHE_URL) is one truth for every worker, written outside requests' transactions."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import transaction

from todo_project.routers import CacheRouter


@pytest.mark.django_db(transaction=True, databases=["default", "cache"])
def test_a_cache_write_is_seen_by_every_worker_at_once_and_survives_a_failed_request(owner_connection, monkeypatch):
    # As in production: the database cache on a connection of its own, outside the request's
    # transaction (this suite's own process otherwise keeps it in the test's transaction).
    monkeypatch.setattr(CacheRouter, "alias", "cache")
    cache = caches["default"]
    with transaction.atomic():  # a request's transaction, still open
        cache.set("failed-logins:someone", 3)
        seen = owner_connection.execute("SELECT count(*) FROM django_cache WHERE cache_key LIKE '%someone'")
        assert seen.fetchone()[0] == 1  # another worker sees it now, not at the response's end
        transaction.set_rollback(True)  # the request fails
    assert cache.get("failed-logins:someone") == 3
    cache.delete("failed-logins:someone")
