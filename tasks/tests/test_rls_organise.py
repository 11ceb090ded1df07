"""Projects, labels and labels on tasks are kept apart in the database itself, as the app role:
another person's project or label cannot be seen, changed, used on one's own task, or given a
task of one's own, whatever the SQL (the composite foreign keys of migration 0011)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import as_user, make_label, make_project, make_task, rowcount, sql


@pytest.fixture
def theirs(stranger):
    project, label = make_project(stranger, "Their project"), make_label(stranger, "theirs")
    task = make_task(stranger, title="Their task", project=project)
    with as_user(stranger):
        sql(
            "INSERT INTO task_labels (task_id, label_id, user_id) VALUES (%s, %s, %s)", [task.pk, label.pk, stranger.pk]
        )
    return project, label, task


@pytest.mark.django_db
def test_another_persons_projects_labels_and_task_labels_cannot_be_read(owner, theirs):
    with as_user(owner):
        assert sql("SELECT name FROM projects") == []
        assert sql("SELECT name FROM labels") == []
        assert sql("SELECT task_id FROM task_labels") == []
    assert sql("SELECT count(*) FROM projects") == [(0,)]  # no context: nothing at all


@pytest.mark.django_db
def test_another_persons_projects_and_labels_cannot_be_changed_or_deleted(owner, stranger, theirs):
    project, label, _ = theirs
    with as_user(owner):
        assert rowcount("UPDATE projects SET name = 'hijacked' WHERE id = %s", [project.pk]) == 0
        assert rowcount("DELETE FROM projects WHERE id = %s", [project.pk]) == 0
        assert rowcount("UPDATE labels SET name = 'hijacked' WHERE id = %s", [label.pk]) == 0
        assert rowcount("DELETE FROM labels WHERE id = %s", [label.pk]) == 0
        assert rowcount("DELETE FROM task_labels WHERE label_id = %s", [label.pk]) == 0
    with as_user(stranger):
        assert sql("SELECT name FROM projects") == [("Their project",)]
        assert sql("SELECT name FROM labels") == [("theirs",)]
        assert sql("SELECT count(*) FROM task_labels") == [(1,)]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["projects", "labels"])
def test_a_project_or_label_cannot_be_made_for_someone_else(owner, stranger, table):
    with pytest.raises(ProgrammingError, match="row-level security"), as_user(owner):
        sql(f"INSERT INTO {table} (id, user_id, name) VALUES (gen_random_uuid(), %s, 'planted')", [stranger.pk])


@pytest.mark.django_db
def test_my_task_cannot_be_put_in_another_persons_project(owner, theirs):
    project, _, _ = theirs
    mine = make_task(owner, title="Mine")
    with as_user(owner):
        with pytest.raises(IntegrityError, match="tasks_project_id_fkey"), transaction.atomic():
            sql("UPDATE tasks SET project_id = %s WHERE id = %s", [project.pk, mine.pk])
        with pytest.raises(IntegrityError, match="tasks_project_id_fkey"), transaction.atomic():
            sql("INSERT INTO tasks (user_id, title, project_id) VALUES (%s, 'x', %s)", [owner.pk, project.pk])


@pytest.mark.django_db
def test_another_persons_label_cannot_go_on_my_task_nor_my_label_on_theirs(owner, theirs):
    _, their_label, their_task = theirs
    mine, my_label = make_task(owner, title="Mine"), make_label(owner, "mine")
    with as_user(owner):
        with pytest.raises(IntegrityError, match="task_labels_label_id_fkey"), transaction.atomic():
            sql("INSERT INTO task_labels VALUES (%s, %s, %s)", [mine.pk, their_label.pk, owner.pk])
        # Written as theirs, the row is refused by RLS; written as mine, by the task's key.
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO task_labels VALUES (%s, %s, %s)", [their_task.pk, my_label.pk, their_task.user_id])
        with pytest.raises(IntegrityError, match="task_labels_task_id_fkey"), transaction.atomic():
            sql("INSERT INTO task_labels VALUES (%s, %s, %s)", [their_task.pk, my_label.pk, owner.pk])


@pytest.mark.django_db
def test_deleting_a_project_clears_only_the_project_of_its_tasks(owner):
    project = make_project(owner)
    task = make_task(owner, title="Kept", project=project, priority=1)
    with as_user(owner):
        sql("DELETE FROM projects WHERE id = %s", [project.pk])
        assert sql("SELECT title, project_id, user_id, priority FROM tasks WHERE id = %s", [task.pk]) == [
            ("Kept", None, owner.pk, 1)
        ]


@pytest.mark.django_db
def test_deleting_a_label_or_a_task_removes_its_task_labels(owner):
    label, other = make_label(owner, "a"), make_label(owner, "b")
    first, second = make_task(owner, title="1"), make_task(owner, title="2")
    with as_user(owner):
        for task, tag in ((first, label), (first, other), (second, other)):
            sql("INSERT INTO task_labels VALUES (%s, %s, %s)", [task.pk, tag.pk, owner.pk])
        sql("DELETE FROM labels WHERE id = %s", [label.pk])
        sql("DELETE FROM tasks WHERE id = %s", [second.pk])
        assert sql("SELECT task_id, label_id FROM task_labels") == [(first.pk, other.pk)]


@pytest.mark.django_db(transaction=True)
def test_deleting_a_person_removes_their_projects_labels_and_task_labels(owner, stranger, theirs, owner_connection):
    make_project(owner)
    owner_connection.execute("DELETE FROM account_emailaddress WHERE user_id = %s", [stranger.pk])
    owner_connection.execute("DELETE FROM users WHERE id = %s", [stranger.pk])
    with as_user(stranger):
        for table in ("projects", "labels", "task_labels", "tasks"):
            assert sql(f"SELECT count(*) FROM {table}") == [(0,)], table
    with as_user(owner):
        assert sql("SELECT count(*) FROM projects") == [(1,)]


@pytest.mark.django_db
def test_the_new_checks_hold_in_the_database(owner):
    with as_user(owner):
        for statement, constraint in [
            ("INSERT INTO tasks (user_id, title, priority) VALUES (%s, 'x', 0)", "tasks_priority_range"),
            ("INSERT INTO tasks (user_id, title, priority) VALUES (%s, 'x', 5)", "tasks_priority_range"),
            ("INSERT INTO tasks (user_id, title, due_time) VALUES (%s, 'x', '09:00')", "tasks_due_time_needs_date"),
            (
                "INSERT INTO tasks (user_id, title, recurrence) VALUES (%s, 'x', 'FREQ=DAILY')",
                "tasks_recurrence_needs_due",
            ),
            ("INSERT INTO projects (user_id, name) VALUES (%s, '   ')", "projects_name_not_empty"),
            ("INSERT INTO projects (user_id, name, color) VALUES (%s, 'x', '#\"><img')", "projects_color_format"),
            ("INSERT INTO labels (user_id, name, color) VALUES (%s, 'x', 'red')", "labels_color_format"),
        ]:
            with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
                sql(statement, [owner.pk])
        sql("INSERT INTO projects (user_id, name) VALUES (%s, 'Home')", [owner.pk])
        with pytest.raises(IntegrityError, match="idx_projects_user_name"), transaction.atomic():
            sql("INSERT INTO projects (user_id, name) VALUES (%s, 'HOME')", [owner.pk])
        sql("INSERT INTO labels (user_id, name) VALUES (%s, 'errands')", [owner.pk])
        with pytest.raises(IntegrityError, match="idx_labels_user_name"), transaction.atomic():
            sql("INSERT INTO labels (user_id, name) VALUES (%s, 'Errands')", [owner.pk])


@pytest.mark.django_db
def test_completed_at_follows_completed_in_every_write(owner):
    task = make_task(owner, title="x")
    with as_user(owner):
        assert sql("SELECT completed_at FROM tasks WHERE id = %s", [task.pk]) == [(None,)]
        sql("UPDATE tasks SET completed = true WHERE id = %s", [task.pk])
        (done_at,) = sql("SELECT completed_at FROM tasks WHERE id = %s", [task.pk])[0]
        assert done_at is not None
        sql("UPDATE tasks SET title = 'y' WHERE id = %s", [task.pk])
        assert sql("SELECT completed_at FROM tasks WHERE id = %s", [task.pk]) == [(done_at,)]
        sql("UPDATE tasks SET completed = false WHERE id = %s", [task.pk])
        assert sql("SELECT completed_at FROM tasks WHERE id = %s", [task.pk]) == [(None,)]
        sql("INSERT INTO tasks (user_id, title, completed) VALUES (%s, 'done', true)", [owner.pk])
        assert sql("SELECT completed_at IS NOT NULL FROM tasks WHERE title = 'done'") == [(True,)]
