"""Every page renders for the people who may see it (template errors surface here fast)."""

from __future__ import annotations

import pytest

from tests.factories import PUBLIC_PAGES, SIGNED_IN_PAGES, sample_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_owner")]


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/healthz"])
def test_public_pages_render(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_render(owner_client, owner, path):
    response = owner_client.get(path.format(**sample_ids(owner, title="<script>alert(1)</script>")))
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content  # always escaped
