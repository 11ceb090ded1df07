"""Every URL, for an anonymous visitor, the owner, another user and a staff member.

The task URLs point at the owner's task. Another user and staff (in the app, staff are just
people) get 404 for it: never 403, never someone else's data. Nothing is changed by anyone
but the owner.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.utils import timezone

from tasks.actions import undo
from tasks.models import Task
from tests.factories import as_user, make_staff, make_task, make_user

LOGIN = 302  # anonymous: to the login page
# (method, path, anonymous, owner, other user, staff)
TABLE = [
    ("get", "/", LOGIN, 200, 200, 200),
    ("get", "/tasks/new/", LOGIN, 200, 200, 200),
    ("get", "/tasks/{task}/edit/", LOGIN, 200, 404, 404),
    ("post", "/tasks/{task}/edit/", LOGIN, 302, 404, 404),
    ("post", "/tasks/{task}/toggle/", LOGIN, 302, 404, 404),
    ("get", "/tasks/{task}/toggle/", LOGIN, 405, 405, 405),
    ("get", "/tasks/{task}/delete/", LOGIN, 200, 404, 404),
    ("post", "/tasks/{task}/delete/", LOGIN, 302, 404, 404),
    ("post", "/trash/{trashed}/restore/", LOGIN, 302, 404, 404),
    ("post", "/tasks/toggle-all/", LOGIN, 302, 302, 302),
    ("post", "/tasks/clear-completed/", LOGIN, 302, 302, 302),
    ("post", "/tasks/bulk/", LOGIN, 302, 302, 302),
    ("get", "/trash/", LOGIN, 200, 200, 200),
    ("get", "/trash/empty/", LOGIN, 200, 200, 200),
    ("post", "/trash/empty/", LOGIN, 302, 302, 302),
    ("post", "/undo/?token={undo}", LOGIN, 302, 400, 400),  # the owner's Undo of trashing a task
    ("get", "/accounts/profile/", LOGIN, 200, 200, 200),
    ("get", "/accounts/export/", LOGIN, 302, 302, 302),  # signed in: asks for the password again
    ("get", "/accounts/delete/", LOGIN, 200, 200, 200),
    ("get", "/accounts/import/", LOGIN, 200, 200, 200),
    ("post", "/accounts/import/", LOGIN, 400, 400, 400),  # no file: the form says so
    ("get", "/accounts/tokens/", LOGIN, 200, 200, 200),
    # The API takes a token, never the session (api/tests/test_access.py has every operation).
    ("get", "/api/v1/tasks", 401, 401, 401, 401),
    ("get", "/admin/", LOGIN, 302, 302, 200),
    ("get", "/admin/tasks/task/", LOGIN, 302, 302, 200),
    ("get", "/healthz", 200, 200, 200, 200),
]


@pytest.fixture
def people(transactional_db):
    owner = make_user("owner@example.com")
    return {
        "anonymous": None,
        "owner": owner,
        "other": make_user("other@example.com"),
        "staff": make_staff("staff@example.com"),
    }


def snapshot(owner) -> list[tuple]:
    with as_user(owner):
        return list(Task.objects.order_by("title").values_list("title", "completed", "deleted_at"))


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
@pytest.mark.parametrize(("method", "path", *["anonymous", "owner", "other", "staff"]), TABLE)
@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "staff"])
def test_each_url_answers_each_person_as_designed(client, people, who, method, path, anonymous, owner, other, staff):
    task = make_task(people["owner"], title="Private", completed=True)
    trashed = make_task(people["owner"], title="Trashed", deleted_at=timezone.now())
    before = snapshot(people["owner"])
    if people[who]:
        client.force_login(people[who])
    token = undo.token(people["owner"], "trashed", at=trashed.deleted_at.isoformat())
    url = path.format(task=task.pk, trashed=trashed.pk, undo=quote(token))
    data = {"title": "Changed", "action": "trash", "ids": [task.pk]} if method == "post" else None
    response = getattr(client, method)(url, data)
    expected = {"anonymous": anonymous, "owner": owner, "other": other, "staff": staff}[who]
    assert response.status_code == expected, (who, method, url)
    if expected == LOGIN and who == "anonymous" and url != "/healthz":
        assert "/login/" in response["Location"]
    if who != "owner":
        assert snapshot(people["owner"]) == before, "someone else changed the owner's tasks"


ALLAUTH_PATHS = [
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/signup/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/reset/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
]


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_url_takes_a_method_it_does_not_mean(client, people, method):
    owner = people["owner"]
    owner.name = "Kept"
    owner.save(update_fields=["name"])
    task = make_task(owner, title="Private", completed=True)
    trashed = make_task(owner, title="Trashed", deleted_at=timezone.now())
    before = snapshot(owner)
    client.force_login(owner)
    token = quote(undo.token(owner, "trashed", at=trashed.deleted_at.isoformat()))
    paths = {path.format(task=task.pk, trashed=trashed.pk, undo=token) for _, path, *_ in TABLE} | set(ALLAUTH_PATHS)
    for path in sorted(paths):
        response = getattr(client, method)(
            path, "title=Changed&name=", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 405, (method, path)
    assert snapshot(owner) == before  # DELETE once deleted a task for good, past the trash
    owner.refresh_from_db()
    assert owner.name == "Kept"  # PUT once wiped the profile


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/trash/", "/healthz", "/readyz"])
def test_pages_refuse_a_post_they_do_not_take(owner_client, path):
    assert owner_client.post(path).status_code == 405
