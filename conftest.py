"""Shared fixtures: the suite builds the test database as the owner, then runs as the app role."""

from __future__ import annotations

import os

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from psycopg import sql

PASSWORD = "correct horse battery staple"


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
            # Test database only: transaction=True tests empty every table with TRUNCATE.
            cursor.execute(
                sql.SQL("GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(app_role))
            )
        conn.close()
    conn.settings_dict.update(USER=app_role, PASSWORD=os.environ.get("DATABASE_APP_PASSWORD", ""))
    yield
    with django_db_blocker.unblock():
        conn.close()
    conn.settings_dict["USER"], conn.settings_dict["PASSWORD"] = owner


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; one test must not exhaust another's allowance.
    cache.clear()


def make_user(email: str, *, password: str = PASSWORD, verified: bool = True, **fields):
    from accounts.models import User

    user = User.objects.create_user(email, password, email_verified=verified, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


@pytest.fixture
def stranger(db):
    return make_user("stranger@example.com")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
