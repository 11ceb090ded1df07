"""task_counts, kept by a trigger, always equals a real count of each person's live tasks."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Now
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.actions.bulk import complete
from tasks.models import Project, Task, TaskCounts
from tests.factories import as_user, make_user
from todo_project import rls

pytestmark = pytest.mark.django_db


def counted(user) -> dict[str, int]:
    """The counts done the slow way, from the rows themselves."""
    with as_user(user):
        return (
            Task.objects.for_user(user)
            .alive()
            .aggregate(
                all=Count("pk"),
                active=Count("pk", filter=Q(completed=False)),
                completed=Count("pk", filter=Q(completed=True)),
            )
        )


def stored(user) -> dict[str, int]:
    with as_user(user):
        return TaskCounts.of(user)


# Every way the app, the admin and a raw statement change tasks, applied to a few rows.
OPERATIONS = {
    "toggle": lambda tasks: tasks.update(completed=~Q(completed=True)),
    "complete": lambda tasks: tasks.update(completed=True),
    "trash": lambda tasks: tasks.move_to_trash(),
    "restore": lambda tasks: tasks.restore(),
    "rename": lambda tasks: tasks.update(title="renamed"),
    "delete": lambda tasks: tasks.delete(),
    # Repeating tasks: completing an occurrence moves the date and keeps the task active, but
    # the last occurrence (COUNT=2) completes it.
    "repeat": lambda tasks: tasks.alive().update(due_date=date(2027, 1, 1), recurrence="FREQ=DAILY;COUNT=2"),
    "complete occurrences": lambda tasks: complete(tasks, date(2027, 1, 1)),
    # In and out of a project, whose counts are kept too.
    "move": lambda tasks: tasks.update(project=Project.objects.get()),
    "move back": lambda tasks: tasks.update(project=None),
    # Sub-tasks: a family moves with its top (the move above, by trigger), is trashed and
    # completed whole.
    "nest": lambda tasks: nest(tasks),
    "trash families": lambda tasks: tasks.with_families(
        tasks.values_list("user_id", flat=True).first()
    ).move_to_trash(),
}


def nest(tasks) -> None:
    """Put the tasks that have no sub-tasks under the first one, where the rules allow it."""
    ids = list(tasks.values_list("pk", flat=True))
    if len(ids) < 2:
        return
    parents = Task.objects.filter(parent__isnull=False).values("parent")
    try:
        with transaction.atomic():
            Task.objects.filter(pk__in=ids[1:]).exclude(pk__in=parents).update(parent=ids[0])
    except IntegrityError:
        pass  # too deep, or a cycle: refused by the database, and nothing changed


def project_counts(user) -> tuple[tuple[int, int], tuple[int, int]]:
    """A project's stored counts, and the same counted from the rows."""
    with as_user(user):
        project = Project.objects.get()
        live = Task.objects.for_user(user).alive().filter(project=project)
        return (project.active_count, project.completed_count), (
            live.filter(completed=False).count(),
            live.filter(completed=True).count(),
        )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.tuples(st.sampled_from(["add", *OPERATIONS]), st.integers(min_value=0, max_value=6)), max_size=12)
)
def test_the_stored_counts_follow_every_kind_of_write(owner, stranger, steps):
    # The examples share one database: the stranger gains a task each time.
    with as_user(stranger):
        Task.objects.create(user=stranger, title="Someone else's")
    with as_user(owner):
        Project.objects.get_or_create(user=owner, name="Home")
    strangers = counted(stranger)
    for name, n in steps:
        with as_user(owner):
            if name == "add":
                Task.objects.bulk_create(
                    Task(user=owner, title=f"t{i}", completed=i % 2 == 0, deleted_at=None if i % 3 else Now())
                    for i in range(n)
                )
            else:
                chosen = Task.objects.for_user(owner).order_by("?").values_list("pk", flat=True)[:n]
                OPERATIONS[name](Task.objects.filter(pk__in=list(chosen)))
        assert stored(owner) == counted(owner), (name, n)
        kept, real = project_counts(owner)
        assert kept == real, (name, n)
    assert stored(stranger) == counted(stranger) == strangers
    with as_user(owner):
        Task.objects.for_user(owner).delete()
    assert stored(owner) == {"all": 0, "active": 0, "completed": 0}


def test_raw_sql_is_counted_too(owner):
    with as_user(owner), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tasks (user_id, title, completed)"
            " SELECT %s, 'raw ' || g, g %% 4 = 0 FROM generate_series(1, 40) g",
            [owner.pk],
        )
        cursor.execute("UPDATE tasks SET deleted_at = now() WHERE title IN ('raw 1', 'raw 4')")
    assert stored(owner) == counted(owner) == {"all": 38, "active": 29, "completed": 9}


def test_a_person_sees_only_their_own_counts_row(owner, stranger):
    for user in (owner, stranger):
        with as_user(user):
            Task.objects.create(user=user, title="One")
    with as_user(owner):
        assert list(TaskCounts.objects.values_list("user_id", flat=True)) == [owner.pk]
        assert TaskCounts.objects.filter(user=stranger).update(active=99) == 0
    with rls.user_context(None):
        assert not TaskCounts.objects.exists()
    assert stored(stranger)["active"] == 1


def test_deleting_an_account_removes_its_counts_and_leaves_others(owner, stranger):
    for user in (owner, stranger):
        with as_user(user):
            Task.objects.create(user=user, title="One", completed=True)
    with as_user(owner):
        owner.delete()
    assert stored(stranger) == {"all": 1, "active": 0, "completed": 1}
    with as_user(owner):
        assert not TaskCounts.objects.filter(user_id=owner.pk).exists()


def test_someone_without_tasks_has_zero_counts(db):
    assert stored(make_user("new@example.com")) == {"all": 0, "active": 0, "completed": 0}


@pytest.mark.django_db(transaction=True, databases=["default", "staff"])
def test_staff_writes_across_people_are_counted_for_each(owner, stranger):
    for user in (owner, stranger):
        with as_user(user):
            Task.objects.bulk_create(Task(user=user, title=f"t{i}") for i in range(3))
    Task.objects.using("staff").filter(title="t0").update(completed=True)
    # A task handed from one person to the other moves its count with it.
    Task.objects.using("staff").filter(user=owner, title="t1").update(user=stranger)
    assert stored(owner) == counted(owner) == {"all": 2, "active": 1, "completed": 1}
    assert stored(stranger) == counted(stranger) == {"all": 4, "active": 3, "completed": 1}


@pytest.mark.django_db(transaction=True)
def test_the_migrations_backfill_counts_every_person_under_their_own_context(owner, stranger, owner_connection):
    """The backfill in 0007, run as the owner (who sees no tasks without a context)."""
    backfill = importlib.import_module("tasks.migrations.0007_task_counts").BACKFILL
    for user, completed in ((owner, [True, False, False]), (stranger, [True])):
        with as_user(user):
            Task.objects.bulk_create(Task(user=user, title="t", completed=done) for done in completed)
            Task.objects.create(user=user, title="trashed", deleted_at=Now())
    owner_connection.execute("TRUNCATE task_counts")  # TRUNCATE skips the triggers and RLS
    assert stored(owner) == {"all": 0, "active": 0, "completed": 0}
    owner_connection.execute(backfill)
    assert stored(owner) == counted(owner) == {"all": 3, "active": 2, "completed": 1}
    assert stored(stranger) == counted(stranger) == {"all": 1, "active": 0, "completed": 1}
