from __future__ import annotations

import pytest

from conftest import make_task, make_user
from tasks.models import Task


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin@example.com", is_staff=True, is_superuser=True))
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
        {"user": stranger.pk, "title": "Renamed by staff", "description": "", "completed": "on"},
    )
    assert response.status_code == 302
    changed = Task.objects.using("staff").get(pk=task.pk)
    assert (changed.title, changed.completed) == ("Renamed by staff", True)


@pytest.mark.django_db
def test_the_admin_searches_users_by_email(admin_client, owner, stranger):
    response = admin_client.get("/admin/accounts/user/", {"q": "stranger"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stranger]


@pytest.mark.django_db
def test_people_who_are_not_staff_cannot_reach_the_admin(owner_client):
    response = owner_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
