"""The API's pages in a browser: a token made on /accounts/tokens/ is shown once and works,
and the reference at /api/v1/docs draws Swagger UI from our own static files, within the
Content-Security-Policy (a violation would be a console error, which the page fixture fails on)."""

from __future__ import annotations

import pytest

from tests.e2e.browser import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_made_on_the_tokens_page_calls_the_api(page, person):
    sign_in(page, person.email)
    page.goto("/accounts/tokens/")
    page.fill("input[name=name]", "Phone shortcut")
    page.check("input[name=scope][value=write]")
    page.fill("form:has(input[value=new]) input[name=password]", PASSWORD)
    page.click("button:has-text('Make a token')")
    token = page.input_value("#new-token")
    assert token.startswith("todo_pat_")
    reply = page.request.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 200 and reply.json() == {"results": [], "next_cursor": None}
    page.goto("/accounts/tokens/")
    assert page.locator("#new-token").count() == 0  # shown once
    assert page.get_by_text("Phone shortcut").first.is_visible()


def test_the_reference_draws_every_operation_from_our_own_files(page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    schema = page.request.get("/api/v1/openapi.json").json()
    operations = sum(len(verbs) for verbs in schema["paths"].values())
    assert operations >= 30  # tasks (with bulk, move, undo, reschedule, clear, empty), projects, labels, sections
    assert page.locator(".opblock").count() == operations
    base = page.url.split("/api/")[0]
    assert all(url.startswith(base) for url in requested), [url for url in requested if not url.startswith(base)]
