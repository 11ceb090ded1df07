"""One log line per request, with a request id, and nothing private in it."""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import make_task
from todo_project.logging import JsonFormatter, TextFormatter

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "todo.request"]


def test_each_request_logs_one_line_without_private_data(owner_client, owner, caplog):
    make_task(owner, title="secret plans for the surprise party")
    caplog.set_level(logging.INFO, logger="todo.request")
    response = owner_client.get("/?q=surprise+party&status=active")
    (record,) = request_lines(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/", 200, str(owner.pk))
    assert line["ms"] > 0
    text = json.dumps(line) + TextFormatter("%(message)s").format(record)
    for private in ("owner@example.com", "surprise", "secret", "sessionid"):
        assert private not in text


def test_matched_urls_are_logged_by_route_so_keys_never_reach_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="todo.request")
    client.get("/accounts/confirm-email/a-secret-confirmation-key/")
    (record,) = request_lines(caplog)
    assert "a-secret-confirmation-key" not in record.getMessage()
    assert record.path == "/accounts/confirm-email/<key>/"


def test_a_sane_incoming_request_id_is_kept_and_a_hostile_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>"
    assert len(replaced) == 32


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.misbehaving_urls")
def test_the_500_page_shows_the_request_id_that_the_error_log_has(client, owner, caplog):
    client.raise_request_exception = False
    client.force_login(owner)
    response = client.get("/crash/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id.encode() in response.content
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert errors
    assert errors[0].request_id == request_id
    assert json.loads(JsonFormatter().format(errors[0]))["exception"].startswith("Traceback")


def test_database_error_details_are_redacted():
    from todo_project.logging import redact

    text = "IntegrityError: violates check\nDETAIL:  Failing row contains (buy a ring for Sam).\nmore"
    assert "ring" not in redact(text)
