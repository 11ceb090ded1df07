"""Sub-tasks and sections are kept apart and kept sane in the database itself, as the app role
(migration 0015): another person's section cannot be seen, changed or used; a task cannot be
put under another person's task, in a section of another project, five levels deep, or under
its own sub-task, whatever the SQL; a sub-task lives in its parent's project and section."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import as_user, make_project, make_task, rowcount, sql


def make_section(user, project, name="Section") -> str:
    with as_user(user):
        return sql(
            "INSERT INTO sections (user_id, project_id, name) VALUES (%s, %s, %s) RETURNING id",
            [user.pk, project.pk, name],
        )[0][0]


def chain(user, length: int, project=None) -> list:
    """A top task and `length` sub-tasks below it, one under the other; their ids, top first."""
    ids = [make_task(user, title="Top", project=project).pk]
    with as_user(user):
        for level in range(length):
            ids += [
                sql(
                    "INSERT INTO tasks (user_id, title, parent_id) VALUES (%s, %s, %s) RETURNING id",
                    [user.pk, f"Level {level + 1}", ids[-1]],
                )[0][0]
            ]
    return ids


@pytest.fixture
def theirs(stranger):
    project = make_project(stranger, "Their project")
    return project, make_section(stranger, project, "Their section"), make_task(stranger, title="Theirs")


@pytest.mark.django_db
def test_another_persons_sections_cannot_be_read_changed_deleted_or_made(owner, stranger, theirs):
    project, section, _ = theirs
    with as_user(owner):
        assert sql("SELECT name FROM sections") == []
        assert rowcount("UPDATE sections SET name = 'hijacked' WHERE id = %s", [section]) == 0
        assert rowcount("DELETE FROM sections WHERE id = %s", [section]) == 0
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO sections (user_id, project_id, name) VALUES (%s, %s, 'x')", [stranger.pk, project.pk])
        # Mine, in their project: the composite key refuses it.
        with pytest.raises(IntegrityError, match="sections_project_id_fkey"), transaction.atomic():
            sql("INSERT INTO sections (user_id, project_id, name) VALUES (%s, %s, 'x')", [owner.pk, project.pk])
    assert sql("SELECT count(*) FROM sections") == [(0,)]  # no context: nothing at all
    with as_user(stranger):
        assert sql("SELECT name FROM sections") == [("Their section",)]


@pytest.mark.django_db
def test_my_task_cannot_go_under_their_task_nor_into_their_section(owner, theirs):
    project, section, their_task = theirs
    mine = make_task(owner, title="Mine")
    with as_user(owner):
        with pytest.raises(IntegrityError, match="tasks_parent_id_fkey"), transaction.atomic():
            sql("UPDATE tasks SET parent_id = %s WHERE id = %s", [their_task.pk, mine.pk])
        with pytest.raises(IntegrityError, match="tasks_parent_id_fkey"), transaction.atomic():
            sql("INSERT INTO tasks (user_id, title, parent_id) VALUES (%s, 'x', %s)", [owner.pk, their_task.pk])
        with pytest.raises(IntegrityError, match="tasks_(section|project)_id_fkey"), transaction.atomic():
            sql("UPDATE tasks SET section_id = %s, project_id = %s WHERE id = %s", [section, project.pk, mine.pk])
        mine_in_project = make_task(owner, title="In mine", project=make_project(owner, "Mine"))
        with pytest.raises(IntegrityError, match="tasks_section_id_fkey"), transaction.atomic():
            sql("UPDATE tasks SET section_id = %s WHERE id = %s", [section, mine_in_project.pk])


@pytest.mark.django_db
def test_a_task_cannot_be_in_a_section_of_another_project(owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    section = make_section(owner, work, "Later")
    task = make_task(owner, title="Mine", project=home)
    with as_user(owner), pytest.raises(IntegrityError, match="tasks_section_id_fkey"), transaction.atomic():
        sql("UPDATE tasks SET section_id = %s WHERE id = %s", [section, task.pk])


@pytest.mark.django_db
def test_four_levels_below_a_top_task_and_no_fifth(owner):
    ids = chain(owner, 4)
    with as_user(owner):
        with pytest.raises(IntegrityError, match="at most 4 levels"), transaction.atomic():
            sql("INSERT INTO tasks (user_id, title, parent_id) VALUES (%s, 'Fifth', %s)", [owner.pk, ids[-1]])
        # A move counts the moving task's own sub-tree: a two-level family under level 3.
        family = chain(owner, 1)
        with pytest.raises(IntegrityError, match="at most 4 levels"), transaction.atomic():
            sql("UPDATE tasks SET parent_id = %s WHERE id = %s", [ids[3], family[0]])
        sql("UPDATE tasks SET parent_id = %s WHERE id = %s", [ids[2], family[0]])  # levels 3 and 4: fine


@pytest.mark.django_db
def test_a_task_cannot_go_under_itself_or_its_own_sub_task(owner):
    ids = chain(owner, 2)
    with as_user(owner):
        for below in (ids[0], ids[2]):
            with pytest.raises(IntegrityError, match="sub-task of itself"), transaction.atomic():
                sql("UPDATE tasks SET parent_id = %s WHERE id = %s", [below, ids[0]])


@pytest.mark.django_db
def test_a_family_lives_and_moves_in_its_top_tasks_project_and_section(owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    section = make_section(owner, work, "Soon")
    ids = chain(owner, 3, project=home)
    with as_user(owner):
        assert {row[0] for row in sql("SELECT project_id FROM tasks")} == {home.pk}
        # Trying to move a sub-task alone elsewhere keeps it with its parent.
        sql("UPDATE tasks SET project_id = %s WHERE id = %s", [work.pk, ids[2]])
        assert sql("SELECT project_id FROM tasks WHERE id = %s", [ids[2]]) == [(home.pk,)]
        # Moving the top moves the family, in the same statement.
        sql("UPDATE tasks SET project_id = %s, section_id = %s WHERE id = %s", [work.pk, section, ids[0]])
        assert set(sql("SELECT project_id, section_id FROM tasks")) == {(work.pk, section)}
        # Deleting the section leaves the whole family in the project, in no section.
        sql("DELETE FROM sections WHERE id = %s", [section])
        assert set(sql("SELECT project_id, section_id FROM tasks")) == {(work.pk, None)}
        # Deleting the top for good deletes its family (the cascade).
        sql("DELETE FROM tasks WHERE id = %s", [ids[0]])
        assert sql("SELECT count(*) FROM tasks") == [(0,)]


@pytest.mark.django_db
def test_deleting_a_project_deletes_its_sections(owner):
    project = make_project(owner)
    make_section(owner, project)
    with as_user(owner):
        sql("DELETE FROM projects WHERE id = %s", [project.pk])
        assert sql("SELECT count(*) FROM sections") == [(0,)]


@pytest.mark.django_db(transaction=True)
def test_deleting_a_person_removes_their_sections(owner, stranger, theirs, owner_connection):
    owner_connection.execute("DELETE FROM account_emailaddress WHERE user_id = %s", [stranger.pk])
    owner_connection.execute("DELETE FROM users WHERE id = %s", [stranger.pk])
    with as_user(stranger):
        assert sql("SELECT count(*) FROM sections") == [(0,)]
