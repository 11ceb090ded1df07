"""Across gunicorn workers: a retried create with the same Idempotency-Key makes one task
whichever worker takes each try (also when both arrive at once), a repeating task's complete
sent four times at once moves it on once, and a token's rate limit
and an address's count of wrong tokens are one count for every worker. On the configured cache
(the database's without CACHE_URL) and on Redis, the production one."""

from __future__ import annotations

import http.client
import json
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from api.tests.conftest import empty_queue, fresh_window, make_token
from tasks.models import Task, TaskCompletion
from tests import servers
from tests.factories import as_user, make_task, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@pytest.fixture(autouse=True)
def _no_jobs_left(transactional_db):
    yield
    empty_queue()


REDIS = "redis://127.0.0.1:6379/12"
LIMIT = 6


def empty_redis() -> None:
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REDIS_REQUIRED"):
            pytest.fail(f"REDIS_REQUIRED is set but no Redis answers at {REDIS}")
        pytest.skip(f"no Redis at {REDIS}")


@pytest.fixture(scope="module", params=["configured cache", "redis"])
def server(request, django_db_setup, tmp_path_factory):
    env = {"API_REQUESTS_PER_MINUTE": str(LIMIT), "API_BAD_TOKENS_PER_MINUTE": str(LIMIT)}
    if request.param == "redis":
        empty_redis()
        env["CACHE_URL"] = REDIS
    with servers.gunicorn(tmp_path_factory.mktemp("server"), workers=2, env=env) as server:
        server.secret_key = servers.production_environment(tmp_path_factory.mktemp("env"))["SECRET_KEY"]
        yield server


@pytest.fixture(autouse=True)
def _empty_shared_cache(request, transactional_db):
    def empty() -> None:
        if request.node.callspec.params["server"] == "redis":
            empty_redis()
        else:
            caches["default"].clear()

    empty()
    yield
    empty()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def call(server, method: str, path: str, token: str, body=None, ready: threading.Barrier | None = None, **headers):
    """One call on a connection of its own (whichever worker is free takes it); `ready` lets
    threads connect first and then send at once."""
    headers = {"Authorization": f"Bearer {token}", "X-Request-ID": uuid.uuid4().hex, **headers}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(servers.HOST, server.port, timeout=servers.TIMEOUT)
    try:
        conn.connect()
        if ready is not None:
            ready.wait(servers.TIMEOUT)
        conn.request(method, f"/api/v1{path}", data, headers)
        response = conn.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read().decode())
    finally:
        conn.close()


@pytest.fixture
def person_token(server):
    person = make_user("api-person@example.com")
    with override_settings(SECRET_KEY=server.secret_key):
        token = make_token(person)
    return person, token


def test_a_retried_create_makes_one_task_on_any_worker(server, person_token):
    person, token = person_token
    key = {"Idempotency-Key": uuid.uuid4().hex}
    ids = set()
    for _pid in server.each_worker():
        reply = call(server, "POST", "/tasks", token, {"text": "Pay rent p1"}, **key)
        assert reply.status == 201, reply.body
        ids.add(json.loads(reply.body)["id"])
    assert len(ids) == 1
    with as_user(person):
        assert Task.objects.filter(user=person).count() == 1


def test_two_tries_at_once_make_one_task(server, person_token):
    person, token = person_token
    key = {"Idempotency-Key": uuid.uuid4().hex}
    ready = threading.Barrier(4)
    with ThreadPoolExecutor(4) as pool:
        replies = list(
            pool.map(lambda _: call(server, "POST", "/tasks", token, {"text": "Once"}, ready, **key), range(4))
        )
    assert {reply.status for reply in replies} == {201}, [reply.body for reply in replies]
    assert len({json.loads(reply.body)["id"] for reply in replies}) == 1
    with as_user(person):
        assert Task.objects.filter(user=person).count() == 1


def test_four_tries_at_once_of_a_repeating_tasks_complete_move_it_on_once(server, person_token):
    person, token = person_token
    today = person.today()
    task = make_task(person, title="Stretch", due_date=today, recurrence="FREQ=DAILY")
    key = {"Idempotency-Key": uuid.uuid4().hex}
    ready = threading.Barrier(4)
    with ThreadPoolExecutor(4) as pool:
        replies = list(
            pool.map(lambda _: call(server, "POST", f"/tasks/{task.pk}/complete", token, None, ready, **key), range(4))
        )
    assert {reply.status for reply in replies} == {200}, [reply.body for reply in replies]
    assert {json.loads(reply.body)["next_date"] for reply in replies} == {(today + timedelta(days=1)).isoformat()}
    with as_user(person):
        assert Task.objects.get(pk=task.pk).due_date == today + timedelta(days=1)
        assert TaskCompletion.objects.filter(task=task).count() == 1


def test_a_tokens_rate_limit_is_counted_across_workers(server, person_token):
    _, token = person_token
    fresh_window()
    statuses = []
    for _pid in server.each_worker():
        statuses += [call(server, "GET", "/tasks", token).status for _ in range(LIMIT // 2)]
    assert statuses == [200] * LIMIT
    for _pid in server.each_worker():
        refused = call(server, "GET", "/tasks", token)
        assert refused.status == 429
        assert int(refused.headers["Retry-After"]) >= 1


def test_wrong_tokens_are_counted_across_workers(server, person_token):
    _, token = person_token
    wrong = "todo_pat_" + "A" * 65
    fresh_window()
    statuses = []
    for _pid in server.each_worker():
        statuses += [call(server, "GET", "/tasks", wrong).status for _ in range(LIMIT // 2)]
    assert statuses == [401] * LIMIT
    for _pid in server.each_worker():
        assert call(server, "GET", "/tasks", wrong).status == 429
        assert call(server, "GET", "/tasks", token).status == 429  # the address, whatever the token
