"""Security headers: a CSP that forbids inline code (no template needs any), and private pages kept private."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.django_db
def test_pages_carry_a_csp_without_unsafe_inline(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_handlers(template):
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=\"", text), "inline style attribute"
    assert not re.search(r"\son[a-z]+=\"", text), "inline event handler"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/trash/", "/tasks/new/", "/accounts/profile/", "/accounts/email/"])
def test_no_shared_cache_may_keep_a_signed_in_page(owner_client, path):
    response = owner_client.get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_the_sign_in_answer_that_sets_the_session_is_not_cached_either(client, owner):
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
