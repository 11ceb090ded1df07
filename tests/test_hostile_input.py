"""Hostile and odd input: never a 5xx, nothing saved on refusal, saved text round-trips exactly.

Property-based (hypothesis), derandomized so the suite stays deterministic.
"""

from __future__ import annotations

import json
import unicodedata
import uuid
from base64 import urlsafe_b64encode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.models import Task
from tasks.pagination import SORTS
from tests.factories import as_user, make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_owner")]
examples = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Any text, with the nasty parts over-represented: NUL, controls, markup, SQL, very long.
nasty = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "   ",
            "\x00",
            "a\x00b",
            "<script>alert(1)</script>",
            "'; DROP TABLE tasks; --",
            "Robert'); DELETE FROM users;--",
            "%00%ff%zz",
            "\u202e\u200b\ufeff",
            "x" * 201,
            "y" * 1001,
        ]
    ),
)


def expected_title(raw: str) -> str | None:
    """What a valid title is saved as, or None where the form must refuse it."""
    title = raw.strip()
    if len(title) > 200 or "\x00" in title:
        return None
    # Only spaces, controls or format characters (U+200B, U+202E): nothing a person could see.
    if all(unicodedata.category(char)[0] in "CZ" for char in title):
        return None
    return title


@examples
@given(title=nasty, description=nasty)
def test_create_refuses_or_saves_exactly(owner_client, owner, title, description):
    before = Task.objects.count()
    response = owner_client.post(reverse("tasks:create"), {"title": title, "description": description})
    assert response.status_code < 500
    saved = expected_title(title)
    clean_description = description.strip()
    description_ok = len(clean_description) <= 1000 and "\x00" not in clean_description
    if saved is None or not description_ok:
        assert Task.objects.count() == before
        return
    task = Task.objects.latest("created_at")
    assert task.title == saved
    assert task.description == (clean_description or None)


@examples
@given(title=nasty)
def test_edit_refuses_or_saves_exactly_and_never_loses_the_old_title(owner_client, owner, title):
    task = make_task(owner, title="Safe")
    response = owner_client.post(reverse("tasks:edit", args=[task.pk]), {"title": title, "inline": "1"})
    assert response.status_code < 500
    task.refresh_from_db()
    assert task.title == (expected_title(title) or "Safe")


@examples
@given(status=nasty, q=nasty, sort=nasty, cursor=nasty, extra=nasty)
def test_any_query_string_gets_a_page_or_a_400(owner_client, status, q, sort, cursor, extra):
    response = owner_client.get("/", {"status": status, "q": q, "sort": sort, "cursor": cursor, "unknown": extra})
    assert response.status_code in (200, 400)


def crafted_cursor(value: str) -> str:
    """A cursor as the app writes them, around any value: JSON's escapes carry lone surrogates."""
    return urlsafe_b64encode(json.dumps([value, str(uuid.uuid4())]).encode()).decode()


@examples
@given(value=nasty, sort=st.sampled_from(sorted(SORTS)))
def test_any_value_inside_a_cursor_gets_a_page_or_a_400(owner_client, value, sort):
    # A well-formed cursor around hostile contents: NUL, lone surrogates, not a date at all.
    response = owner_client.get("/", {"sort": sort, "cursor": crafted_cursor(value)})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "2026-01-01T00:00:00+00:00\x00", "\udfff-01-01"])
@pytest.mark.parametrize("sort", sorted(SORTS))
def test_a_cursor_holding_a_nul_or_a_lone_surrogate_is_a_400(owner_client, value, sort):
    response = owner_client.get("/", {"sort": sort, "cursor": crafted_cursor(value)})
    assert response.status_code == 400


@examples
@given(raw=st.binary(max_size=200))
def test_raw_bytes_in_the_query_string_never_break_the_list(owner_client, raw):
    response = owner_client.get("/", QUERY_STRING=raw.decode("latin-1"))
    assert response.status_code in (200, 400)


@examples
@given(action=nasty, ids=st.lists(st.one_of(nasty, st.uuids().map(str)), max_size=5))
def test_bulk_actions_refuse_nonsense_without_changing_anything(owner_client, owner, action, ids):
    task = make_task(owner, title="Untouched")
    response = owner_client.post(reverse("tasks:bulk"), {"action": action, "ids": ids})
    assert response.status_code < 500
    task.refresh_from_db()
    assert (task.completed, task.deleted_at) == (False, None)


@examples
@given(name=nasty, image=nasty)
def test_profile_refuses_or_saves_exactly(owner_client, owner, name, image):
    response = owner_client.post("/accounts/profile/", {"name": name, "image": image})
    assert response.status_code < 500
    owner.refresh_from_db()
    if response.status_code == 302:
        assert owner.name == (name.strip() or None)
        assert owner.image is None or owner.image.startswith(("http://", "https://"))


def test_malformed_ids_in_urls_are_404(owner_client):
    for path in ("/tasks/../../etc/passwd/edit/", "/tasks/%00/toggle/", f"/tasks/{uuid.uuid4()}x/edit/"):
        assert owner_client.get(path).status_code == 404


def test_a_huge_body_is_refused_with_a_400(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "x", "description": "y" * 3_000_000})
    assert response.status_code == 400
    with as_user(owner):
        assert not Task.objects.exists()


def test_markup_is_escaped_in_the_list_and_in_flash_messages(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "<b>bold</b><script>x</script>"}, follow=True)
    assert b"<script>x</script>" not in response.content
    assert b"&lt;script&gt;x&lt;/script&gt;" in response.content
