"""Which connection each model's queries use."""

from __future__ import annotations


class CacheRouter:
    """Django's database cache goes through the "cache" alias, a connection of its own.

    The default connection runs each request in one transaction (the RLS context); cache
    writes there would be invisible to other workers until the response is done, lost when
    it fails, and would make concurrent requests for one rate-limit key wait for each other.
    The in-process test suite sets `alias` to "default", so a test's cache entries roll back
    with the test; the tests that run gunicorn use the "cache" alias as production does.
    """

    alias = "cache"

    def db_for_read(self, model, **hints):
        return self.alias if model._meta.app_label == "django_cache" else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, **hints):
        # One database, three connections to it: only the default one migrates (and only it
        # may read django_migrations; `makemigrations` asks every alias once a router exists).
        return db == "default"
