"""Double submits and concurrent changes end in a consistent state."""

from __future__ import annotations

import threading
import uuid
from functools import partial

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from tasks.models import Task
from tests.factories import as_user, make_task


def at_once(*calls) -> None:
    """Run each call in a thread of its own (each with its own database connection), and wait."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db
def test_a_double_submitted_create_adds_one_task(owner_client, owner):
    form = {"title": "Only once", "quick_add": "1", "submission": str(uuid.uuid4())}
    owner_client.post(reverse("tasks:create"), form)
    response = owner_client.post(reverse("tasks:create"), form, follow=True)
    assert "That task was already added." in [str(m) for m in response.context["messages"]]
    with as_user(owner):
        assert Task.objects.filter(title="Only once").count() == 1


@pytest.mark.django_db
def test_two_forms_with_the_same_title_add_two_tasks(owner_client, owner):
    for _ in range(2):
        owner_client.post(reverse("tasks:create"), {"title": "Twice", "submission": str(uuid.uuid4())})
    with as_user(owner):
        assert Task.objects.filter(title="Twice").count() == 2


@pytest.mark.django_db
def test_every_create_form_carries_a_fresh_submission_id(owner_client):
    first = owner_client.get("/").context["submission"]
    second = owner_client.get(reverse("tasks:create")).context["submission"]
    assert first != second


@pytest.mark.django_db(transaction=True)
def test_concurrent_toggles_never_lose_a_flip(owner):
    task = make_task(owner, title="Flip me")
    barrier = threading.Barrier(4)
    errors = []

    def toggle():
        try:
            client = Client()
            client.force_login(owner)
            barrier.wait()
            assert client.post(reverse("tasks:toggle", args=[task.pk])).status_code == 302
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    at_once(*[toggle] * 4)
    assert errors == []
    with as_user(owner):
        task.refresh_from_db()
    assert task.completed is False  # four flips: back where it started


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_leave_one_whole_version(owner):
    task = make_task(owner, title="Original", description="original")
    barrier = threading.Barrier(2)

    def edit(n: int):
        client = Client()
        client.force_login(owner)
        barrier.wait()
        client.post(reverse("tasks:edit", args=[task.pk]), {"title": f"Edit {n}", "description": f"body {n}"})
        connections.close_all()

    at_once(partial(edit, 1), partial(edit, 2))
    with as_user(owner):
        task.refresh_from_db()
    assert (task.title, task.description) in {("Edit 1", "body 1"), ("Edit 2", "body 2")}


@pytest.mark.django_db(transaction=True)
def test_a_create_that_failed_after_its_insert_can_be_sent_again(owner_client, owner, monkeypatch):
    form = {"title": "Pay rent", "quick_add": "1", "submission": str(uuid.uuid4())}
    real_save = Task.save

    def save_then_lose_the_connection(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Task, "save", save_then_lose_the_connection)
    assert owner_client.post(reverse("tasks:create"), form).status_code == 503
    monkeypatch.setattr(Task, "save", real_save)
    response = owner_client.post(reverse("tasks:create"), form, follow=True)
    assert "Added “Pay rent”." in [str(m) for m in response.context["messages"]]
    with as_user(owner):
        assert Task.objects.filter(title="Pay rent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_adds_one_task(owner):
    rounds = 8
    errors = []

    def post(form, barrier):
        try:
            client = Client()
            client.force_login(owner)
            barrier.wait()
            assert client.post(reverse("tasks:create"), form).status_code == 302
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    for n in range(rounds):
        form = {"title": f"Once {n}", "quick_add": "1", "submission": str(uuid.uuid4())}
        barrier = threading.Barrier(2)
        at_once(*[partial(post, form, barrier)] * 2)
    assert errors == []
    with as_user(owner):
        assert sorted(Task.objects.values_list("title", flat=True)) == [f"Once {n}" for n in range(rounds)]


@pytest.mark.django_db
def test_two_people_may_post_forms_with_the_same_id(client, owner, stranger):
    submission = str(uuid.uuid4())
    for person in (owner, stranger):
        client.force_login(person)
        client.post(reverse("tasks:create"), {"title": "Mine", "submission": submission})
        with as_user(person):
            assert Task.objects.filter(user=person, title="Mine").count() == 1
