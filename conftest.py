"""Shared fixtures: the suite builds the test database as the owner, then runs as the app role.

People and helpers live in tests/factories.py."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections
from psycopg import sql

from tests.factories import as_user, make_user
from todo_project import rls
from todo_project.routers import CacheRouter


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Run every test as the app role, the one the web process uses, so RLS applies.

    pytest-django creates test_<NAME> with the default alias' credentials (the owner);
    the switch back for teardown is needed because only the owner can drop the database.
    """
    conn = connections["default"]
    owner = (conn.settings_dict["USER"], conn.settings_dict["PASSWORD"])
    app_role = settings.DATABASE_ROLES["app"]
    with django_db_blocker.unblock():
        with conn.cursor() as cursor:
            # Test database only: transaction=True tests empty every table with TRUNCATE, and
            # then recreate content types and permissions, which production keeps read-only.
            app = sql.Identifier(app_role)
            cursor.execute(sql.SQL("GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {}").format(app))
            cursor.execute(
                sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, rls.READ_ONLY_TABLES)), app
                )
            )
        conn.close()
    conn.settings_dict.update(USER=app_role, PASSWORD=os.environ.get("DATABASE_APP_PASSWORD", ""))
    # In this process the cache shares the test's connection, so its entries roll back with
    # each test (see todo_project/routers.py); the gunicorn tests use a connection of its own.
    CacheRouter.alias = "default"
    OWNER_CREDENTIALS.update(user=owner[0], password=owner[1])
    yield
    with django_db_blocker.unblock():
        conn.close()
    conn.settings_dict["USER"], conn.settings_dict["PASSWORD"] = owner


OWNER_CREDENTIALS: dict[str, str] = {}


@pytest.fixture
def owner_connection(transactional_db):
    """A connection to the test database as the schema owner, for DDL the app role may not run."""
    from todo_project.operations import new_connection

    with new_connection("default", **OWNER_CREDENTIALS, autocommit=True) as conn:
        yield conn


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """Rate-limit counters live in the cache; one test must not exhaust another's allowance.

    The database cache (no CACHE_URL) is rolled back with an ordinary test's transaction, but
    a transactional test's flush empties only the models' tables: empty it after those.
    """
    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        cache.clear()
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    if isinstance(cache, DatabaseCache) and transactional:
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


@pytest.fixture
def stranger(db):
    return make_user("stranger@example.com")


@pytest.fixture
def as_owner(owner):
    """The whole test runs in the owner's RLS context, like the owner's own requests."""
    with as_user(owner):
        yield


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
