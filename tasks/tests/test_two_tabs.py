"""An edit saved in one tab never undoes what another tab did meanwhile.

The edit form was read before the other tab's change; saving it writes only the fields the
person changed, and a field changed on both sides is a conflict shown with both values.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bench.measure import Forms
from tests.factories import make_task, reload

pytestmark = pytest.mark.django_db


def read_edit_form(client, task) -> dict[str, str]:
    fields = Forms.with_field(client.get(reverse("tasks:edit", args=[task.pk])).content.decode(), "title")
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def test_an_edit_keeps_a_toggle_made_meanwhile_in_another_tab(owner_client, owner):
    task = make_task(owner, title="Water plants")
    form = read_edit_form(owner_client, task)
    owner_client.post(reverse("tasks:toggle", args=[task.pk]))  # the other tab
    form["title"] = "Water the plants"
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), form).status_code == 302
    saved = reload(owner, task)
    assert (saved.title, saved.completed) == ("Water the plants", True)


def test_an_edit_of_a_task_trashed_meanwhile_is_a_404_and_saves_nothing(owner_client, owner):
    task = make_task(owner, title="Old")
    form = read_edit_form(owner_client, task)
    owner_client.post(reverse("tasks:delete", args=[task.pk]))
    form["title"] = "New"
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), form).status_code == 404
    saved = reload(owner, task)
    assert saved.title == "Old"
    assert saved.in_trash


def test_an_inline_edit_never_brings_a_trashed_task_back(owner_client, owner):
    task = make_task(owner, title="Gone")
    owner_client.post(reverse("tasks:delete", args=[task.pk]))
    response = owner_client.post(
        reverse("tasks:edit", args=[task.pk]), {"title": "Back?", "initial-title": "Gone", "inline": "1"}
    )
    assert response.status_code == 404
    assert reload(owner, task).in_trash


def test_the_same_field_changed_in_both_tabs_is_shown_not_overwritten(owner_client, owner):
    task = make_task(owner, title="Call Ann")
    first, second = read_edit_form(owner_client, task), read_edit_form(owner_client, task)
    first["title"] = "Call Ann at 5"
    owner_client.post(reverse("tasks:edit", args=[task.pk]), first)
    second["title"] = "Call Ann tomorrow"
    response = owner_client.post(reverse("tasks:edit", args=[task.pk]), second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed elsewhere meanwhile, to “Call Ann at 5”" in page  # theirs, in the message
    assert 'value="Call Ann tomorrow"' in page  # mine, still in the field
    assert reload(owner, task).title == "Call Ann at 5"
    # Saving the form as shown again, knowingly, keeps mine.
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), Forms.with_field(page, "title")).status_code == 302
    assert reload(owner, task).title == "Call Ann tomorrow"


def test_the_conflict_form_carries_the_current_value_so_a_second_save_wins(owner_client, owner):
    task = make_task(owner, title="v1")
    stale = read_edit_form(owner_client, task)
    fresh = read_edit_form(owner_client, task)
    fresh["title"] = "v2"
    owner_client.post(reverse("tasks:edit", args=[task.pk]), fresh)
    stale["title"] = "v3"
    page = owner_client.post(reverse("tasks:edit", args=[task.pk]), stale).content.decode()
    assert 'name="initial-title" value="v2"' in page


def test_a_conflict_on_the_inline_editor_is_a_409_with_the_current_title(owner_client, owner):
    task = make_task(owner, title="Mine")
    owner_client.post(
        reverse("tasks:edit", args=[task.pk]), {"title": "Theirs", "initial-title": "Mine", "inline": "1"}
    )
    response = owner_client.post(
        reverse("tasks:edit", args=[task.pk]),
        {"title": "Also mine", "initial-title": "Mine", "inline": "1"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 409
    assert response.json()["current"] == {"title": "Theirs"}
    assert reload(owner, task).title == "Theirs"


def test_an_edit_that_changes_nothing_writes_nothing(owner_client, owner):
    task = make_task(owner, title="Same")
    before = reload(owner, task).updated_at
    owner_client.post(reverse("tasks:edit", args=[task.pk]), read_edit_form(owner_client, task))
    assert reload(owner, task).updated_at == before


def test_unticking_done_on_the_edit_page_reopens_the_task(owner_client, owner):
    task = make_task(owner, title="Done", completed=True)
    form = read_edit_form(owner_client, task)
    del form["completed"]
    owner_client.post(reverse("tasks:edit", args=[task.pk]), form)
    assert reload(owner, task).completed is False


@pytest.mark.parametrize(("action", "completed"), [("complete", True), ("reopen", False)])
def test_toggle_all_does_what_its_button_said_even_if_another_tab_changed_a_task(
    owner_client, owner, action, completed
):
    tasks = [make_task(owner, title=f"T{n}", completed=not completed) for n in range(3)]
    # Meanwhile, in another tab, one task already got the new state by a single toggle.
    owner_client.post(reverse("tasks:toggle", args=[tasks[0].pk]))
    owner_client.post(reverse("tasks:toggle_all"), {"action": action})
    assert [reload(owner, task).completed for task in tasks] == [completed] * 3


def test_the_toggle_all_button_names_its_action(owner_client, owner):
    make_task(owner, title="Open")
    assert b'name="action" value="complete"' in owner_client.get("/").content


def test_line_breaks_sent_by_a_browser_are_no_conflict(owner_client, owner):
    task = make_task(owner, title="Notes", description="first line\nsecond line")
    # Browsers send a text area's line breaks, and the hidden copy's, as \r\n.
    form = {
        "title": "Notes",
        "initial-title": "Notes",
        "description": "first line\r\nsecond line\r\nthird line",
        "initial-description": "first line\r\nsecond line",
        "initial-completed": "False",
    }
    assert owner_client.post(reverse("tasks:edit", args=[task.pk]), form).status_code == 302
    assert reload(owner, task).description == "first line\nsecond line\nthird line"


def test_a_toggle_of_a_task_trashed_meanwhile_is_a_404_and_changes_nothing(owner_client, owner):
    task = make_task(owner, title="Gone")
    owner_client.post(reverse("tasks:delete", args=[task.pk]))
    assert owner_client.post(reverse("tasks:toggle", args=[task.pk])).status_code == 404
    assert reload(owner, task).completed is False
