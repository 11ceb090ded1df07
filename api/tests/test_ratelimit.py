"""Rate limits: calls per token, and wrong tokens per address, each a 429 with Retry-After."""

from __future__ import annotations

import pytest
from django.test import override_settings

from api.tests.conftest import Api, fresh_window

pytestmark = pytest.mark.django_db


@override_settings(API_REQUESTS_PER_MINUTE=3)
def test_a_token_past_its_calls_a_minute_is_a_429(api, client, stranger_api):
    fresh_window(5)
    assert [api.get("/tasks").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/tasks")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert set(refused.json()) == {"detail", "errors"}
    assert stranger_api.get("/tasks").status_code == 200  # another token has its own allowance


@override_settings(API_BAD_TOKENS_PER_MINUTE=2)
def test_an_address_sending_wrong_tokens_is_a_429(client, api):
    wrong = Api(client, "todo_pat_" + "A" * 65)
    fresh_window(5)
    assert [wrong.get("/tasks").status_code for _ in range(2)] == [401, 401]
    refused = wrong.get("/tasks")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # From that address, no token is even checked until the minute is over.
    assert api.get("/tasks").status_code == 429
    other = client.get("/api/v1/tasks", headers={**api.headers(), "X-Forwarded-For": "x"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
