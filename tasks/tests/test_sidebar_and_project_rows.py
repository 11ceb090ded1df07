"""Adding a project or a label is one click away from every list, and a project's page does
not repeat its name on every row."""

from __future__ import annotations

import json
import re

import pytest

from tests.factories import make_label, make_project, make_task

pytestmark = pytest.mark.django_db


def sidebar(html: str) -> str:
    return html[
        html.index('<details class="sidebar"') : html.index("</details>", html.index('<details class="sidebar"'))
    ]


def test_add_project_and_add_label_are_always_in_the_sidebar(owner_client, owner):
    for first in (True, False):  # with none yet, then with one of each
        for path in ("/", "/today/", "/upcoming/", "/inbox/", "/projects/"):
            lists = sidebar(owner_client.get(path).content.decode())
            assert (
                '<a href="/projects/#new" class="sidebar-add"><span aria-hidden="true">+</span> Add project</a>'
                in lists
            )
            assert '<a href="/labels/#new" class="sidebar-add"><span aria-hidden="true">+</span> Add label</a>' in lists
        if first:
            make_project(owner, "Home")
            make_label(owner, "errands")


@pytest.mark.parametrize(("path", "button"), [("/projects/", "Add project"), ("/labels/", "Add label")])
def test_the_add_links_lead_to_the_form_on_its_page(owner_client, path, button):
    page = owner_client.get(path).content.decode()
    # An action of its own: no "#new" carried along to the page the form's answer leads to.
    form = re.search(
        rf'<form method="post" action="{path}" class="inline-fields new-item" id="new" novalidate>(.*?)</form>',
        page,
        re.S,
    )
    assert form and f">{button}</button>" in form.group(1)


def test_a_projects_page_leaves_its_name_off_the_rows_and_other_lists_keep_it(owner_client, owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    make_task(owner, title="Water the plants", project=home)
    make_task(owner, title="Send the report", project=work)
    tag = 'class="meta-project" href="/projects/{}/">{}</a>'
    everything = owner_client.get("/").content.decode()
    assert tag.format(home.pk, "Home") in everything and tag.format(work.pk, "Work") in everything
    home_page = owner_client.get(f"/projects/{home.pk}/?status=all").content.decode()
    rows = home_page[home_page.index('<ul class="task-list') :]
    assert "meta-project" not in rows
    assert "Water the plants" in rows


def test_a_row_sent_back_to_a_projects_page_leaves_its_name_off_too(owner_client, owner):
    home = make_project(owner, "Home")
    task = make_task(owner, title="Water the plants", project=home)
    for page, shown in ((f"/projects/{home.pk}/", False), ("/", True)):
        response = owner_client.post(f"/tasks/{task.pk}/toggle/", {"next": page}, HTTP_ACCEPT="application/json")
        assert ("meta-project" in json.loads(response.content)["row"]) is shown
