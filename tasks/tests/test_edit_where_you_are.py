"""Editing a task from a list returns to that list: its filters, sort and page, at the task's row.
The list's edit dialog gets the form alone, and a refused save answers with it again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bench.measure import Forms
from tests.factories import make_task, reload

pytestmark = pytest.mark.django_db

LIST = "/?status=active&sort=title&cursor=abc"


def edit_url(task, **query) -> str:
    url = reverse("tasks:edit", args=[task.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_edit_page_opened_from_a_list_returns_to_it_at_the_task(owner_client, owner):
    task = make_task(owner, title="Water plants")
    page = owner_client.get(edit_url(task), headers={"referer": f"http://testserver{LIST}"}).content.decode()
    back = f"{LIST}#task-{task.pk}".replace("&", "&amp;")
    assert f'name="next" value="{back}"' in page
    assert f'href="{back}" class="button button-secondary" data-cancel' in page

    fields = Forms.with_field(page, "title")
    fields["title"] = "Water the plants"
    answer = owner_client.post(edit_url(task), fields)
    assert answer.status_code == 302
    assert answer["Location"] == f"{LIST}#task-{task.pk}"
    assert reload(owner, task).title == "Water the plants"


def test_a_next_naming_another_site_is_not_followed(owner_client, owner):
    task = make_task(owner, title="Water plants")
    page = owner_client.get(edit_url(task, next="https://evil.example/"), headers={"referer": "https://evil.example/"})
    # Its forms return to this page at most (Add sub-task), never to the other site.
    nexts = re.findall(r'name="next" value="([^"]*)"', page.content.decode())
    assert all(value == reverse("tasks:edit", args=[task.pk]) for value in nexts), nexts
    assert f'href="{reverse("tasks:list")}" class="button button-secondary" data-cancel' in page.content.decode()


def test_the_dialog_gets_the_form_alone(owner_client, owner):
    task = make_task(owner, title="Water plants")
    page = owner_client.get(edit_url(task, partial=1)).content.decode()
    assert page.lstrip().startswith("<form") or "<html" not in page
    assert "data-task-form" in page and 'value="Water plants"' in page
    assert "<h1" not in page


def test_a_refused_save_from_the_dialog_answers_with_the_form_and_its_errors(owner_client, owner):
    task = make_task(owner, title="Water plants")
    fields = Forms.with_field(owner_client.get(edit_url(task, partial=1)).content.decode(), "title")
    fields.update(title="", partial="1")
    answer = owner_client.post(edit_url(task), fields, headers={"accept": "application/json"})
    assert answer.status_code == 400
    body = answer.json()
    assert "title" in body["errors"]
    assert "data-task-form" in body["form"] and "has-error" in body["form"]


def test_a_conflict_in_the_dialog_answers_with_the_form_that_wins_when_saved_again(owner_client, owner):
    task = make_task(owner, title="Water plants")
    fields = Forms.with_field(owner_client.get(edit_url(task, partial=1)).content.decode(), "title")
    owner_client.post(
        reverse("tasks:edit", args=[task.pk]), {"inline": "1", "title": "Elsewhere", "initial-title": "Water plants"}
    )
    fields.update(title="Mine", partial="1")
    answer = owner_client.post(edit_url(task), fields, headers={"accept": "application/json"})
    assert answer.status_code == 409
    again = Forms.with_field(answer.json()["form"], "title")
    again.pop("csrfmiddlewaretoken", None)
    assert owner_client.post(edit_url(task), again, headers={"accept": "application/json"}).status_code == 200
    assert reload(owner, task).title == "Mine"
