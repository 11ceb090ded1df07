"""Undo through the API: each write that offers Undo on the pages answers with the same token
(tasks.actions.undo), and POST /undo takes it back once; a token that is not valid, has expired
or is another person's is a 422, never a 500."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest

from tasks.actions import undo
from tasks.models import Project, Section
from tests.factories import as_user, make_project, make_task, reload

pytestmark = pytest.mark.django_db


def undone(api, token: str) -> dict:
    response = api.post("/undo", {"token": token})
    assert response.status_code == 200, response.content
    return response.json()


def test_completing_a_task_and_undoing_it(api, owner):
    task = make_task(owner, title="Plain")
    token = api.post(f"/tasks/{task.pk}/complete").json()["undo"]
    assert reload(owner, task).completed
    assert undone(api, token)["changed"] is True
    assert not reload(owner, task).completed


def test_completing_a_repeating_task_and_undoing_it_puts_the_date_back(api, owner):
    today = owner.today()
    task = make_task(owner, title="Stretch", due_date=today, recurrence="FREQ=DAILY")
    token = api.post(f"/tasks/{task.pk}/complete").json()["undo"]
    assert reload(owner, task).due_date == today + timedelta(days=1)
    undone(api, token)
    assert reload(owner, task).due_date == today


def test_reopening_and_undoing_it(api, owner):
    task = make_task(owner, title="Done", completed=True)
    token = api.post(f"/tasks/{task.pk}/reopen").json()["undo"]
    undone(api, token)
    assert reload(owner, task).completed


def test_trashing_a_task_and_undoing_it(api, owner):
    task = make_task(owner, title="Oops")
    response = api.delete(f"/tasks/{task.pk}")
    assert response.status_code == 200
    assert response.json()["message"] == "Moved “Oops” to the trash."
    assert undone(api, response.json()["undo"])["message"] == "Restored “Oops”."
    assert reload(owner, task).deleted_at is None


def test_a_change_gives_its_undo_in_a_header(api, owner):
    task = make_task(owner, title="Before", priority=3)
    response = api.patch(f"/tasks/{task.pk}", {"title": "After", "priority": 1})
    assert response.status_code == 200
    undone(api, response["Undo-Token"])
    kept = reload(owner, task)
    assert (kept.title, kept.priority) == ("Before", 3)
    # A change that changes nothing has nothing to undo.
    assert "Undo-Token" not in api.patch(f"/tasks/{task.pk}", {"title": "Before"})


def test_deleting_a_project_and_undoing_it(api, owner):
    home = make_project(owner, "Home")
    task = make_task(owner, title="Fix door", project=home)
    response = api.delete(f"/projects/{home.pk}")
    assert response.json()["count"] == 1
    assert reload(owner, task).deleted_at is not None
    undone(api, response.json()["undo"])
    with as_user(owner):
        assert Project.objects.filter(pk=home.pk).exists()
    assert reload(owner, task).deleted_at is None


def test_deleting_a_section_and_undoing_it(api, owner):
    home = make_project(owner, "Home")
    with as_user(owner):
        kitchen = Section.objects.create(user=owner, project=home, name="Kitchen")
    task = make_task(owner, title="Mop", project=home, section=kitchen)
    response = api.delete(f"/sections/{kitchen.pk}")
    assert reload(owner, task).section_id is None
    undone(api, response.json()["undo"])
    assert reload(owner, task).section_id == kitchen.pk


def test_a_token_undoes_once(api, owner):
    task = make_task(owner, title="Once")
    token = api.delete(f"/tasks/{task.pk}").json()["undo"]
    undone(api, token)
    again = undone(api, token)
    assert (again["changed"], again["message"]) == (False, "That was undone already.")


def test_an_undo_after_a_later_change_changes_nothing_and_says_so(api, owner):
    task = make_task(owner, title="Before")
    token = api.patch(f"/tasks/{task.pk}", {"title": "After"})["Undo-Token"]
    api.patch(f"/tasks/{task.pk}", {"title": "Later"})
    answer = undone(api, token)
    assert answer["changed"] is False and "changed since" in answer["message"]
    assert reload(owner, task).title == "Later"


@pytest.mark.parametrize("case", ["forged", "empty", "theirs", "expired"])
def test_a_bad_token_is_a_422_with_the_message(api, owner, stranger, case):
    task = make_task(owner, title="Kept", completed=True)
    theirs = make_task(stranger, title="Theirs")
    with as_user(stranger):
        their_token = undo.token(stranger, "trashed", at="2030-01-01T00:00:00+00:00")
    token = {"forged": "abc:def", "empty": "", "theirs": their_token, "expired": api.post(
        f"/tasks/{task.pk}/reopen").json()["undo"]}[case]  # fmt: skip
    if case == "expired":
        with mock.patch.object(undo, "MAX_AGE", -1):
            response = api.post("/undo", {"token": token})
    else:
        response = api.post("/undo", {"token": token})
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["token"] == ["This undo link is not valid or has expired."]
    assert reload(stranger, theirs).deleted_at is None
