"""Who may call each operation: 401 without a token or with a bad one, 403 for a write with a
read token, 404 for another person's id, an unknown one and a malformed one; never a session."""

from __future__ import annotations

import uuid

import pytest

from api.tests.conftest import Api, make_token
from api.v1 import api as v1
from tests.factories import make_label, make_project, make_task

pytestmark = pytest.mark.django_db

# Every operation of the schema: (method, path with {id}, a valid body for a write).
OPERATIONS = [
    ("GET", "/tasks", None),
    ("POST", "/tasks", {"title": "New"}),
    ("GET", "/tasks/{task}", None),
    ("PATCH", "/tasks/{task}", {"title": "Renamed"}),
    ("DELETE", "/tasks/{task}", None),
    ("POST", "/tasks/{task}/complete", None),
    ("POST", "/tasks/{task}/reopen", None),
    ("POST", "/tasks/{task}/restore", None),
    ("GET", "/tasks/{task}/completions", None),
    ("POST", "/tasks/{task}/move", {"parent_id": None}),
    ("POST", "/tasks/bulk", {"ids": ["{task}"], "action": "complete"}),
    ("POST", "/tasks/reschedule-overdue", None),
    ("POST", "/tasks/clear-completed", None),
    ("POST", "/trash/empty", None),
    ("POST", "/undo", {"token": "not-a-token"}),
    ("GET", "/projects", None),
    ("POST", "/projects", {"name": "Garden"}),
    ("GET", "/projects/{project}", None),
    ("PATCH", "/projects/{project}", {"name": "Renamed"}),
    ("DELETE", "/projects/{project}", None),
    ("GET", "/labels", None),
    ("POST", "/labels", {"name": "later"}),
    ("GET", "/labels/{label}", None),
    ("PATCH", "/labels/{label}", {"name": "renamed"}),
    ("DELETE", "/labels/{label}", None),
    ("GET", "/sections", None),
    ("POST", "/sections", {"name": "Soon", "project_id": "{project}"}),
    ("GET", "/sections/{section}", None),
    ("PATCH", "/sections/{section}", {"name": "Renamed"}),
    ("DELETE", "/sections/{section}", None),
]
WITH_ID = [operation for operation in OPERATIONS if "{" in operation[1]]


def ids_of(user) -> dict[str, str]:
    from tasks.models import Section
    from tests.factories import as_user

    project = make_project(user, "Home")
    with as_user(user):
        section = Section.objects.create(user=user, project=project, name="Now")
    return {
        "task": str(make_task(user, title="Water plants").pk),
        "project": str(project.pk),
        "label": str(make_label(user, "errands").pk),
        "section": str(section.pk),
    }


def filled(value, ids: dict[str, str]):
    if isinstance(value, dict):
        return {key: filled(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, ids) for item in value]
    return value.format(**ids) if isinstance(value, str) else value


def call(api: Api, method: str, path: str, body, ids: dict[str, str]):
    path = filled(path, ids)
    if method == "GET":
        return api.get(path)
    return api.send(method, path, filled(body, ids))


def test_the_list_names_every_operation_of_the_schema():
    schema = v1.get_openapi_schema()
    documented = {
        (method.upper(), path.removeprefix("/api/v1")) for path, item in schema["paths"].items() for method in item
    }
    listed = {(method, path.replace("{task}", "{task_id}").replace("{project}", "{project_id}")
               .replace("{label}", "{label_id}").replace("{section}", "{section_id}"))
              for method, path, _ in OPERATIONS}  # fmt: skip
    assert listed == documented


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_without_a_token_every_operation_is_a_401(client, owner, method, path, body):
    response = call(Api(client, None), method, path, body, ids_of(owner))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(
    "token",
    ["todo_pat_nope", "todo_pat_" + "A" * 65, "Basic dXNlcjpwYXNz", "", "todo_pat_\u00e9" * 3],
)
def test_a_bad_token_is_a_401(client, owner, token):
    response = Api(client, token).get("/tasks")
    assert response.status_code == 401


def test_a_revoked_token_is_a_401(client, owner, token):
    from api import actions
    from api.models import Token
    from tests.factories import as_user

    assert Api(client, token).get("/tasks").status_code == 200
    with as_user(owner):
        actions.revoke_token(owner, Token.objects.get(user=owner).pk)
    assert Api(client, token).get("/tasks").status_code == 401


def test_a_token_claiming_another_persons_id_is_a_401(client, owner, stranger, token):
    from api import tokens

    theirs = make_token(stranger)
    forged = tokens.PREFIX + theirs[len(tokens.PREFIX) : len(tokens.PREFIX) + 22] + token[-43:]
    assert Api(client, forged).get("/tasks").status_code == 401


def test_an_inactive_persons_token_is_a_401(client, owner, token):
    type(owner).objects.filter(pk=owner.pk).update(is_active=False)
    assert Api(client, token).get("/tasks").status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), [op for op in OPERATIONS if op[0] != "GET"])
def test_a_read_token_may_not_write(reader, owner, method, path, body):
    response = call(reader, method, path, body, ids_of(owner))
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "body"), [op for op in OPERATIONS if op[0] == "GET"])
def test_a_read_token_may_read(reader, owner, method, path, body):
    assert call(reader, method, path, body, ids_of(owner)).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), WITH_ID)
def test_another_persons_ids_are_a_404(api, stranger, method, path, body):
    theirs = ids_of(stranger)
    response = call(api, method, path, body, theirs)
    if path == "/sections" and method == "POST":
        assert response.status_code == 422  # their project, in the body: not one of mine
        return
    assert response.status_code == 404, response.content
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(("method", "path", "body"), [op for op in WITH_ID if op[1] != "/sections"])
@pytest.mark.parametrize("wrong", ["unknown", "malformed", "sql"])
def test_unknown_and_malformed_ids_are_a_404(api, owner, method, path, body, wrong):
    ids = ids_of(owner)
    value = {"unknown": str(uuid.uuid4()), "malformed": "not-an-id", "sql": "1' OR '1'='1"}[wrong]
    response = call(api, method, path, body, dict.fromkeys(ids, value))
    assert response.status_code == 404, response.content


def test_a_session_cookie_is_not_accepted(client, owner):
    client.force_login(owner)
    assert client.get("/api/v1/tasks").status_code == 401


def test_a_session_does_not_widen_a_token(client, owner, stranger):
    make_task(stranger, title="Theirs")
    client.force_login(stranger)
    response = Api(client, make_token(owner)).get("/tasks")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_csrf_does_not_apply_to_tokens(owner, token):
    from django.test import Client

    checking = Client(enforce_csrf_checks=True)
    assert Api(checking, token).post("/tasks", {"title": "From a script"}).status_code == 201


def test_the_schema_and_the_docs_need_no_token(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle" in docs.content and b"cdn" not in docs.content.lower()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_docs_page_only_reads(client, method):
    assert getattr(client, method)("/api/v1/docs").status_code == 405
