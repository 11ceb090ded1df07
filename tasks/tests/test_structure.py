"""Sub-tasks, sections and the person's own order, through the actions (tasks.actions.structure
and the family rules of the task actions), as Todoist behaves where in doubt."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest
from django.db import connection

from tasks.actions import undo
from tasks.actions.bulk import apply_bulk
from tasks.actions.structure import create_section, delete_section, move_task
from tasks.actions.tasks import create_task, restore_task, toggle_task, trash_task, update_task
from tasks.models import MAX_DEPTH, Section, Task
from tests.factories import as_user, make_project, make_task

pytestmark = pytest.mark.django_db


def add(user, title, **values):
    with as_user(user):
        result = create_task(user, {"title": title, **values})
        assert result.changed, result.message
        return result.task


def family(user, project=None, depth=2, children=3):
    """A top task with `children` sub-tasks, the first of which has sub-tasks down to `depth`."""
    top = add(user, "Plan the trip", project=project)
    kids = [add(user, f"Step {n}", parent=top.pk) for n in range(1, children + 1)]
    below, parent = [], kids[0]
    for level in range(2, depth + 1):
        parent = add(user, f"Detail {level}", parent=parent.pk)
        below.append(parent)
    return top, kids, below


def state(user, *tasks):
    with as_user(user):
        return {
            t.title: (t.completed, t.deleted_at is not None)
            for t in Task.objects.for_user(user).filter(pk__in=[x.pk for x in tasks])
        }


def order(user, **place) -> list[str]:
    with as_user(user):
        return list(
            Task.objects.for_user(user)
            .alive()
            .filter(**place)
            .order_by("position", "id")
            .values_list("title", flat=True)
        )


def test_a_sub_task_takes_its_parents_project_and_section(owner):
    project = make_project(owner, "Trip")
    with as_user(owner):
        section = create_section(owner, project.pk, "Booking").item
    top = add(owner, "Flights", section=section.pk, project=project.pk)
    child = add(owner, "Compare fares", parent=top.pk, project=None)
    assert (child.project_id, child.section_id, child.parent_id) == (project.pk, section.pk, top.pk)


def test_completing_a_parent_completes_its_open_sub_tasks_and_undo_reopens_them(owner):
    top, kids, below = family(owner)
    with as_user(owner):
        toggle_task(owner, kids[1].pk)  # already done before: stays done after the Undo
        result = toggle_task(owner, top.pk)
    assert "with 3 sub-tasks" in result.message  # the open ones
    assert all(done for done, _ in state(owner, top, *kids, *below).values())
    with as_user(owner):
        undo.undo(owner, result.undo)
    states = state(owner, top, *kids, *below)
    assert states.pop("Step 2") == (True, False)
    assert not any(done for done, _ in states.values())


def test_reopening_a_parent_leaves_its_sub_tasks_as_they_are(owner):
    top, kids, _ = family(owner, depth=1)
    with as_user(owner):
        toggle_task(owner, top.pk)
        toggle_task(owner, top.pk)
    assert state(owner, top, *kids) == {"Plan the trip": (False, False)} | {k.title: (True, False) for k in kids}


def test_a_repeating_parents_sub_tasks_reopen_for_its_next_date(owner):
    today = owner.today()
    top = add(owner, "Weekly review", due_date=today, recurrence="FREQ=WEEKLY")
    steps = [add(owner, f"Step {n}", parent=top.pk) for n in (1, 2)]
    with as_user(owner):
        toggle_task(owner, steps[0].pk)
        result = toggle_task(owner, top.pk, occurrence=today)
    assert result.next_date == today + timedelta(days=7)
    assert state(owner, *steps) == {"Step 1": (False, False), "Step 2": (False, False)}


def test_bulk_complete_takes_the_families_along(owner):
    top, kids, below = family(owner)
    with as_user(owner):
        result = apply_bulk(owner, [top.pk], "complete", today=owner.today())
    assert result.count == 1 + len(kids) + len(below)
    assert all(done for done, _ in state(owner, top, *kids, *below).values())


def test_trashing_a_parent_trashes_the_family_with_one_stamp_and_undo_brings_back_those(owner):
    top, kids, below = family(owner)
    with as_user(owner):
        trash_task(owner, kids[2].pk)  # trashed before, on its own: stays in the trash
        result = trash_task(owner, top.pk)
        stamps = set(Task.objects.for_user(owner).exclude(pk=kids[2].pk).values_list("deleted_at", flat=True))
    assert len(stamps) == 1 and None not in stamps
    with as_user(owner):
        undo.undo(owner, result.undo)
    states = state(owner, top, *kids, *below)
    assert states.pop("Step 3") == (False, True)
    assert not any(trashed for _, trashed in states.values())


def test_restoring_a_sub_task_brings_back_its_parent(owner):
    top, kids, below = family(owner, depth=3)
    with as_user(owner):
        trash_task(owner, top.pk)
        restore_task(owner, below[-1].pk)  # the deepest
    states = state(owner, top, *kids, *below)
    # The line above it is back; its aunts stay in the trash.
    assert sorted(title for title, (_, trashed) in states.items() if trashed) == ["Step 2", "Step 3"]


def test_restoring_a_parent_brings_back_the_sub_tasks_trashed_with_it(owner):
    top, kids, below = family(owner)
    with as_user(owner):
        trash_task(owner, top.pk)
        restore_task(owner, top.pk)
    assert not any(trashed for _, trashed in state(owner, top, *kids, *below).values())


@pytest.mark.parametrize("where", ["parent", "after"])
def test_a_fifth_level_is_refused_with_a_message(owner, where):
    top, kids, below = family(owner, depth=MAX_DEPTH)
    other = add(owner, "Lone")
    with as_user(owner):
        if where == "parent":
            result = create_task(owner, {"title": "Too deep", "parent": below[-1].pk})
        else:
            sub = add(owner, "Has a child", parent=other.pk)
            result = move_task(owner, other.pk, after=below[-1].pk)  # two levels under level 4's parent
            assert sub
    assert not result.changed and "at most 4 levels" in result.message
    with as_user(owner):
        assert not Task.objects.filter(title="Too deep").exists()


def test_a_task_cannot_go_under_its_own_sub_task(owner):
    top, kids, below = family(owner)
    with as_user(owner):
        result = move_task(owner, top.pk, parent=below[-1].pk)
        edit = update_task(owner, top.pk, {"parent": kids[0].pk})
    assert not result.changed and "its own sub-tasks" in result.message
    assert not edit.changed and edit.errors == {"parent": [edit.message]}


def test_another_persons_parent_or_section_is_refused(owner, stranger):
    theirs = make_task(stranger, title="Theirs", project=make_project(stranger, "Theirs"))
    with as_user(stranger):
        their_section = create_section(stranger, theirs.project_id, "Their section").item
    mine = add(owner, "Mine")
    with as_user(owner):
        for result in (
            create_task(owner, {"title": "Under theirs", "parent": theirs.pk}),
            move_task(owner, mine.pk, parent=theirs.pk),
            move_task(owner, mine.pk, section=their_section.pk),
            move_task(owner, mine.pk, before=theirs.pk),
        ):
            assert not result.changed, result.message
    assert add(owner, "Mine, still top").parent_id is None


def test_a_section_of_another_project_is_refused(owner):
    home, work = make_project(owner, "Home"), make_project(owner, "Work")
    with as_user(owner):
        section = create_section(owner, work.pk, "Later").item
        result = create_task(owner, {"title": "x", "project": home.pk, "section": section.pk})
    assert not result.changed and result.errors == {"section": ["That section is in another project."]}


def test_moving_next_to_a_task_not_in_the_place_asked_for_is_refused(owner):
    top, kids, _ = family(owner, depth=1)
    lone = add(owner, "Lone")
    with as_user(owner):
        result = move_task(owner, lone.pk, before=top.pk, parent=kids[0].pk)
    assert not result.changed and "not in the place asked for" in result.message


def test_moves_put_a_task_between_its_neighbours_without_renumbering(owner):
    project = make_project(owner, "Errands")
    a, b, c, d = (add(owner, title, project=project.pk) for title in "abcd")
    with as_user(owner):
        before = dict(Task.objects.for_user(owner).values_list("title", "position"))
        move_task(owner, d.pk, before=b.pk)
        move_task(owner, a.pk, after=c.pk)
        after = dict(Task.objects.for_user(owner).values_list("title", "position"))
    assert order(owner, project=project) == ["d", "b", "c", "a"]
    assert [title for title in "bc" if before[title] != after[title]] == []  # only the moved ones changed


def test_a_move_under_a_parent_and_into_a_section_takes_the_family(owner):
    project = make_project(owner, "Trip")
    with as_user(owner):
        section = create_section(owner, project.pk, "Packing").item
    top, kids, below = family(owner, project=project.pk)
    other = add(owner, "Other", project=project.pk)
    with as_user(owner):
        assert move_task(owner, top.pk, section=section.pk).changed
        assert move_task(owner, kids[0].pk, parent=other.pk).changed  # its own sub-task goes with it
        moved = Task.objects.for_user(owner).get(pk=below[0].pk)
        assert (moved.section_id, Task.objects.get(pk=kids[0].pk).parent_id) == (None, other.pk)
        assert set(Task.objects.filter(pk__in=[top.pk, kids[1].pk]).values_list("section_id", flat=True)) == {
            section.pk
        }


def test_deleting_a_section_leaves_its_tasks_in_the_project_and_undo_puts_them_back(owner):
    project = make_project(owner, "Trip")
    with as_user(owner):
        section = create_section(owner, project.pk, "Packing").item
    top, kids, _ = family(owner, depth=1)
    with as_user(owner):
        move_task(owner, top.pk, section=section.pk)
        result = delete_section(owner, section.pk)
        assert set(Task.objects.for_user(owner).values_list("project_id", "section_id")) == {(project.pk, None)}
        undo.undo(owner, result.undo)
        assert set(Task.objects.for_user(owner).values_list("section_id", flat=True)) == {section.pk}
        assert Section.objects.get().name == "Packing"


@pytest.mark.django_db(transaction=True)
def test_thousands_of_moves_stay_quick_and_keep_an_exact_order(owner):
    """Random moves and the worst case (always between the same two tasks, halving the room
    each time), checked against a list kept in Python: every move is a few statements, and
    the rare spread keeps the order. Each move commits, as each request does (in one long
    transaction every row would carry thousands of versions), without waiting for the disk:
    what is timed is the work of a move. 10,000 moves in a 20,000-task project: bench/moves.py."""
    project = make_project(owner, "Big")
    with as_user(owner):
        Task.objects.bulk_create(Task(user=owner, title=f"t{n:02}", project=project) for n in range(40))
        tasks = list(Task.objects.for_user(owner).order_by("position", "id").values_list("pk", flat=True))
    model = list(tasks)
    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    started = time.monotonic()
    for n in range(2_000):
        with as_user(owner):
            moving = model[-1] if n % 2 else rng.choice(model)
            anchor = model[1] if n % 2 else rng.choice([pk for pk in model if pk != moving])
            model.remove(moving)
            model.insert(model.index(anchor), moving)
            assert move_task(owner, moving, before=anchor).changed
    with as_user(owner):
        kept = list(Task.objects.for_user(owner).order_by("position", "id").values_list("pk", flat=True))
    elapsed = time.monotonic() - started
    assert kept == model
    assert elapsed < 120, f"2,000 moves took {elapsed:.0f} s"


def test_a_due_date_on_a_sub_task_is_its_own(owner):
    top = add(owner, "Trip", due_date=date(2027, 5, 1))
    child = add(owner, "Visa", parent=top.pk, due_date=date(2027, 4, 1))
    assert (child.due_date, top.due_date) == (date(2027, 4, 1), date(2027, 5, 1))
