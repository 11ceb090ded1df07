"""The API's fixtures: a read and write token, and a client that sends it."""

from __future__ import annotations

import json

import pytest

from api import actions
from tests.factories import as_user


def fresh_window(seconds: float = 10) -> None:
    """Start a rate-limit test with `seconds` left in the minute's window at least, so that the
    counts it makes all fall in one window."""
    import time

    from api import ratelimit

    _, left = ratelimit.window()
    if left < seconds:
        time.sleep(left + 0.1)


def empty_queue() -> None:
    """The reminders' jobs a live server deferred (a task made with a due date plans its
    reminders): the queue's tables are not Django's models, so a flush leaves them, and a job
    left waiting would fail the health check of a later test."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("procrastinate_events", "procrastinate_jobs", "procrastinate_periodic_defers"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)


def make_token(user, scope: str = "write", name: str = "Script") -> str:
    with as_user(user):
        result, token = actions.create_token(user, name=name, scope=scope)
    assert result.changed, result.message
    return token


class Api:
    """The test client, calling /api/v1/ with a token (or none, or anything)."""

    def __init__(self, client, token: str | None, always: dict | None = None):
        self.client, self.token, self.always = client, token, always or {}

    def keyed(self, key: str) -> Api:
        """The same client, sending `Idempotency-Key: <key>` with every call."""
        return Api(self.client, self.token, {"Idempotency-Key": key})

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **self.always, **(extra or {})}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers(headers))

    def send(self, method: str, path: str, body=None, **headers):
        data = json.dumps(body) if body is not None and not isinstance(body, str) else body
        call = getattr(self.client, method.lower())
        return call(f"/api/v1{path}", data=data or "", content_type="application/json", headers=self.headers(headers))

    def post(self, path: str, body=None, **headers):
        return self.send("POST", path, body, **headers)

    def patch(self, path: str, body=None, **headers):
        return self.send("PATCH", path, body, **headers)

    def delete(self, path: str, **headers):
        return self.send("DELETE", path, None, **headers)


@pytest.fixture
def token(owner) -> str:
    return make_token(owner, "write")


@pytest.fixture
def read_token(owner) -> str:
    return make_token(owner, "read", name="Dashboard")


@pytest.fixture
def api(client, token) -> Api:
    return Api(client, token)


@pytest.fixture
def reader(client, read_token) -> Api:
    return Api(client, read_token)


@pytest.fixture
def stranger_api(client, stranger) -> Api:
    return Api(client, make_token(stranger, "write", name="Theirs"))
