"""Undo after every removal, a confirmation before deleting for good, and the small things."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.actions import undo
from tasks.models import Task
from tests.factories import as_user, make_task

pytestmark = pytest.mark.django_db


def undo_form_action(response) -> str:
    """The Undo button's form action in the flash message after a redirect."""
    messages = list(response.context["messages"])
    assert len(messages) == 1
    tag = next(tag for tag in messages[0].extra_tags.split() if tag.startswith("undo:"))
    return tag.removeprefix("undo:")


def live_titles(owner) -> list[str]:
    with as_user(owner):
        return sorted(Task.objects.alive().values_list("title", flat=True))


def test_bulk_trash_offers_an_undo_that_brings_back_exactly_those_tasks(owner_client, owner):
    chosen = [make_task(owner, title=f"Chosen {n}") for n in range(3)]
    make_task(owner, title="Trashed earlier", deleted_at=timezone.now() - timedelta(days=1))
    make_task(owner, title="Kept")
    response = owner_client.post(
        reverse("tasks:bulk"), {"action": "trash", "ids": [task.pk for task in chosen]}, follow=True
    )
    assert "Moved 3 tasks to the trash." in response.content.decode()
    assert live_titles(owner) == ["Kept"]
    undo = undo_form_action(response)
    assert f'action="{undo}"'.replace("&", "&amp;") in response.content.decode()  # the Undo button
    restored = owner_client.post(undo, {"next": "/"}, follow=True)
    assert "Restored 3 tasks." in restored.content.decode()
    assert live_titles(owner) == ["Chosen 0", "Chosen 1", "Chosen 2", "Kept"]


def test_clear_completed_offers_an_undo_too(owner_client, owner):
    make_task(owner, title="Done 1", completed=True)
    make_task(owner, title="Done 2", completed=True)
    make_task(owner, title="Open")
    response = owner_client.post(reverse("tasks:clear_completed"), follow=True)
    assert live_titles(owner) == ["Open"]
    owner_client.post(undo_form_action(response))
    assert live_titles(owner) == ["Done 1", "Done 2", "Open"]


def test_the_clear_completed_button_says_how_many(owner_client, owner):
    make_task(owner, title="Done 1", completed=True)
    make_task(owner, title="Done 2", completed=True)
    assert 'Clear completed (<span data-count="completed">2</span>)' in owner_client.get("/").content.decode()


def test_an_undo_link_cannot_restore_someone_elses_tasks(client, owner, stranger):
    at = timezone.now()
    theirs = make_task(stranger, title="Theirs", deleted_at=at)
    client.force_login(owner)
    # Their own Undo token, however it was had, is refused to anyone else.
    token = undo.token(stranger, "trashed", at=at.isoformat())
    assert client.post(reverse("tasks:undo"), {"token": token}).status_code == 400
    with as_user(stranger):
        assert Task.objects.get(pk=theirs.pk).in_trash


@pytest.mark.parametrize("token", ["", "yesterday", "2026-01-01T00:00:00", "\x00", "eyJraW5kIjoidHJhc2hlZCJ9:x:y"])
def test_a_malformed_undo_link_is_a_400(owner_client, token):
    assert owner_client.post(reverse("tasks:undo"), QUERY_STRING=f"token={token}").status_code == 400


def test_emptying_the_trash_asks_first_and_says_it_is_for_good(owner_client, owner):
    make_task(owner, title="Old", deleted_at=timezone.now())
    make_task(owner, title="Older", deleted_at=timezone.now())
    trash = owner_client.get(reverse("tasks:trash")).content.decode()
    assert f'href="{reverse("tasks:empty_trash")}"' in trash  # a link to the question, not a delete
    question = owner_client.get(reverse("tasks:empty_trash"))
    assert "2 tasks will be deleted for good. This cannot be undone." in question.content.decode()
    with as_user(owner):
        assert Task.objects.trashed().count() == 2
    owner_client.post(reverse("tasks:empty_trash"))
    with as_user(owner):
        assert Task.objects.trashed().count() == 0


