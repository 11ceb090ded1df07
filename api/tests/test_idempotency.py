"""`Idempotency-Key` on every POST (api.idempotency): the same call sent again answers as the
first did and writes nothing again; the key used for another call is a 422; a call that failed
leaves its key free. Across workers: test_workers.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from api.models import IdempotencyKey
from api.tests.test_access import OPERATIONS, call, ids_of
from tasks.models import Task, TaskCompletion
from tests.factories import as_user, make_task, reload

pytestmark = pytest.mark.django_db

POSTS = [operation for operation in OPERATIONS if operation[0] == "POST"]


@pytest.mark.parametrize(("method", "path", "body"), POSTS)
def test_every_post_answers_a_retry_with_its_first_answer(api, owner, method, path, body):
    ids = ids_of(owner)
    if path == "/undo":
        body = {"token": api.delete(f"/tasks/{ids['task']}").json()["undo"]}
    first = call(api.keyed("same-call"), method, path, body, ids)
    again = call(api.keyed("same-call"), method, path, body, ids)
    assert 200 <= first.status_code < 300, first.content
    assert again.status_code == first.status_code, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    for header in ("Location", "ETag"):
        assert again.get(header) == first.get(header)


def test_a_retried_complete_of_a_repeating_task_moves_it_on_once(api, owner):
    today = owner.today()
    task = make_task(owner, title="Stretch", due_date=today, recurrence="FREQ=DAILY")
    answers = [api.post(f"/tasks/{task.pk}/complete", **{"Idempotency-Key": "done-once"}) for _ in range(3)]
    assert {answer.json()["next_date"] for answer in answers} == {(today + timedelta(days=1)).isoformat()}
    assert reload(owner, task).due_date == today + timedelta(days=1)
    with as_user(owner):
        assert TaskCompletion.objects.filter(task=task).count() == 1


def test_a_retried_bulk_call_changes_nothing_more(api, owner):
    tasks = [make_task(owner, title=f"Task {n}") for n in range(3)]
    body = {"ids": [str(task.pk) for task in tasks], "action": "trash"}
    first = api.post("/tasks/bulk", body, **{"Idempotency-Key": "bulk-1"})
    api.post("/undo", {"token": first.json()["undo"]})
    again = api.post("/tasks/bulk", body, **{"Idempotency-Key": "bulk-1"})
    assert again.json() == first.json()
    assert not any(reload(owner, task).deleted_at for task in tasks)  # still undone: not trashed again


def test_a_key_used_for_another_call_is_a_422(api, owner):
    one, two = make_task(owner, title="One"), make_task(owner, title="Two")
    api.post(f"/tasks/{one.pk}/complete", **{"Idempotency-Key": "k"})
    response = api.post(f"/tasks/{two.pk}/complete", **{"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert f"POST /api/v1/tasks/{one.pk}/complete" in response.json()["errors"]["Idempotency-Key"][0]
    assert not reload(owner, two).completed


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "caf\u00e9"])
def test_a_key_that_is_not_visible_ascii_is_a_422(api, key):
    response = api.post("/tasks", {"title": "Keyed"}, **{"Idempotency-Key": key})
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]


def test_a_refused_call_leaves_its_key_free_and_writes_nothing(api, owner):
    task = make_task(owner, title="Mover")
    key = {"Idempotency-Key": "try-again"}
    assert api.post(f"/tasks/{task.pk}/move", {"parent_id": str(task.pk)}, **key).status_code == 422
    with as_user(owner):
        assert not IdempotencyKey.objects.exists()
    assert api.post(f"/tasks/{task.pk}/move", {"parent_id": None}, **key).status_code == 200


def test_keys_are_forgotten_after_a_day(api, owner):
    api.post("/tasks", {"title": "Old"}, **{"Idempotency-Key": "old"})
    with as_user(owner):
        IdempotencyKey.objects.update(created_at=IdempotencyKey.objects.get().created_at - timedelta(days=2))
    api.post("/tasks", {"title": "Old"}, **{"Idempotency-Key": "old"})
    with as_user(owner):
        assert Task.objects.filter(title="Old").count() == 2
        assert IdempotencyKey.objects.count() == 1
