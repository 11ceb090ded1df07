"""Every change a person makes can be undone: the actions and their Undo called directly, and
an Undo after someone changed the tasks since changes nothing of theirs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tasks.actions import bulk, undo
from tasks.actions import tasks as actions
from tasks.models import MAX_BULK, Label, Task, TaskCompletion, TaskLabel
from tests.factories import add_label, add_tasks, make_label, make_project, make_task, reload

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)


def update(task, **fields) -> None:
    """Someone else's change, meanwhile (another tab, the API)."""
    Task.objects.filter(pk=task.pk).update(**fields)


def test_reschedule_moves_every_overdue_task_and_undo_puts_back_each_ones_own_date(owner, as_owner):
    late = make_task(owner, title="Late", due_date=TODAY - timedelta(days=3))
    later = make_task(owner, title="Later still", due_date=TODAY - timedelta(days=10))
    on_time = make_task(owner, title="Today", due_date=TODAY)
    done = make_task(owner, title="Done", due_date=TODAY - timedelta(days=2), completed=True)
    result = bulk.reschedule_overdue(owner, TODAY + timedelta(days=1), TODAY)
    assert result.changed and result.count == 2
    assert result.message == "Moved 2 overdue tasks to Fri 4 Dec."
    assert [reload(owner, t).due_date for t in (late, later, on_time, done)] == [
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=1),
        TODAY,
        TODAY - timedelta(days=2),
    ]
    back = undo.undo(owner, result.undo)
    assert back.changed and back.count == 2 and back.message == "Put 2 tasks back as they were."
    assert reload(owner, late).due_date == TODAY - timedelta(days=3)
    assert reload(owner, later).due_date == TODAY - timedelta(days=10)


def test_undoing_a_reschedule_leaves_a_task_moved_again_since(owner, as_owner):
    late = make_task(owner, title="Late", due_date=TODAY - timedelta(days=3))
    other = make_task(owner, title="Other", due_date=TODAY - timedelta(days=4))
    result = bulk.reschedule_overdue(owner, TODAY, TODAY)
    update(late, due_date=TODAY + timedelta(days=7))
    back = undo.undo(owner, result.undo)
    assert back.message == "“Other” is back as it was."
    assert reload(owner, late).due_date == TODAY + timedelta(days=7)
    assert reload(owner, other).due_date == TODAY - timedelta(days=4)


def test_an_undo_whose_every_task_changed_since_changes_nothing(owner, as_owner):
    late = make_task(owner, title="Late", due_date=TODAY - timedelta(days=3))
    result = bulk.reschedule_overdue(owner, TODAY, TODAY)
    update(late, due_date=TODAY + timedelta(days=2))
    back = undo.undo(owner, result.undo)
    assert not back.changed and back.message == "That task has changed since; nothing was changed."
    assert reload(owner, late).due_date == TODAY + timedelta(days=2)


def test_reschedule_with_nothing_overdue_says_so(owner, as_owner):
    result = bulk.reschedule_overdue(owner, TODAY, TODAY)
    assert not result.changed and result.undo is None and result.message == "Nothing is overdue."


def test_reschedule_moves_at_most_max_bulk_and_says_how_many_are_left(owner, as_owner):
    add_tasks(owner, MAX_BULK + 3, due_date=TODAY - timedelta(days=1))
    result = bulk.reschedule_overdue(owner, TODAY, TODAY)
    assert result.count == MAX_BULK and "3 more tasks still overdue" in result.message
    assert Task.objects.filter(due_date__lt=TODAY).count() == 3


def test_a_one_off_completion_is_undone_only_while_still_completed(owner, as_owner):
    task = make_task(owner, title="Post the letter")
    done = actions.toggle_task(owner, task.pk)
    assert done.undo and reload(owner, task).completed
    back = undo.undo(owner, done.undo)
    assert back.changed and back.task.pk == task.pk and not reload(owner, task).completed

    again = actions.toggle_task(owner, task.pk)
    update(task, completed=False)  # reopened in another tab
    assert not undo.undo(owner, again.undo).changed
    assert not reload(owner, task).completed


def test_reopening_by_toggle_is_undone_too(owner, as_owner):
    task = make_task(owner, title="Done", completed=True)
    reopened = actions.toggle_task(owner, task.pk)
    assert undo.undo(owner, reopened.undo).changed
    assert reload(owner, task).completed


