from __future__ import annotations

import pytest

from conftest import make_user
from tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin@example.com", is_staff=True, is_superuser=True))
    return client


def test_staff_see_every_users_tasks_in_the_admin(admin_client, owner, stranger):
    Task.objects.create(user=owner, title="Owner's task")
    Task.objects.create(user=stranger, title="Stranger's task")
    response = admin_client.get("/admin/tasks/task/")
    assert response.status_code == 200
    assert b"Owner&#x27;s task" in response.content
    assert b"Stranger&#x27;s task" in response.content


def test_the_admin_searches_users_by_email(admin_client, owner, stranger):
    response = admin_client.get("/admin/accounts/user/", {"q": "stranger"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [stranger]


def test_people_who_are_not_staff_cannot_reach_the_admin(owner_client):
    response = owner_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
