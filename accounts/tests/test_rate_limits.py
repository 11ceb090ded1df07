"""allauth's rate limits, crossed one by one; and counted in a cache every worker shares."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, email):
    client.cookies.clear()  # a new visitor each time, from the same address
    return client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_signup_is_limited_per_address(client):
    statuses = [sign_up(client, f"person{i}@example.com").status_code for i in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_the_refusal_is_a_styled_page(client):
    for i in range(21):
        response = sign_up(client, f"person{i}@example.com")
    assert b"Too many attempts" in response.content


def test_password_reset_is_limited_per_email(client):
    user = make_user("reset@example.com")
    statuses = [client.post("/accounts/password/reset/", {"email": user.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


def test_confirmation_mail_is_not_resent_on_every_login(client):
    sign_up(client, "new@example.com")
    assert len(mail.outbox) == 1
    for _ in range(3):
        client.post("/accounts/logout/")
        client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert len(mail.outbox) == 1  # at most one confirmation mail per address every 3 minutes


REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}}


@pytest.fixture
def shared_cache():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS["default"]["LOCATION"]).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    with override_settings(CACHES=REDIS):
        caches["default"].clear()
        yield
        caches["default"].clear()


def test_workers_sharing_redis_share_the_counts(client, shared_cache):
    """Two clients stand for two workers: what one counted, the other sees."""
    from django.test import Client

    make_user("target@example.com")
    first, second = Client(), Client()
    for i in range(5):
        (first if i % 2 else second).post("/accounts/login/", {"login": "target@example.com", "password": f"x{i}"})
    # A third "worker" with a cache connection of its own still refuses the right password.
    caches["default"].close()
    response = Client().post("/accounts/login/", {"login": "target@example.com", "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
