from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tasks.models import Task
from tests.factories import make_staff, make_task, make_user


@pytest.fixture
def admin_client(client):
    client.force_login(make_staff("admin@example.com"))
    return client


# The staff connection is a connection of its own: it sees committed rows only.
@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_staff_see_and_change_every_users_tasks_in_the_admin(admin_client, owner, stranger):
    make_task(owner, title="Owner's task")
    task = make_task(stranger, title="Stranger's task")

    response = admin_client.get("/admin/tasks/task/")
    assert response.status_code == 200
    assert b"Owner&#x27;s task" in response.content
    assert b"Stranger&#x27;s task" in response.content

    response = admin_client.post(
        f"/admin/tasks/task/{task.pk}/change/",
        {"user": stranger.pk, "title": "Renamed by staff", "description": "", "completed": "on", "priority": "4"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = Task.objects.using("staff").get(pk=task.pk)
    assert (changed.title, changed.completed) == ("Renamed by staff", True)


STAFF_DB = pytest.mark.django_db(transaction=True, databases=["default", "staff"])


@STAFF_DB
def test_the_admin_searches_users_by_email(admin_client, owner, stranger):
    response = admin_client.get("/admin/accounts/user/", {"q": "stranger"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stranger]


@STAFF_DB
def test_the_user_list_counts_every_users_tasks_in_one_query(admin_client, owner, stranger):
    for i in range(3):
        make_task(owner, title=f"Task {i}")
    make_task(stranger, title="Theirs")
    with CaptureQueriesContext(connections["staff"]) as few:
        response = admin_client.get("/admin/accounts/user/")
    counts = {user.email: user.task_count for user in response.context["cl"].result_list}
    assert counts == {"admin@example.com": 0, "owner@example.com": 3, "stranger@example.com": 1}
    for i in range(5):
        make_user(f"more{i}@example.com")
    with CaptureQueriesContext(connections["staff"]) as more:
        admin_client.get("/admin/accounts/user/")
    assert len(more) == len(few)


@STAFF_DB
def test_admin_filters_by_verified_staff_and_active(admin_client, owner):
    make_user("unverified@example.com", verified=False)
    response = admin_client.get("/admin/accounts/user/", {"email_verified__exact": "0"})
    assert [u.email for u in response.context["cl"].result_list] == ["unverified@example.com"]


@STAFF_DB
@pytest.mark.parametrize(
    ("action", "fields", "expected"),
    [
        ("mark_done", {}, lambda task: task.completed),
        ("trash", {}, lambda task: task.deleted_at is not None),
        ("restore", {"deleted_at": timezone.now()}, lambda task: task.deleted_at is None),
    ],
)
def test_admin_actions_change_the_selected_tasks_and_are_logged(admin_client, owner, action, fields, expected):
    task = make_task(owner, title="Act on me", **fields)
    other = make_task(owner, title="Leave me", **fields)
    response = admin_client.post("/admin/tasks/task/", {"action": action, "_selected_action": [task.pk]})
    assert response.status_code == 302
    assert expected(Task.objects.using("staff").get(pk=task.pk))
    assert not expected(Task.objects.using("staff").get(pk=other.pk))
    assert LogEntry.objects.filter(object_id=str(task.pk)).exists()


@STAFF_DB
def test_markup_in_a_task_is_escaped_in_the_admin(admin_client, owner):
    make_task(owner, title="<script>alert('admin')</script>")
    response = admin_client.get("/admin/tasks/task/")
    assert b"<script>alert('admin')</script>" not in response.content
    assert b"&lt;script&gt;alert(&#x27;admin&#x27;)&lt;/script&gt;" in response.content
