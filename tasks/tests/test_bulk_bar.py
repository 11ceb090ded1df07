"""The bulk bar says which value goes with which action, for a person without JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_task

pytestmark = pytest.mark.django_db


def test_each_value_picker_is_named_by_its_action_in_words_on_the_page(owner_client, owner):
    make_task(owner, title="Water the plants")
    owner_client.post("/labels/", {"name": "garden"})
    page = owner_client.get("/?select=1").content.decode()
    pickers = re.findall(r'<label class="bulk-value" data-bulk-for="[^"]*">(.*?)</label>', page, re.DOTALL)
    named = {
        re.search(r'<span class="bulk-value-name" data-no-js-only>([^<]*)</span>', picker).group(1): re.search(
            r'name="(\w+)"', picker
        ).group(1)
        for picker in pickers
    }
    assert named == {
        "Move to project": "project",
        "Set priority": "priority",
        "Add or remove label": "label",
        "Set due date (empty to clear)": "due_date",
    }