def test_a_task_trashed_a_moment_ago_says_just_now(owner_client, owner):
    make_task(owner, title="Moments ago", deleted_at=timezone.now())
    make_task(owner, title="Earlier", deleted_at=timezone.now() - timedelta(minutes=5))
    page = owner_client.get(reverse("tasks:trash")).content.decode()
    assert "just now" in page
    assert "5\xa0minutes ago" in page
    assert "0\xa0minutes" not in page


def test_add_details_leads_to_the_full_form_with_the_title_typed_so_far(owner_client):
    page = owner_client.get("/").content.decode()
    assert f'href="{reverse("tasks:create")}?next=%2F" class="add-details" data-add-details>Add details</a>' in page
    form = owner_client.get(reverse("tasks:create"), {"title": "Plan the trip"}).context["form"]
    assert form["title"].value() == "Plan the trip"
    assert "description" in form.fields


def test_add_details_returns_to_the_page_it_came_from_on_save_and_cancel(owner_client, owner):
    page = owner_client.get("/today/?q=milk").content.decode()
    link = re.search(r'href="([^"]+)" class="add-details"', page).group(1).replace("&amp;", "&")
    assert "next=%2Ftoday%2F%3Fq%3Dmilk" in link
    form_page = owner_client.get(link + "&title=Buy+milk").content.decode()
    assert '<input type="hidden" name="next" value="/today/?q=milk">' in form_page
    assert '<a href="/today/?q=milk" class="button button-secondary" data-cancel>Cancel</a>' in form_page
    response = owner_client.post(
        reverse("tasks:create"), {"title": "Buy milk", "priority": 4, "next": "/today/?q=milk"}
    )
    assert response.status_code == 302 and response["Location"] == "/today/?q=milk"


def test_each_row_links_to_its_full_edit_page(owner_client, owner):
    task = make_task(owner, title="With notes", description="Long text")
    page = owner_client.get("/").content.decode()
    assert f'<a href="{reverse("tasks:edit", args=[task.pk])}" data-details' in page


@pytest.mark.parametrize(("completed", "pressed", "label", "action"), [
    (False, "false", "Mark all as done", "complete"),
    (True, "true", "Mark all as not done", "reopen"),
])  # fmt: skip
def test_toggle_all_shows_its_state_and_what_it_will_do(owner_client, owner, completed, pressed, label, action):
    make_task(owner, title="One", completed=completed)
    page = owner_client.get("/").content.decode()
    assert f'value="{action}" data-toggle-all-action>' in page
    assert f'aria-pressed="{pressed}" title="{label}" data-toggle-all>' in page


def test_pages_have_a_meta_description_and_no_status_role_on_a_list(owner_client):
    page = owner_client.get("/").content.decode()
    assert '<meta name="description" content="' in page
    assert '<ul class="messages" role="status"' not in page
    assert '<div role="status" aria-live="polite">' in page


def test_pages_are_sent_compressed_to_browsers_that_ask(owner_client, owner):
    for n in range(20):
        make_task(owner, title=f"Task number {n}")
    response = owner_client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Task number 19" in gzip.decompress(response.content)


def test_emptying_the_trash_deletes_what_the_question_counted_not_what_came_since(owner_client, owner):
    make_task(owner, title="Counted", deleted_at=timezone.now() - timedelta(minutes=1))
    asked_at = owner_client.get(reverse("tasks:empty_trash")).context["asked_at"]
    make_task(owner, title="Trashed in another tab since", deleted_at=timezone.now() + timedelta(seconds=1))
    owner_client.post(reverse("tasks:empty_trash"), {"asked_at": asked_at})
    with as_user(owner):
        assert list(Task.objects.trashed().values_list("title", flat=True)) == ["Trashed in another tab since"]


def test_clearing_no_completed_task_offers_nothing_to_undo(owner_client, owner):
    make_task(owner, title="Open")
    response = owner_client.post(reverse("tasks:clear_completed"), follow=True)
    messages = list(response.context["messages"])
    assert [str(m) for m in messages] == ["Moved 0 completed tasks to the trash."]
    assert "undo:" not in messages[0].extra_tags
