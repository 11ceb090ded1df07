"""Names of projects and labels refuse control and invisible formatting characters: a
right-to-left override shows a name backwards and reorders what follows it, a zero-width
space makes two names look alike. The forms say so; the database refuses them too."""

from __future__ import annotations

import importlib
import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from psycopg import sql

from tasks.models import Label, Project
from tasks.validators import JOINERS, REFUSED, clean_name
from tests.factories import as_user, make_label, make_project, make_user

HIDDEN = {
    "right-to-left override": "Ho\u202eme",
    "left-to-right isolate": "Ho\u2066me\u2069",
    "zero-width space": "Ho\u200bme",
    "right-to-left mark": "Home\u200f",
    "bell": "Ho\x07me",
    "newline": "Ho\nme",
    "byte order mark": "\ufeffHome",
    "line separator": "Ho\u2028me",
    "a joiner between ASCII letters": "Ho\u200dme",
}
SHOWN = {
    "plain": "Home",
    "accents": "Café à côté",
    "an emoji sequence joined by U+200D": "\U0001f469\u200d\U0001f4bb Code",
    "a flag": "\U0001f3f3\ufe0f\u200d\U0001f308 Pride",
    "a Persian half-space (U+200C)": "\u0645\u06cc\u200c\u0631\u0648\u0645",
    "right-to-left text": "\u05e2\u05d1\u05e8\u05d9\u05ea",
}


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN)
def test_a_name_with_a_control_or_formatting_character_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        clean_name(name, "project")
    assert "A project name cannot hold control or invisible formatting characters" in refused.value.messages[0]


def test_the_refusal_names_the_character():
    with pytest.raises(ValidationError, match=r"remove U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"):
        clean_name("Ho\u202eme", "label")


@pytest.mark.parametrize("name", SHOWN.values(), ids=SHOWN)
def test_names_in_any_script_and_with_emoji_are_kept(name):
    assert clean_name(f"  {name} ", "label") == name


def test_a_name_that_shows_nothing_is_refused_as_before():
    with pytest.raises(ValidationError, match="Enter a label name you can see."):
        clean_name("\u200b ", "label")


def test_every_control_and_format_character_this_python_knows_is_refused_or_a_joiner():
    # The database's constraints hold REFUSED as of Unicode 15.1; a newer Python knowing more
    # such characters fails here, so that migration 0014's list is brought up to date.
    kinds = {"Cc", "Cf", "Zl", "Zp"}
    unknown = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in kinds and chr(code) not in REFUSED | JOINERS
    ]
    assert unknown == []


# Through the pages


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "model"), [("/projects/", Project), ("/labels/", Label)])
def test_the_pages_refuse_a_name_with_a_right_to_left_override(owner_client, owner, url, model):
    response = owner_client.post(url, {"name": "gpj.\u202eexe"})
    assert response.status_code == 400
    assert "cannot hold control or invisible formatting characters" in " ".join(response.context["form"].errors["name"])
    with as_user(owner):
        assert not model.objects.exists()


@pytest.mark.django_db
def test_a_rename_to_a_name_with_a_zero_width_space_keeps_the_old_name(owner_client, owner):
    project = make_project(owner, "Home")
    owner_client.post(f"/projects/{project.pk}/edit/", {"name": "Ho\u200bme", "color": ""})
    with as_user(owner):
        assert Project.objects.get().name == "Home"


@pytest.mark.django_db
@pytest.mark.parametrize("name", SHOWN.values(), ids=SHOWN)
def test_the_pages_make_a_label_in_any_script(owner_client, owner, name):
    assert owner_client.post("/labels/", {"name": name}).status_code == 302
    with as_user(owner):
        assert Label.objects.get().name == name


# In the database


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Project, Label])
# The joiners are the validator's to judge, by their neighbours: not the database's.
@pytest.mark.parametrize(
    "name", [n for n in HIDDEN.values() if "\u200d" not in n], ids=[k for k, n in HIDDEN.items() if "\u200d" not in n]
)
def test_the_database_refuses_a_name_with_a_control_or_formatting_character(owner, model, name):
    with as_user(owner), pytest.raises(IntegrityError, match="name_refuses_controls"), transaction.atomic():
        model.objects.create(user=owner, name=name)


@pytest.mark.django_db
def test_the_database_refuses_a_label_made_from_an_at_name_with_an_override(owner):
    # What quick add's @name makes, written straight to the table: refused whatever the door.
    with as_user(owner), pytest.raises(IntegrityError, match="labels_name_refuses_controls"), transaction.atomic():
        Label.objects.bulk_create([Label(user=owner, name="bills\u202e")], ignore_conflicts=True)


@pytest.mark.django_db
def test_quick_add_makes_no_label_from_an_at_name_with_an_override(owner_client, owner):
    response = owner_client.post(
        reverse("tasks:create"), {"title": "Pay rent @bills\u202e", "quick_add": "1"}, follow=True
    )
    assert any("@bills\u202e was not made" in str(message) for message in response.context["messages"])
    with as_user(owner):
        assert not Label.objects.exists()


# Names stored before migration 0014


@pytest.mark.django_db(transaction=True)
def test_migration_0014_cleans_the_names_already_stored_then_refuses_them(owner_connection):
    migration = importlib.import_module("tasks.migrations.0014_names_refuse_controls")
    person, other = make_user("person@example.com"), make_user("other@example.com")
    make_project(person, "work")
    make_label(other, "errands")
    joined = "\U0001f469\u200d\U0001f4bb"
    stored = {
        ("projects", person, "Ho\u202eme"): "Home",
        ("projects", person, "\u200b"): "Project",
        ("projects", person, "Work\u200b"): "Work (2)",
        ("projects", person, joined): joined,
        ("labels", person, "er\x07rands"): "errands",
        ("labels", other, "Errands\u2066"): "Errands (2)",
    }

    class Undo(Exception):
        pass

    with pytest.raises(Undo), owner_connection.transaction():
        # The database as it was before 0014, holding such names.
        for table in ("projects", "labels"):
            owner_connection.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_name_refuses_controls")
        for (table, user, name), _ in stored.items():
            owner_connection.execute("SELECT set_config('app.current_user_id', %s, true)", [str(user.pk)])
            owner_connection.execute(f"INSERT INTO {table} (user_id, name) VALUES (%s, %s)", [user.pk, name])
        owner_connection.execute("SELECT set_config('app.current_user_id', '', true)")
        owner_connection.execute(migration.CLEAN)
        for table in ("projects", "labels"):
            owner_connection.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} CHECK (NOT (name ~ {}))").format(
                    sql.Identifier(table), sql.Identifier(f"{table}_name_refuses_controls"), migration.PATTERN
                )
            )
        for (table, user, _), expected in stored.items():
            owner_connection.execute("SELECT set_config('app.current_user_id', %s, true)", [str(user.pk)])
            names = {name for (name,) in owner_connection.execute(f"SELECT name FROM {table}")}
            assert expected in names, (table, names)
        forced = owner_connection.execute(
            "SELECT bool_and(relforcerowsecurity) FROM pg_class WHERE relname IN ('projects', 'labels')"
        ).fetchone()[0]
        assert forced
        raise Undo
