"""The tokens page: made with a name and a scope, shown once, kept as a keyed hash, listed
with their last use, revocable, at most 20; the password again for making and revoking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from api import tokens
from api.models import MAX_TOKENS, Token
from api.tests.conftest import Api, make_token
from tests.factories import PASSWORD, as_user

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


def made_token(response) -> str:
    found = re.search(r'value="(todo_pat_[A-Za-z0-9_-]+)"', response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_is_shown_once_and_kept_only_as_a_keyed_hash(owner_client, owner):
    response = owner_client.post(PAGE, {"action": "new", "name": "Phone", "scope": "write", "password": PASSWORD})
    assert response.status_code == 200
    token = made_token(response)
    assert tokens.TOKEN_PATTERN.match(token) and len(token) >= len("todo_pat_") + 32
    with as_user(owner):
        row = Token.objects.get(user=owner)
    assert (row.name, row.scope) == ("Phone", "write")
    assert token not in row.token_hash and row.token_hash == tokens.digest(token)
    page = owner_client.get(PAGE).content.decode()
    assert "Phone" in page and token not in page
    assert owner_client.get("/api/v1/tasks").status_code == 401  # the session is not enough
    assert Api(owner_client, token).get("/tasks").status_code == 200


def test_making_a_token_asks_for_the_password(owner_client, owner):
    response = owner_client.post(PAGE, {"action": "new", "name": "Phone", "scope": "read", "password": "wrong"})
    assert response.status_code == 400
    with as_user(owner):
        assert not Token.objects.exists()


def test_revoking_asks_for_the_password_and_stops_the_token(owner_client, owner):
    token = make_token(owner)
    with as_user(owner):
        row = Token.objects.get(user=owner)
    refused = owner_client.post(PAGE, {"action": "revoke", "token": row.pk, "password": "wrong"})
    assert refused.status_code == 400
    assert Api(owner_client, token).get("/tasks").status_code == 200
    owner_client.post(PAGE, {"action": "revoke", "token": row.pk, "password": PASSWORD})
    assert Api(owner_client, token).get("/tasks").status_code == 401


def test_another_persons_token_cannot_be_revoked(owner_client, stranger):
    theirs = make_token(stranger)
    with as_user(stranger):
        row = Token.objects.get(user=stranger)
    owner_client.post(PAGE, {"action": "revoke", "token": row.pk, "password": PASSWORD})
    assert Api(owner_client, theirs).get("/tasks").status_code == 200


def test_at_most_twenty_tokens(owner_client, owner):
    for number in range(MAX_TOKENS):
        make_token(owner, name=f"Token {number}")
    response = owner_client.post(PAGE, {"action": "new", "name": "One more", "scope": "read", "password": PASSWORD})
    assert response.status_code == 400
    with as_user(owner):
        assert Token.objects.count() == MAX_TOKENS


def test_the_last_use_is_written_at_most_once_a_minute(client, owner):
    token = make_token(owner)
    api = Api(client, token)
    api.get("/tasks")
    with as_user(owner):
        first = Token.objects.get(user=owner).last_used_at
    assert first is not None
    api.get("/tasks")
    with as_user(owner):
        assert Token.objects.get(user=owner).last_used_at == first
        Token.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    api.get("/tasks")
    with as_user(owner):
        assert Token.objects.get(user=owner).last_used_at > first - timedelta(seconds=1)


def test_a_token_still_works_while_the_secret_key_is_rotated(client, owner):
    token = make_token(owner)
    from django.conf import settings

    with override_settings(SECRET_KEY="a new key " * 5, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert Api(client, token).get("/tasks").status_code == 200
    with override_settings(SECRET_KEY="a new key " * 5, SECRET_KEY_FALLBACKS=[]):
        assert Api(client, token).get("/tasks").status_code == 401


def test_the_export_lists_the_tokens_without_their_hash(owner):
    from todo_project.personal_data import export_sections

    make_token(owner, name="Backup script")
    with as_user(owner):
        export = export_sections(owner)
    assert [row["name"] for row in export["api_tokens"]] == ["Backup script"]
    assert "token_hash" not in export["api_tokens"][0]


def test_a_read_token_is_refused_writes(client, owner):
    api = Api(client, make_token(owner, "read"))
    assert api.post("/tasks", {"title": "No"}).status_code == 403
