"""Sorting, toggle all, bulk actions, quick add and the JSON answers the JavaScript uses."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Task
from tasks.pagination import PAGE_SIZE
from tests.factories import add_tasks, as_user, make_task, titles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_owner")]
JSON = {"HTTP_ACCEPT": "application/json"}


def test_each_sort_order(owner_client, owner):
    start = timezone.now() - timedelta(days=3)
    for i, title in enumerate(["banana", "Apple", "cherry"]):
        # banana, the oldest, was updated last.
        make_task(owner, title=title, created_at=start + timedelta(hours=i), updated_at=start + timedelta(hours=9 - i))
    assert titles(owner_client.get("/")) == ["cherry", "Apple", "banana"]
    assert titles(owner_client.get("/?sort=oldest")) == ["banana", "Apple", "cherry"]
    assert titles(owner_client.get("/?sort=updated"))[0] == "banana"
    assert titles(owner_client.get("/?sort=title")) == sorted(["banana", "Apple", "cherry"], key=str)
    assert titles(owner_client.get("/?sort=nonsense")) == ["cherry", "Apple", "banana"]


@pytest.mark.parametrize("sort", ["newest", "oldest", "updated", "title"])
def test_every_sort_pages_through_every_task_once(owner_client, owner, sort):
    add_tasks(owner, PAGE_SIZE + 7)
    with as_user(owner):
        Task.objects.filter(title__endswith="3").update(title="Same title")  # ties on the sort key
    seen: list[str] = []
    url = f"/?sort={sort}"
    while url:
        response = owner_client.get(url)
        seen += [task.pk for task in response.context["tasks"]]
        url = response.context["next_url"]
    assert len(seen) == len(set(seen)) == PAGE_SIZE + 7


def test_filters_search_and_sort_survive_in_the_links(owner_client, owner):
    add_tasks(owner, PAGE_SIZE + 1)
    response = owner_client.get("/?status=active&q=Task&sort=oldest")
    assert response.context["next_url"].startswith("/?status=active&q=Task&sort=oldest&cursor=")
    links = dict(response.context["status_links"])
    assert links["completed"] == "/?status=completed&q=Task&sort=oldest"


def test_toggle_all_completes_everything_then_reopens_everything(owner_client, owner):
    make_task(owner, title="One")
    make_task(owner, title="Two", completed=True)
    owner_client.post(reverse("tasks:toggle_all"))
    assert Task.objects.filter(user=owner, completed=False).count() == 0
    owner_client.post(reverse("tasks:toggle_all"))
    assert Task.objects.filter(user=owner, completed=True).count() == 0


def test_an_empty_quick_add_adds_nothing_and_returns_to_the_list(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "   ", "quick_add": "1", "next": "/?status=active"})
    assert response.status_code == 302
    assert response["Location"] == "/?status=active"
    assert not Task.objects.exists()


def test_an_overlong_quick_add_says_why(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "x" * 201, "quick_add": "1"}, follow=True)
    assert not Task.objects.exists()
    assert "at most 200 characters" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(("action", "completed", "trashed"), [("complete", True, False), ("reopen", False, False)])
def test_bulk_actions_change_only_the_selected_tasks(owner_client, owner, action, completed, trashed):
    picked = [make_task(owner, title=f"Pick {i}", completed=not completed) for i in range(3)]
    other = make_task(owner, title="Other", completed=not completed)
    response = owner_client.post(reverse("tasks:bulk"), {"action": action, "ids": [t.pk for t in picked]})
    assert response.status_code == 302
    assert set(Task.objects.filter(completed=completed).values_list("title", flat=True)) == {t.title for t in picked}
    other.refresh_from_db()
    assert other.completed is not completed


def test_bulk_trash_moves_the_selection_to_the_trash(owner_client, owner):
    picked = [make_task(owner, title=f"Pick {i}") for i in range(2)]
    make_task(owner, title="Stays")
    owner_client.post(reverse("tasks:bulk"), {"action": "trash", "ids": [t.pk for t in picked]})
    assert titles(owner_client.get("/")) == ["Stays"]


def test_bulk_actions_ignore_another_users_tasks(owner_client, owner, stranger):
    theirs = make_task(stranger, title="Theirs")
    owner_client.post(reverse("tasks:bulk"), {"action": "trash", "ids": [theirs.pk]})
    with as_user(stranger):
        theirs.refresh_from_db()
    assert theirs.deleted_at is None


@pytest.mark.parametrize(
    "data",
    [{"action": "complete"}, {"action": "complete", "ids": ["not-a-uuid"]}, {"action": "explode", "ids": ["x"]}],
)
def test_a_bad_bulk_request_changes_nothing_and_says_why(owner_client, owner, data):
    task = make_task(owner, title="Untouched")
    response = owner_client.post(reverse("tasks:bulk"), data, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    task.refresh_from_db()
    assert not task.completed


def test_toggle_answers_json_with_the_new_row_and_counts(owner_client, owner):
    task = make_task(owner, title="Flip")
    response = owner_client.post(reverse("tasks:toggle", args=[task.pk]), **JSON)
    data = response.json()
    assert data["counts"] == {"all": 1, "active": 0, "completed": 1}
    assert 'aria-pressed="true"' in data["row"]
    assert data["message"] == "Marked “Flip” as done."


def test_an_inline_edit_changes_only_the_title(owner_client, owner):
    task = make_task(owner, title="Old", description="Keep this", completed=True)
    response = owner_client.post(reverse("tasks:edit", args=[task.pk]), {"title": " New ", "inline": "1"}, **JSON)
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.title, task.description, task.completed) == ("New", "Keep this", True)


def test_an_empty_inline_edit_is_refused_and_the_title_kept(owner_client, owner):
    task = make_task(owner, title="Keep me")
    response = owner_client.post(reverse("tasks:edit", args=[task.pk]), {"title": "  ", "inline": "1"}, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"]["title"][0]["message"] == "This field is required."
    task.refresh_from_db()
    assert task.title == "Keep me"


def test_delete_offers_an_undo_that_restores_the_task(owner_client, owner):
    task = make_task(owner, title="Oops")
    data = owner_client.post(reverse("tasks:delete", args=[task.pk]), **JSON).json()
    assert data["undo_url"].startswith(reverse("tasks:undo") + "?token=")
    assert data["counts"]["all"] == 0
    restored = owner_client.post(data["undo_url"], **JSON).json()
    assert "Oops" in restored["row"]
    assert restored["counts"]["all"] == 1


def test_without_javascript_the_delete_message_carries_an_undo_button(owner_client, owner):
    task = make_task(owner, title="Oops")
    response = owner_client.post(reverse("tasks:delete", args=[task.pk]), {"next": "/"}, follow=True)
    (restore_url,) = re.findall(r'action="(/undo/\?token=[^"]+)"', response.content.decode())
    owner_client.post(html.unescape(restore_url), {"next": "/"})
    assert titles(owner_client.get("/")) == ["Oops"]


def test_json_requests_for_another_users_task_are_404(owner_client, stranger):
    theirs = make_task(stranger, title="Theirs")
    assert owner_client.post(reverse("tasks:toggle", args=[theirs.pk]), **JSON).status_code == 404
