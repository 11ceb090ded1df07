"""Moving a task through the API, as the pages' drag and drop and Move up / Move down do it
(tasks.actions.structure.move_task): next to a sibling, under a parent, into a section or a
project; and every place it cannot go is a 422 with the action's words, with nothing moved."""

from __future__ import annotations

import pytest

from tasks.models import Section, Task
from tests.factories import as_user, make_project, make_task, reload

pytestmark = pytest.mark.django_db


def order(owner, **place) -> list[str]:
    with as_user(owner):
        tasks = Task.objects.filter(user=owner, parent=None, **place).order_by("position", "id")
        return [task.title for task in tasks]


def test_before_and_after_a_sibling_reorder_it(api, owner):
    a, b, c = (make_task(owner, title=title) for title in "abc")
    response = api.post(f"/tasks/{c.pk}/move", {"before": str(a.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Moved “c”."
    assert order(owner) == ["c", "a", "b"]
    api.post(f"/tasks/{c.pk}/move", {"after": str(b.pk)})
    assert order(owner) == ["a", "b", "c"]


def test_a_task_goes_under_a_parent_into_a_section_or_a_project(api, owner):
    home = make_project(owner, "Home")
    with as_user(owner):
        kitchen = Section.objects.create(user=owner, project=home, name="Kitchen")
    parent, child = make_task(owner, title="Parent"), make_task(owner, title="Child")
    under = api.post(f"/tasks/{child.pk}/move", {"parent_id": str(parent.pk)}).json()
    assert under["task"]["parent_id"] == str(parent.pk)
    in_section = api.post(f"/tasks/{parent.pk}/move", {"section_id": str(kitchen.pk)}).json()
    assert (in_section["task"]["project_id"], in_section["task"]["section_id"]) == (str(home.pk), str(kitchen.pk))
    # Its sub-task moves with it.
    assert (reload(owner, child).project_id, reload(owner, child).section_id) == (home.pk, kitchen.pk)
    top = api.post(f"/tasks/{child.pk}/move", {"parent_id": None}).json()
    assert top["task"]["parent_id"] is None and top["task"]["section_id"] == str(kitchen.pk)
    inbox = api.post(f"/tasks/{parent.pk}/move", {"project_id": None}).json()
    assert (inbox["task"]["project_id"], inbox["task"]["section_id"]) == (None, None)


def nest(owner, depth: int) -> list[Task]:
    chain = [make_task(owner, title="Level 0")]
    for level in range(1, depth + 1):
        chain.append(make_task(owner, title=f"Level {level}", parent=chain[-1]))
    return chain


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("cycle", "parent_id", "under itself"),
        ("fifth level", "parent_id", "levels deep"),
        ("their parent", "parent_id", "does not exist"),
        ("their section", "section_id", "does not exist"),
        ("section of another project", "section_id", "another project"),
        ("their project", "project_id", "No such project"),
        ("not a sibling", "before", "not in the place asked for"),
        ("itself", "before", "another task of yours"),
        ("nowhere", "before", "Say where"),
        ("before and after", "before", "Say where"),
        ("neighbour and project", "project_id", "that task's project"),
    ],
)
def test_a_place_it_cannot_go_is_a_422_and_nothing_moves(api, owner, stranger, case, field, words):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    with as_user(owner):
        elsewhere = Section.objects.create(user=owner, project=work, name="Elsewhere")
    chain = nest(owner, 4)
    task = make_task(owner, title="Mover", project=home)
    sibling = make_task(owner, title="Sibling", project=home)
    with as_user(stranger):
        theirs_project = make_project(stranger, "Theirs")
        theirs_section = Section.objects.create(user=stranger, project=theirs_project, name="Theirs")
    theirs_task = make_task(stranger, title="Theirs")
    mover, body = {
        "cycle": (chain[0], {"parent_id": str(chain[2].pk)}),
        "fifth level": (task, {"parent_id": str(chain[4].pk)}),
        "their parent": (task, {"parent_id": str(theirs_task.pk)}),
        "their section": (task, {"section_id": str(theirs_section.pk)}),
        "section of another project": (task, {"section_id": str(elsewhere.pk), "project_id": str(home.pk)}),
        "their project": (task, {"project_id": str(theirs_project.pk)}),
        "not a sibling": (task, {"before": str(sibling.pk), "parent_id": str(chain[0].pk)}),
        "itself": (task, {"before": str(task.pk)}),
        "nowhere": (task, {}),
        "before and after": (task, {"before": str(sibling.pk), "after": str(sibling.pk)}),
        "neighbour and project": (task, {"before": str(sibling.pk), "project_id": str(work.pk)}),
    }[case]
    before = reload(owner, mover)
    response = api.post(f"/tasks/{mover.pk}/move", body)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"detail", "errors"}
    assert field in response.json()["errors"], response.json()
    assert words in str(response.json()["errors"][field]), response.json()
    after = reload(owner, mover)
    place = ("parent_id", "project_id", "section_id", "position")
    assert [getattr(after, name) for name in place] == [getattr(before, name) for name in place]


def test_another_persons_task_or_a_trashed_one_is_a_404(api, owner, stranger):
    theirs = make_task(stranger, title="Theirs")
    assert api.post(f"/tasks/{theirs.pk}/move", {"parent_id": None}).status_code == 404
    mine = make_task(owner, title="Mine")
    api.delete(f"/tasks/{mine.pk}")
    assert api.post(f"/tasks/{mine.pk}/move", {"parent_id": None}).status_code == 404