def test_an_undo_works_once(owner, as_owner):
    task = make_task(owner, title="Once")
    done = actions.toggle_task(owner, task.pk)
    assert undo.undo(owner, done.undo).changed
    actions.toggle_task(owner, task.pk)
    assert undo.undo(owner, done.undo).message == "That was undone already."


def test_bulk_complete_undo_reopens_the_plain_ones_and_moves_the_repeating_ones_back(owner, as_owner):
    plain = make_task(owner, title="Plain")
    daily = make_task(owner, title="Daily", due_date=TODAY, recurrence="FREQ=DAILY")
    already = make_task(owner, title="Already done", completed=True)
    result = bulk.apply_bulk(owner, [plain.pk, daily.pk, already.pk], "complete", today=TODAY)
    assert result.count == 2 and result.undo
    assert reload(owner, daily).due_date == TODAY + timedelta(days=1)
    back = undo.undo(owner, result.undo)
    assert back.count == 2
    assert not reload(owner, plain).completed and reload(owner, already).completed
    assert reload(owner, daily).due_date == TODAY
    assert not TaskCompletion.objects.filter(task=daily).exists()


def test_bulk_complete_undo_leaves_a_repeating_task_completed_again_since(owner, as_owner):
    daily = make_task(owner, title="Daily", due_date=TODAY, recurrence="FREQ=DAILY")
    result = bulk.apply_bulk(owner, [daily.pk], "complete", today=TODAY)
    actions.complete_task(owner, daily.pk, today=TODAY)  # the next one, done too
    assert not undo.undo(owner, result.undo).changed
    assert reload(owner, daily).due_date == TODAY + timedelta(days=2)
    assert TaskCompletion.objects.filter(task=daily).count() == 2


def test_bulk_move_undo_puts_each_task_back_in_its_own_project(owner, as_owner):
    home, work, trip = make_project(owner, "Home"), make_project(owner, "Work"), make_project(owner, "Trip")
    a, b, c = (
        make_task(owner, title="A", project=home),
        make_task(owner, title="B", project=work),
        make_task(owner, title="C"),
    )
    result = bulk.apply_bulk(owner, [a.pk, b.pk, c.pk], "move", trip, today=TODAY)
    assert result.count == 3
    update(c, project=home)  # moved again since
    back = undo.undo(owner, result.undo)
    assert back.count == 2 and "1 task changed since" in back.message
    assert [reload(owner, t).project_id for t in (a, b, c)] == [home.pk, work.pk, home.pk]


def test_bulk_move_to_the_inbox_is_undone(owner, as_owner):
    home = make_project(owner, "Home")
    task = make_task(owner, title="A", project=home)
    result = bulk.apply_bulk(owner, [task.pk], "move", None, today=TODAY)
    assert undo.undo(owner, result.undo).changed and reload(owner, task).project_id == home.pk


def test_bulk_priority_undo_restores_each_priority_where_still_set(owner, as_owner):
    a, b = make_task(owner, title="A", priority=2), make_task(owner, title="B", priority=4)
    result = bulk.apply_bulk(owner, [a.pk, b.pk], "priority", 1, today=TODAY)
    update(b, priority=3)
    assert undo.undo(owner, result.undo).count == 1
    assert (reload(owner, a).priority, reload(owner, b).priority) == (2, 3)


def test_bulk_due_undo_restores_the_dates_and_a_cleared_date_with_its_time_and_repeat(owner, as_owner):
    a = make_task(owner, title="A", due_date=TODAY)
    b = make_task(owner, title="B")
    moved = bulk.apply_bulk(owner, [a.pk, b.pk], "due", TODAY + timedelta(days=5), today=TODAY)
    assert undo.undo(owner, moved.undo).count == 2
    assert (reload(owner, a).due_date, reload(owner, b).due_date) == (TODAY, None)

    weekly = make_task(owner, title="Weekly", due_date=TODAY, recurrence="FREQ=WEEKLY", due_time="09:00")
    cleared = bulk.apply_bulk(owner, [weekly.pk], "due", None, today=TODAY)
    assert reload(owner, weekly).recurrence is None
    assert undo.undo(owner, cleared.undo).changed
    weekly = reload(owner, weekly)
    assert (weekly.due_date, str(weekly.due_time), weekly.recurrence) == (TODAY, "09:00:00", "FREQ=WEEKLY")


