"""Projects, labels and sections through the API, by the same actions as their pages."""

from __future__ import annotations

import pytest

from tests.factories import make_project, make_task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["projects", "labels"])
def test_make_read_rename_and_delete(api, kind):
    made = api.post(f"/{kind}", {"name": "Garden", "color": "#299438"})
    assert made.status_code == 201, made.content
    item = made.json()
    assert (item["name"], item["color"]) == ("Garden", "#299438")
    read = api.get(f"/{kind}/{item['id']}")
    assert read.json() == item and read["ETag"] == made["ETag"]
    renamed = api.patch(f"/{kind}/{item['id']}", {"name": "Yard"}, **{"If-Match": read["ETag"]})
    assert renamed.json()["name"] == "Yard" and renamed.json()["color"] == "#299438"
    assert api.patch(f"/{kind}/{item['id']}", {"color": None}, **{"If-Match": read["ETag"]}).status_code == 412
    assert [row["name"] for row in api.get(f"/{kind}").json()["results"]] == ["Yard"]
    assert api.delete(f"/{kind}/{item['id']}").status_code == 200
    assert api.get(f"/{kind}/{item['id']}").status_code == 404


@pytest.mark.parametrize("kind", ["projects", "labels"])
@pytest.mark.parametrize("body", [{"name": " "}, {"name": "Home", "color": "red"}, {"name": "\u200b"}, {}])
def test_bad_names_and_colours_are_a_422(api, kind, body):
    response = api.post(f"/{kind}", body)
    assert response.status_code == 422, response.content


@pytest.mark.parametrize("kind", ["projects", "labels"])
def test_a_taken_name_is_a_422(api, kind):
    api.post(f"/{kind}", {"name": "Home"})
    response = api.post(f"/{kind}", {"name": "home"})
    assert response.status_code == 422
    assert "name" in response.json()["errors"]


def test_archiving_a_project(api, owner):
    project = make_project(owner, "Old")
    assert api.patch(f"/projects/{project.pk}", {"archived": True}).json()["archived"] is True
    assert api.patch(f"/projects/{project.pk}", {"archived": False}).json()["archived"] is False


def test_deleting_a_project_trashes_its_tasks(api, owner):
    project = make_project(owner, "Gone")
    task = make_task(owner, title="In it", project=project)
    assert api.delete(f"/projects/{project.pk}").status_code == 200
    assert api.get("/tasks").json()["results"] == []
    assert api.post(f"/tasks/{task.pk}/restore").json()["project_id"] is None


def test_sections(api, owner):
    project = make_project(owner, "Home")
    made = api.post("/sections", {"project_id": str(project.pk), "name": "Kitchen"})
    assert made.status_code == 201, made.content
    section = made.json()
    assert section["project_id"] == str(project.pk)
    task = api.post("/tasks", {"title": "Descale", "section_id": section["id"]}).json()
    assert (task["section_id"], task["project_id"]) == (section["id"], str(project.pk))
    listed = api.get("/sections", {"project": str(project.pk)}).json()["results"]
    assert [row["name"] for row in listed] == ["Kitchen"]
    assert api.patch(f"/sections/{section['id']}", {"name": "Pantry"}).json()["name"] == "Pantry"
    assert api.patch(f"/sections/{section['id']}", {"name": "  "}).status_code == 422
    assert api.delete(f"/sections/{section['id']}").status_code == 200
    assert api.get(f"/tasks/{task['id']}").json()["section_id"] is None


def test_a_sub_task_takes_its_parents_place(api, owner):
    project = make_project(owner, "Home")
    parent = api.post("/tasks", {"title": "Move house", "project_id": str(project.pk)}).json()
    child = api.post("/tasks", {"title": "Pack books", "parent_id": parent["id"]}).json()
    assert (child["parent_id"], child["project_id"]) == (parent["id"], str(project.pk))
    response = api.patch(f"/tasks/{parent['id']}", {"parent_id": child["id"]})
    assert response.status_code == 422
    assert "parent_id" in response.json()["errors"]
