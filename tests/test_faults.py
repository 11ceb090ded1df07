"""When the database goes away the app says so politely, and comes back by itself."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connections


@contextmanager
def database_unreachable(django_db_blocker):
    conn = connections["default"]
    saved = dict(conn.settings_dict)
    with django_db_blocker.unblock():
        conn.close()
        conn.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
        try:
            yield
        finally:
            conn.close()
            conn.settings_dict.clear()
            conn.settings_dict.update(saved)


def test_pages_answer_503_while_the_database_is_down_then_recover(client, django_db_blocker):
    with database_unreachable(django_db_blocker):
        down = client.get("/accounts/login/")
        ready = client.get("/readyz")
        alive = client.get("/healthz")
    assert down.status_code == 503
    assert down["Retry-After"] == "30"
    assert b"Back in a moment" in down.content
    assert ready.status_code == 503
    assert alive.status_code == 200  # liveness never depends on the database

    with django_db_blocker.unblock():  # the same process, no restart: the next request reconnects
        assert client.get("/accounts/login/").status_code == 200
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_page_answers_503_not_500_when_the_database_drops(client, owner, django_db_blocker):
    client.force_login(owner)
    with database_unreachable(django_db_blocker):
        response = client.get("/")
    assert response.status_code == 503
    assert client.get("/").status_code == 200