def test_bulk_reopen_is_undone(owner, as_owner):
    task = make_task(owner, title="Done", completed=True)
    result = bulk.apply_bulk(owner, [task.pk], "reopen", today=TODAY)
    assert undo.undo(owner, result.undo).changed and reload(owner, task).completed


def test_bulk_label_undo_takes_it_off_only_the_tasks_it_was_added_to(owner, as_owner):
    errands = make_label(owner, "errands")
    had, got = make_task(owner, title="Had it"), make_task(owner, title="Got it")
    add_label(errands, [had])
    result = bulk.apply_bulk(owner, [had.pk, got.pk], "label", errands, today=TODAY)
    assert result.count == 1
    assert undo.undo(owner, result.undo).changed
    assert list(TaskLabel.objects.values_list("task_id", flat=True)) == [had.pk]


def test_bulk_unlabel_undo_puts_it_back_on_and_a_deleted_label_changes_nothing(owner, as_owner):
    errands = make_label(owner, "errands")
    task = make_task(owner, title="A")
    add_label(errands, [task])
    result = bulk.apply_bulk(owner, [task.pk], "unlabel", errands, today=TODAY)
    assert not TaskLabel.objects.exists()
    assert undo.undo(owner, result.undo).changed
    assert TaskLabel.objects.filter(task=task, label=errands).exists()

    again = bulk.apply_bulk(owner, [task.pk], "unlabel", errands, today=TODAY)
    Label.objects.filter(pk=errands.pk).delete()
    assert not undo.undo(owner, again.undo).changed


def test_a_bulk_action_that_changes_nothing_offers_no_undo(owner, as_owner):
    task = make_task(owner, title="A", priority=1)
    assert bulk.apply_bulk(owner, [task.pk], "priority", 1, today=TODAY).undo is None


def test_an_undo_token_of_max_bulk_tasks_puts_them_all_back(owner, as_owner):
    tasks = add_tasks(owner, MAX_BULK, priority=3)
    result = bulk.apply_bulk(owner, [t.pk for t in tasks], "priority", 1, today=TODAY)
    assert undo.undo(owner, result.undo).count == MAX_BULK
    assert set(Task.objects.values_list("priority", flat=True)) == {3}


def test_a_rename_is_undone_while_the_title_is_still_as_saved(owner, as_owner):
    task = make_task(owner, title="Cal mum")
    saved = actions.update_task(owner, task.pk, {"title": "Call mum"}, {"title": "Cal mum"})
    back = undo.undo(owner, saved.undo)
    assert back.changed and back.message == "“Cal mum” is back as it was."
    assert reload(owner, task).title == "Cal mum"

    again = actions.update_task(owner, task.pk, {"title": "Call mum"})
    update(task, title="Call mum tonight")
    assert not undo.undo(owner, again.undo).changed
    assert reload(owner, task).title == "Call mum tonight"


def test_an_edit_form_save_is_undone_field_by_field_as_saved(owner, as_owner):
    home, errands = make_project(owner, "Home"), make_label(owner, "errands")
    task = make_task(owner, title="Buy milk", priority=4, due_date=TODAY)
    changes = {"title": "Buy oat milk", "project": home, "priority": 2, "due_date": None, "labels": [errands]}
    saved = actions.update_task(owner, task.pk, changes)
    task = reload(owner, task)
    assert (task.title, task.project_id, task.priority, task.due_date) == ("Buy oat milk", home.pk, 2, None)
    assert undo.undo(owner, saved.undo).changed
    task = reload(owner, task)
    assert (task.title, task.project_id, task.priority, task.due_date) == ("Buy milk", None, 4, TODAY)
    assert not TaskLabel.objects.filter(task=task).exists()


def test_an_edit_undo_changes_nothing_when_its_labels_changed_since(owner, as_owner):
    errands = make_label(owner, "errands")
    task = make_task(owner, title="A")
    saved = actions.update_task(owner, task.pk, {"title": "B", "labels": [errands]})
    TaskLabel.objects.all().delete()
    assert not undo.undo(owner, saved.undo).changed
    assert reload(owner, task).title == "B"


def test_a_stranger_cannot_use_someone_elses_undo(owner, stranger, as_owner):
    task = make_task(owner, title="Mine")
    done = actions.toggle_task(owner, task.pk)
    with pytest.raises(undo.InvalidUndo):
        undo.undo(stranger, done.undo)
