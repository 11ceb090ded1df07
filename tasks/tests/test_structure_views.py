"""Sub-tasks, sections and the person's own order through the pages: POST /tasks/<id>/move/,
a project's sections, the task form's `parent` and `section`, the edit page's sub-tasks and the
bulk bar's move to a section; another person's ids are refused and change nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tasks.actions.structure import create_section
from tasks.actions.tasks import create_task
from tasks.models import Section, Task
from tests.factories import as_user, make_project, reload

pytestmark = pytest.mark.django_db

JSON = {"headers": {"Accept": "application/json"}}


def add(user, title, **values) -> Task:
    with as_user(user):
        result = create_task(user, {"title": title, **values})
        assert result.changed, result.message
        return result.task


def section(user, project, name) -> Section:
    with as_user(user):
        return create_section(user, project.pk, name).item


@pytest.fixture
def trip(owner):
    """Trip: "Before" (Book flights; Pack with its sub-task Clothes) and "During" (Museum)."""
    project = make_project(owner, "Trip")
    before, during = section(owner, project, "Before"), section(owner, project, "During")
    tasks = {"flights": add(owner, "Book flights", project=project.pk, section=before.pk)}
    tasks["pack"] = add(owner, "Pack", project=project.pk, section=before.pk)
    tasks["clothes"] = add(owner, "Clothes", parent=tasks["pack"].pk)
    tasks["museum"] = add(owner, "Museum", project=project.pk, section=during.pk)
    return {"project": project, "before": before, "during": during, **tasks}


def order(user, **place) -> list[str]:
    with as_user(user):
        tasks = Task.objects.for_user(user).alive().filter(parent__isnull=True, **place).order_by("position", "id")
        return list(tasks.values_list("title", flat=True))


def message(response) -> str:
    return " ".join(m.message for m in response.wsgi_request._messages)


def move(client, task, **data):
    return client.post(reverse("tasks:move", args=[task.pk]), data)


# Moves


def test_a_move_before_or_after_a_sibling_puts_it_there_and_returns_to_the_page(owner_client, owner, trip):
    page = reverse("tasks:project", args=[trip["project"].pk])
    response = move(owner_client, trip["pack"], before=trip["flights"].pk, next=page)
    assert response.status_code == 302 and response.url == page
    assert message(response) == "Moved “Pack”."
    assert order(owner, section=trip["before"]) == ["Pack", "Book flights"]
    move(owner_client, trip["pack"], after=trip["flights"].pk)
    assert order(owner, section=trip["before"]) == ["Book flights", "Pack"]
    # Next to a task of another section: into that section, with its sub-tasks.
    move(owner_client, trip["pack"], before=trip["museum"].pk)
    assert order(owner, section=trip["during"]) == ["Pack", "Museum"]
    assert reload(owner, trip["clothes"]).section_id == trip["during"].pk


def test_a_move_under_a_parent_or_to_a_section_and_back_to_none(owner_client, owner, trip):
    move(owner_client, trip["flights"], parent=trip["pack"].pk)
    flights = reload(owner, trip["flights"])
    assert flights.parent_id == trip["pack"].pk
    move(owner_client, trip["flights"], parent="none")
    flights = reload(owner, trip["flights"])
    assert (flights.parent_id, flights.section_id) == (None, trip["before"].pk)
    move(owner_client, trip["flights"], section=trip["during"].pk)
    assert order(owner, section=trip["during"]) == ["Museum", "Book flights"]  # last there
    move(owner_client, trip["flights"], section="none")
    flights = reload(owner, trip["flights"])
    assert (flights.project_id, flights.section_id, flights.parent_id) == (trip["project"].pk, None, None)


def test_the_script_gets_json_and_a_refusal_is_a_400_that_changes_nothing(owner_client, owner, trip):
    answer = owner_client.post(reverse("tasks:move", args=[trip["pack"].pk]), {"before": trip["flights"].pk}, **JSON)
    assert answer.status_code == 200 and answer.json()["message"] == "Moved “Pack”."
    # A task under its own sub-task: a cycle.
    refused = move_json(owner_client, trip["pack"], parent=trip["clothes"].pk)
    assert refused.status_code == 400
    assert refused.json()["errors"]["parent"] == ["A task cannot go under itself or one of its own sub-tasks."]
    # Nowhere said, or an id that is not one.
    assert move_json(owner_client, trip["pack"]).status_code == 400
    assert move_json(owner_client, trip["pack"], before="not-an-id").status_code == 400
    assert reload(owner, trip["pack"]).parent_id is None


def move_json(client, task, **data):
    return client.post(reverse("tasks:move", args=[task.pk]), data, **JSON)


@pytest.mark.parametrize("where", ["before", "after", "parent", "section"])
def test_another_persons_task_or_section_is_refused_as_a_place(owner_client, owner, stranger, trip, where):
    theirs = make_project(stranger, "Theirs")
    their_task = add(stranger, "Their task", project=theirs.pk)
    their_section = section(stranger, theirs, "Their section")
    place = their_section.pk if where == "section" else their_task.pk
    refused = move_json(owner_client, trip["pack"], **{where: place})
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"][where]
    # Without the script: a message, back to the page, nothing moved.
    response = move(owner_client, trip["pack"], **{where: place})
    assert response.status_code == 302 and message(response)
    pack = reload(owner, trip["pack"])
    assert (pack.project_id, pack.section_id, pack.parent_id) == (trip["project"].pk, trip["before"].pk, None)
    with as_user(stranger):
        assert Task.objects.for_user(stranger).get(pk=their_task.pk).parent_id is None


def test_another_persons_task_cannot_be_moved_or_folded(owner_client, stranger, trip):
    theirs = add(stranger, "Their task")
    assert move(owner_client, theirs, parent="none").status_code == 404
    assert owner_client.post(reverse("tasks:collapse", args=[theirs.pk]), {"collapsed": "1"}).status_code == 404


def test_a_parent_folds_and_unfolds_on_the_project_page(owner_client, owner, trip):
    page = reverse("tasks:project", args=[trip["project"].pk])
    owner_client.post(reverse("tasks:collapse", args=[trip["pack"].pk]), {"collapsed": "1", "next": page})
    assert "Clothes" not in owner_client.get(page).content.decode()
    owner_client.post(reverse("tasks:collapse", args=[trip["pack"].pk]), {"collapsed": "0", "next": page})
    assert "Clothes" in owner_client.get(page).content.decode()


# Sections


def test_sections_are_made_renamed_moved_and_folded(owner_client, owner, trip):
    project = trip["project"]
    response = owner_client.post(reverse("tasks:create_section", args=[project.pk]), {"name": "  After  "})
    assert message(response) == "Added the section “After”."
    with as_user(owner):
        after = Section.objects.get(name="After")
        names = lambda: list(Section.objects.filter(project=project).values_list("name", flat=True))  # noqa: E731
        assert names() == ["Before", "During", "After"]
    refused = owner_client.post(reverse("tasks:create_section", args=[project.pk]), {"name": " "}, **JSON)
    assert refused.status_code == 400 and refused.json()["errors"]["name"]
    owner_client.post(reverse("tasks:rename_section", args=[after.pk]), {"name": "Home again"})
    owner_client.post(reverse("tasks:move_section", args=[after.pk]), {"direction": "up"})
    with as_user(owner):
        assert names() == ["Before", "Home again", "During"]
    owner_client.post(reverse("tasks:move_section", args=[trip["before"].pk]), {"direction": "down"})
    with as_user(owner):
        assert names() == ["Home again", "Before", "During"]
    owner_client.post(reverse("tasks:collapse_section", args=[trip["during"].pk]), {"collapsed": "1"})
    page = owner_client.get(reverse("tasks:project", args=[project.pk])).content.decode()
    assert "Museum" not in page and "Book flights" in page


def test_a_deleted_sections_tasks_stay_in_the_project_and_undo_brings_it_back(owner_client, owner, trip):
    answer = owner_client.post(reverse("tasks:delete_section", args=[trip["before"].pk]), **JSON).json()
    assert answer["message"] == "Deleted the section “Before”; its 3 tasks stay in the project."
    flights = reload(owner, trip["flights"])
    assert (flights.project_id, flights.section_id) == (trip["project"].pk, None)
    undone = owner_client.post(answer["undo_url"], **JSON).json()
    assert undone["message"] == "The section “Before” is back."
    assert order(owner, section=trip["before"]) == ["Book flights", "Pack"]
    assert reload(owner, trip["clothes"]).section_id == trip["before"].pk


@pytest.mark.parametrize("name", ["rename_section", "move_section", "collapse_section", "delete_section"])
def test_another_persons_section_is_a_404(owner_client, stranger, name):
    theirs = section(stranger, make_project(stranger, "Theirs"), "Theirs")
    assert owner_client.post(reverse(f"tasks:{name}", args=[theirs.pk]), {"name": "Mine"}).status_code == 404
    with as_user(stranger):
        assert Section.objects.filter(user=stranger).get().name == "Theirs"


def test_a_section_cannot_be_added_to_another_persons_project(owner_client, stranger):
    theirs = make_project(stranger, "Theirs")
    response = owner_client.post(reverse("tasks:create_section", args=[theirs.pk]), {"name": "Mine"})
    assert response.status_code == 404
    with as_user(stranger):
        assert not Section.objects.filter(user=stranger).exists()


# The task form, the edit page and quick add


def edit(client, task, **changes):
    """The edit form as the page sends it: every field with the value it was read with."""
    page = client.get(reverse("tasks:edit", args=[task.pk]))
    form = page.context["form"]
    data = {}
    for field in form:
        value = form.initial.get(field.name, field.field.initial)
        value = "" if value is None else value
        data[field.name] = data[f"initial-{field.name}"] = value
    data.pop("completed", None)
    data.update(changes)
    return client.post(reverse("tasks:edit", args=[task.pk]), data)


def test_the_edit_form_offers_the_projects_sections_and_moves_the_task_to_one(owner_client, owner, trip):
    page = owner_client.get(reverse("tasks:edit", args=[trip["flights"].pk]))
    choices = [label for _value, label in page.context["form"].fields["section"].choices]
    assert choices == ["No section", "Before", "During"]
    edit(owner_client, trip["flights"], section=trip["during"].pk)
    assert reload(owner, trip["flights"]).section_id == trip["during"].pk
    edit(owner_client, trip["flights"], section="")
    assert reload(owner, trip["flights"]).section_id is None


def test_the_edit_form_refuses_a_section_or_parent_of_someone_elses(owner_client, owner, stranger, trip):
    theirs = make_project(stranger, "Theirs")
    their_section, their_task = section(stranger, theirs, "Theirs"), add(stranger, "Theirs", project=theirs.pk)
    for field, value in (("section", their_section.pk), ("parent", their_task.pk)):
        response = edit(owner_client, trip["flights"], **{field: value})
        assert response.status_code == 200
        assert response.context["form"].errors[field]
    flights = reload(owner, trip["flights"])
    assert (flights.section_id, flights.parent_id) == (trip["before"].pk, None)


def test_the_edit_form_refuses_a_cycle_with_a_message(owner_client, owner, trip):
    response = edit(owner_client, trip["pack"], parent=trip["clothes"].pk)
    assert response.context["form"].errors["parent"] == ["A task cannot go under itself or one of its own sub-tasks."]
    assert reload(owner, trip["pack"]).parent_id is None


def test_the_edit_page_lists_sub_tasks_and_adds_one(owner_client, owner, trip):
    with as_user(owner):
        Task.objects.filter(pk=trip["clothes"].pk).update(completed=True)
    url = reverse("tasks:edit", args=[trip["pack"].pk])
    page = owner_client.get(url).content.decode()
    assert "Sub-tasks" in page and reverse("tasks:edit", args=[trip["clothes"].pk]) in page and "Done" in page
    response = owner_client.post(
        reverse("tasks:create"), {"title": "Socks", "quick_add": "1", "parent": trip["pack"].pk, "next": url}
    )
    assert response.url == url
    with as_user(owner):
        socks = Task.objects.for_user(owner).get(title="Socks")
    assert (socks.parent_id, socks.section_id, socks.project_id) == (
        trip["pack"].pk,
        trip["before"].pk,
        trip["project"].pk,
    )
    # A sub-task's page names its parent, and makes it a top task.
    page = owner_client.get(reverse("tasks:edit", args=[socks.pk])).content.decode()
    assert "Sub-task of" in page and "Make it a top task" in page
    move(owner_client, socks, parent="none")
    assert reload(owner, socks).parent_id is None


def test_the_full_form_and_quick_add_take_a_section(owner_client, owner, trip):
    project = trip["project"]
    owner_client.post(
        reverse("tasks:create"),
        {"title": "Passport", "project": project.pk, "section": trip["during"].pk, "priority": "4"},
    )
    owner_client.post(
        reverse("tasks:create"),
        {"title": "Map", "quick_add": "1", "project": project.pk, "section": trip["during"].pk},
    )
    assert order(owner, section=trip["during"]) == ["Museum", "Passport", "Map"]
    # "#Elsewhere" typed in a section's add box: that project, in no section.
    elsewhere = make_project(owner, "Elsewhere")
    owner_client.post(
        reverse("tasks:create"),
        {"title": "Call #Elsewhere", "quick_add": "1", "project": project.pk, "section": trip["during"].pk},
    )
    with as_user(owner):
        call = Task.objects.for_user(owner).get(title="Call")
    assert (call.project_id, call.section_id) == (elsewhere.pk, None)


# The bulk bar


def test_bulk_move_takes_a_section_and_offers_them_grouped_by_project(owner_client, owner, trip):
    inbox = add(owner, "Buy a hat")
    page = owner_client.get(reverse("tasks:list") + "?select=1").content.decode()
    assert f'<optgroup label="Trip"><option value="{trip["project"].pk}">Trip</option>' in page
    assert f'<option value="section:{trip["during"].pk}">Trip / During</option>' in page
    ids = [inbox.pk, trip["flights"].pk]
    data = {"ids": ids, "action": "move", "project": f"section:{trip['during'].pk}"}
    answer = owner_client.post(reverse("tasks:bulk"), data, **JSON)
    assert answer.json()["message"] == "Moved 2 tasks to During."
    assert sorted(order(owner, section=trip["during"])) == ["Book flights", "Buy a hat", "Museum"]
    # Undo puts them back where they were.
    owner_client.post(answer.json()["undo_url"], **JSON)
    assert reload(owner, inbox).project_id is None
    assert reload(owner, trip["flights"]).section_id == trip["before"].pk


def test_bulk_move_refuses_another_persons_section(owner_client, owner, stranger, trip):
    theirs = section(stranger, make_project(stranger, "Theirs"), "Theirs")
    data = {"ids": [trip["flights"].pk], "action": "move", "project": f"section:{theirs.pk}"}
    refused = owner_client.post(reverse("tasks:bulk"), data, **JSON)
    assert refused.status_code == 400
    assert "Select a valid choice" in json.dumps(refused.json()["errors"])
    assert reload(owner, trip["flights"]).section_id == trip["before"].pk
