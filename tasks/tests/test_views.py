"""The task pages, as a signed-in person (and a stranger) would use them."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Task
from tasks.pagination import PAGE_SIZE
from tests.factories import add_tasks, as_user, make_task, titles

# Each test runs in the owner's RLS context; another user's rows need as_user(stranger).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_owner")]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_lists_only_my_tasks_newest_first(owner_client, owner, stranger):
    add_tasks(owner, 3)
    make_task(stranger, title="Not yours")
    response = owner_client.get("/")
    assert response.status_code == 200
    assert titles(response) == ["Task 2", "Task 1", "Task 0"]
    assert b"Not yours" not in response.content


def test_quick_add_strips_the_title_and_returns_to_the_list(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "  Buy milk  "}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    task = Task.objects.get(user=owner)
    assert task.title == "Buy milk"
    assert task.description is None
    assert "Added “Buy milk”." in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_a_blank_title_is_refused_with_a_message(owner_client, owner, title):
    response = owner_client.post(reverse("tasks:create"), {"title": title, "description": "kept"})
    assert response.status_code == 200
    assert "This field is required." in response.context["form"].errors["title"]
    assert not Task.objects.filter(user=owner).exists()


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u200c\u2060", " \ufeff ", "\u202e\u00a0"])
def test_a_title_of_invisible_characters_is_refused_like_a_blank_one(owner_client, owner, title):
    response = owner_client.post(reverse("tasks:create"), {"title": title})
    assert response.status_code == 200
    assert "Enter a title you can see." in response.context["form"].errors["title"]
    assert not Task.objects.filter(user=owner).exists()


def test_overlong_input_is_refused_not_truncated(owner_client, owner):
    response = owner_client.post(reverse("tasks:create"), {"title": "x" * 201, "description": "y" * 1001})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "description"}
    assert not Task.objects.exists()


def test_the_new_task_page_creates_a_task_with_a_description(owner_client, owner):
    assert owner_client.get(reverse("tasks:create")).status_code == 200
    owner_client.post(reverse("tasks:create"), {"title": "Write", "description": "  the report \n"})
    assert Task.objects.get(user=owner).description == "the report"


def test_editing_saves_title_description_and_completed(owner_client, owner):
    task = Task.objects.create(user=owner, title="Old")
    url = reverse("tasks:edit", args=[task.pk])
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(url, {"title": " New ", "description": "", "completed": "on"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.description, task.completed) == ("New", None, True)


def test_an_empty_title_on_edit_keeps_the_saved_one(owner_client, owner):
    task = Task.objects.create(user=owner, title="Keep me")
    response = owner_client.post(reverse("tasks:edit", args=[task.pk]), {"title": " "})
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.title == "Keep me"


def test_toggle_flips_completed_and_back(owner_client, owner):
    task = Task.objects.create(user=owner, title="Flip")
    url = reverse("tasks:toggle", args=[task.pk])
    assert owner_client.post(url).status_code == 302
    task.refresh_from_db()
    assert task.completed
    owner_client.post(url)
    task.refresh_from_db()
    assert not task.completed


def test_toggle_refuses_get(owner_client, owner):
    task = Task.objects.create(user=owner, title="Flip")
    assert owner_client.get(reverse("tasks:toggle", args=[task.pk])).status_code == 405


def test_toggle_returns_to_the_filtered_list_but_never_off_site(owner_client, owner):
    task = Task.objects.create(user=owner, title="Flip")
    url = reverse("tasks:toggle", args=[task.pk])
    assert owner_client.post(url, {"next": "/?status=active"})["Location"] == "/?status=active"
    assert owner_client.post(url, {"next": "https://evil.example/"})["Location"] == "/"


def test_delete_asks_first_then_moves_the_task_to_the_trash(owner_client, owner):
    task = Task.objects.create(user=owner, title="Bin me")
    url = reverse("tasks:delete", args=[task.pk])
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"Move to trash" in response.content
    task.refresh_from_db()
    assert task.deleted_at is None

    assert owner_client.post(url).status_code == 302
    task.refresh_from_db()
    assert task.deleted_at is not None
    assert "Bin me" not in titles(owner_client.get("/"))
    assert "Bin me" in titles(owner_client.get(reverse("tasks:trash")))


def test_a_trashed_task_can_be_restored(owner_client, owner):
    task = Task.objects.create(user=owner, title="Back", deleted_at=timezone.now())
    response = owner_client.post(reverse("tasks:restore", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deleted_at is None
    assert "Back" in titles(owner_client.get("/"))


def test_emptying_the_trash_deletes_only_my_trashed_tasks(owner_client, owner, stranger):
    now = timezone.now()
    Task.objects.create(user=owner, title="Trashed", deleted_at=now)
    Task.objects.create(user=owner, title="Alive")
    make_task(stranger, title="Their trash", deleted_at=now)
    owner_client.post(reverse("tasks:empty_trash"))
    assert list(Task.objects.filter(user=owner).values_list("title", flat=True)) == ["Alive"]
    with as_user(stranger):
        assert Task.objects.filter(user=stranger).exists()


def test_clear_completed_moves_only_completed_tasks_to_the_trash(owner_client, owner):
    Task.objects.create(user=owner, title="Done", completed=True)
    Task.objects.create(user=owner, title="Todo")
    owner_client.post(reverse("tasks:clear_completed"))
    assert titles(owner_client.get("/")) == ["Todo"]
    assert titles(owner_client.get(reverse("tasks:trash"))) == ["Done"]


def test_filters_show_counts_and_items_left(owner_client, owner):
    Task.objects.create(user=owner, title="Done", completed=True)
    Task.objects.create(user=owner, title="One")
    Task.objects.create(user=owner, title="Two")
    Task.objects.create(user=owner, title="Gone", deleted_at=timezone.now())
    response = owner_client.get("/?status=active")
    assert sorted(titles(response)) == ["One", "Two"]
    assert response.context["counts"] == {"all": 3, "active": 2, "completed": 1}
    assert b"2 items left" in response.content
    assert titles(owner_client.get("/?status=completed")) == ["Done"]
    assert len(titles(owner_client.get("/?status=nonsense"))) == 3


def test_one_item_left_is_singular(owner_client, owner):
    Task.objects.create(user=owner, title="Only")
    assert b"1 item left" in owner_client.get("/").content


def test_search_matches_title_and_description(owner_client, owner):
    Task.objects.create(user=owner, title="Buy milk")
    Task.objects.create(user=owner, title="Call", description="about the MILK delivery")
    Task.objects.create(user=owner, title="Other")
    assert sorted(titles(owner_client.get("/?q=milk"))) == ["Buy milk", "Call"]
    assert b"No tasks match" in owner_client.get("/?q=zebra").content


def test_pages_of_fifty_follow_the_next_link_to_the_end(owner_client, owner):
    add_tasks(owner, PAGE_SIZE * 2 + 5)
    seen: list[str] = []
    url = "/?status=active"
    pages = 0
    while url:
        response = owner_client.get(url)
        assert response.status_code == 200
        seen += titles(response)
        url = response.context["next_url"]
        pages += 1
    assert pages == 3
    assert seen == [f"Task {i}" for i in range(PAGE_SIZE * 2 + 4, -1, -1)]


def test_tasks_with_the_same_timestamp_are_neither_lost_nor_repeated(owner_client, owner):
    moment = timezone.now()
    Task.objects.bulk_create(Task(user=owner, title=f"Same {i}", created_at=moment) for i in range(PAGE_SIZE + 10))
    first = owner_client.get("/")
    second = owner_client.get(first.context["next_url"])
    assert len(titles(first)) == PAGE_SIZE
    assert sorted(titles(first) + titles(second)) == sorted(f"Same {i}" for i in range(PAGE_SIZE + 10))


@pytest.mark.parametrize("cursor", ["junk", "2024-01-01T00:00:00_notauuid", f"2024-01-01T00:00:00_{uuid.uuid4()}"])
def test_a_malformed_cursor_is_a_400_not_a_crash(owner_client, cursor):
    response = owner_client.get("/", {"cursor": cursor})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("name", "method"),
    [("edit", "get"), ("edit", "post"), ("toggle", "post"), ("delete", "get"), ("delete", "post"), ("restore", "post")],
)
def test_another_users_task_is_a_404(owner_client, stranger, name, method):
    task = make_task(stranger, title="Private", deleted_at=timezone.now() if name == "restore" else None)
    response = getattr(owner_client, method)(reverse(f"tasks:{name}", args=[task.pk]))
    assert response.status_code == 404
    with as_user(stranger):
        task.refresh_from_db()
    assert task.title == "Private"
    assert not task.completed


def test_an_unknown_or_malformed_id_is_a_404(owner_client):
    assert owner_client.get(reverse("tasks:edit", args=[uuid.uuid4()])).status_code == 404
    assert owner_client.get("/tasks/not-a-uuid/edit/").status_code == 404
    assert owner_client.post("/tasks/12345/toggle/").status_code == 404


def test_a_trashed_task_cannot_be_edited_until_restored(owner_client, owner):
    task = Task.objects.create(user=owner, title="In the bin", deleted_at=timezone.now())
    assert owner_client.get(reverse("tasks:edit", args=[task.pk])).status_code == 404


def test_the_404_page_is_styled(owner_client):
    response = owner_client.get("/tasks/not-a-uuid/edit/")
    assert b"couldn\xe2\x80\x99t find that page" in response.content
    assert b"app.css" in response.content


def test_a_search_ignores_a_nul_and_a_cursor_with_one_is_a_400(owner_client, owner):
    make_task(owner, title="abc")
    assert titles(owner_client.get("/", {"q": "a\x00bc"})) == ["abc"]
    assert owner_client.get("/", {"cursor": "\x00"}).status_code == 400
