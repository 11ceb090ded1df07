"""Each action called directly, as the API, the importer and the worker will call them: no
HTTP, plain values in, a result that says what happened."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import transaction

from tasks.actions import bulk, organise, undo
from tasks.actions import tasks as actions
from tasks.actions.base import due_changed
from tasks.models import MAX_LABELS, MAX_PROJECTS, Label, Project, Task, TaskCompletion, TaskLabel
from tests.factories import as_user, make_label, make_project, make_task, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """What the "due moment changed" signal said, after each commit."""
    calls = []

    def receiver(sender, user_id, task_ids, **kwargs):
        calls.append((user_id, sorted(map(str, task_ids))))

    due_changed.connect(receiver)
    yield calls
    due_changed.disconnect(receiver)


def test_create_makes_the_task_with_its_labels_and_names(owner, as_owner):
    errands = make_label(owner, "errands")
    result = actions.create_task(
        owner,
        {"title": "Buy milk", "priority": 2, "due_date": date(2027, 1, 5), "due_time": time(9)},
        labels=[errands.pk],
        label_names=["Shopping", "ERRANDS"],
    )
    assert result.changed and result.message == "Added “Buy milk”."
    task = Task.objects.get()
    assert (task.title, task.priority, task.due_date, task.due_time) == ("Buy milk", 2, date(2027, 1, 5), time(9))
    names = set(TaskLabel.objects.filter(task=task).values_list("label__name", flat=True))
    assert names == {"errands", "Shopping"}  # "ERRANDS" is the same label, whatever its case


def test_create_with_the_same_submission_twice_makes_one_task(owner, as_owner):
    submission = uuid.uuid4()
    first = actions.create_task(owner, {"title": "Once"}, submission=submission)
    second = actions.create_task(owner, {"title": "Once"}, submission=submission)
    assert first.changed and not second.changed
    assert second.message == "That task was already added."
    assert Task.objects.count() == 1


def test_a_create_that_failed_can_be_sent_again_with_its_submission(owner, as_owner):
    submission = uuid.uuid4()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011 (the database refuses the title)
        actions.create_task(owner, {"title": "   "}, submission=submission)
    assert actions.create_task(owner, {"title": "Fixed"}, submission=submission).changed


def test_update_saves_the_changes_alone(owner, as_owner):
    task = make_task(owner, title="Old", description="kept", priority=3)
    result = actions.update_task(owner, task.pk, {"title": "New"}, {"title": "Old"})
    assert result.changed and result.task.title == "New"
    assert (result.task.description, result.task.priority) == ("kept", 3)


def test_update_refuses_a_field_changed_elsewhere_and_gives_both_values(owner, as_owner):
    task = make_task(owner, title="Mine")
    Task.objects.filter(pk=task.pk).update(title="Theirs")  # another tab, meanwhile
    result = actions.update_task(owner, task.pk, {"title": "Also mine"}, {"title": "Mine"})
    assert not result.changed
    assert result.conflicts == {"title": "Theirs"}
    assert reload(owner, task).title == "Theirs"


def test_update_to_the_value_someone_else_set_is_no_conflict(owner, as_owner):
    task = make_task(owner, title="Mine")
    Task.objects.filter(pk=task.pk).update(title="Same")
    assert actions.update_task(owner, task.pk, {"title": "Same"}, {"title": "Mine"}).changed


def test_update_of_a_trashed_or_someone_elses_task_is_not_found(owner, stranger, as_owner):
    trashed = make_task(owner, title="Gone", deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    theirs = make_task(stranger, title="Theirs")
    for pk in (trashed.pk, theirs.pk, uuid.uuid4()):
        with pytest.raises(Task.DoesNotExist):
            actions.update_task(owner, pk, {"title": "x"})


def test_update_sets_labels_and_a_repeat(owner, as_owner):
    task = make_task(owner, title="Call", due_date=date(2027, 1, 4))
    label = make_label(owner, "phone")
    result = actions.update_task(owner, task.pk, {"labels": [label.pk], "repeat": ("FREQ=WEEKLY;BYDAY=MO", False)})
    assert result.task.recurrence == "FREQ=WEEKLY;BYDAY=MO"
    assert list(TaskLabel.objects.filter(task=task).values_list("label_id", flat=True)) == [label.pk]


def test_completing_an_occurrence_moves_the_task_on_and_names_both_dates(owner, as_owner):
    task = make_task(owner, title="Pills", due_date=date(2027, 1, 4), recurrence="FREQ=DAILY")
    result = actions.complete_task(owner, task.pk, occurrence=date(2027, 1, 4), today=date(2027, 1, 4))
    assert (result.changed, result.occurrence, result.next_date) == (True, date(2027, 1, 4), date(2027, 1, 5))
    assert result.undo
    again = actions.complete_task(owner, task.pk, occurrence=date(2027, 1, 4), today=date(2027, 1, 4))
    assert not again.changed and "already" in again.message
    assert reload(owner, task).due_date == date(2027, 1, 5)
    assert TaskCompletion.objects.count() == 1


def test_undo_of_a_completion_works_once_and_only_while_nothing_moved(owner, as_owner):
    task = make_task(owner, title="Pills", due_date=date(2027, 1, 4), recurrence="FREQ=DAILY")
    token = actions.complete_task(owner, task.pk, today=date(2027, 1, 4)).undo
    assert undo.undo(owner, token).changed
    assert reload(owner, task).due_date == date(2027, 1, 4)
    assert not TaskCompletion.objects.exists()
    second = undo.undo(owner, token)
    assert not second.changed and second.message == "That was undone already."


def test_an_undo_token_is_its_persons_only(owner, stranger):
    task = make_task(owner, title="Oops")
    with as_user(owner):
        token = actions.trash_task(owner, task.pk).undo
    with as_user(stranger), pytest.raises(undo.InvalidUndo):
        undo.undo(stranger, token)
    with as_user(owner), pytest.raises(undo.InvalidUndo):
        undo.undo(owner, token[:-2] + "xx")


def test_trash_and_its_undo_bring_back_exactly_that_task(owner, as_owner):
    task, other = (
        make_task(owner, title="Oops"),
        make_task(owner, title="Trashed before", deleted_at=datetime(2026, 1, 1, tzinfo=UTC)),
    )
    result = actions.trash_task(owner, task.pk)
    assert result.task.in_trash
    back = undo.undo(owner, result.undo)
    assert back.message == "Restored “Oops”."
    assert not reload(owner, task).in_trash and reload(owner, other).in_trash


def test_toggle_flips_a_plain_task_and_completes_a_repeating_ones_occurrence(owner, as_owner):
    plain = make_task(owner, title="Plain")
    assert actions.toggle_task(owner, plain.pk).task.completed
    assert not actions.toggle_task(owner, plain.pk).task.completed
    repeating = make_task(owner, title="Daily", due_date=date(2027, 1, 4), recurrence="FREQ=DAILY;COUNT=1")
    result = actions.toggle_task(owner, repeating.pk, today=date(2027, 1, 4))
    assert result.task.completed and result.next_date is None  # the rule is spent


def test_bulk_actions_change_only_what_differs(owner, as_owner):
    home = make_project(owner, "Home")
    tasks = [make_task(owner, title=f"T{i}", project=home if i == 0 else None) for i in range(3)]
    ids = [task.pk for task in tasks]
    assert bulk.apply_bulk(owner, ids, "move", home, today=date(2027, 1, 1)).count == 2
    assert bulk.apply_bulk(owner, ids, "priority", 1, today=date(2027, 1, 1)).message == "Set 3 tasks to P1."
    trashed = bulk.apply_bulk(owner, ids, "trash", today=date(2027, 1, 1))
    assert trashed.count == 3 and trashed.undo
    assert undo.undo(owner, trashed.undo).count == 3


def test_bulk_never_reaches_someone_elses_tasks(owner, stranger, as_owner):
    theirs = make_task(stranger, title="Theirs")
    assert bulk.apply_bulk(owner, [theirs.pk], "complete", today=date(2027, 1, 1)).count == 0
    assert not reload(stranger, theirs).completed


def test_complete_occurrences_skips_a_task_past_the_occurrence_shown(owner, as_owner):
    task = make_task(owner, title="Daily", due_date=date(2027, 1, 5), recurrence="FREQ=DAILY")
    done = bulk.complete_occurrences(Task.objects.filter(pk=task.pk), date(2027, 1, 5), {task.pk: date(2027, 1, 4)})
    assert done == []
    assert reload(owner, task).due_date == date(2027, 1, 5)


def test_the_due_signal_is_sent_after_the_commit_and_never_for_a_rollback(
    owner, heard, django_capture_on_commit_callbacks
):
    with as_user(owner), django_capture_on_commit_callbacks(execute=True):
        task = actions.create_task(owner, {"title": "Dentist", "due_date": date(2027, 1, 4)}).task
    assert heard == [(owner.pk, [str(task.pk)])]
    heard.clear()
    with as_user(owner), django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        actions.update_task(owner, task.pk, {"due_time": time(9)})
        transaction.set_rollback(True)
    assert callbacks == [] and heard == []
    with as_user(owner), django_capture_on_commit_callbacks(execute=True):
        actions.update_task(owner, task.pk, {"title": "Dentist at 9"})  # not a due change
        bulk.apply_bulk(owner, [task.pk], "due", date(2027, 2, 1), today=date(2027, 1, 1))
    assert heard == [(owner.pk, [str(task.pk)])]


def test_project_and_label_limits_are_refused_in_words(owner, as_owner):
    Project.objects.bulk_create(Project(user=owner, name=f"P{i}") for i in range(MAX_PROJECTS))
    refused = organise.create_named(owner, Project, name="One more")
    assert not refused.changed and refused.errors == {"name": [refused.message]}
    Label.objects.bulk_create(Label(user=owner, name=f"L{i}") for i in range(MAX_LABELS))
    ids, notes = organise.labels_from_names(owner, ["brand-new", "L1"])
    assert len(ids) == 1 and notes == [f"@brand-new was not made: you have {MAX_LABELS} labels, the most one can keep."]


def test_a_name_taken_meanwhile_is_refused_in_words(owner, as_owner):
    make_project(owner, "Home")
    result = organise.create_named(owner, Project, name="HOME")
    assert not result.changed and result.message == "That name was just taken; choose another."


def test_deleting_a_project_and_its_undo(owner, as_owner):
    project = make_project(owner, "Trip", color="#14aaf5")
    make_task(owner, title="Pack", project=project)
    result = organise.delete_project(owner, project.pk)
    assert result.count == 1 and not Project.objects.exists()
    back = undo.undo(owner, result.undo)
    assert back.message == "Restored the project “Trip” and its 1 task."
    assert Task.objects.get().project_id == project.pk
    assert not undo.undo(owner, result.undo).changed


def test_empty_trash_deletes_only_what_was_asked_about(owner, as_owner):
    make_task(owner, title="Old", deleted_at=datetime(2026, 1, 1, tzinfo=UTC))
    asked = date(2026, 6, 1)
    make_task(owner, title="New", deleted_at=datetime(2026, 12, 1, tzinfo=UTC))
    result = bulk.empty_trash(owner, datetime(asked.year, asked.month, asked.day, tzinfo=UTC))
    assert result.count == 1
    assert list(Task.objects.values_list("title", flat=True)) == ["New"]


def test_toggle_all_reopens_only_when_asked(owner, as_owner):
    make_task(owner, title="Done", completed=True)
    make_task(owner, title="Open")
    result = bulk.toggle_all(owner, "complete", today=date(2027, 1, 1))
    assert result.count == 1 and Task.objects.filter(completed=True).count() == 2
    assert bulk.toggle_all(owner, "reopen", today=date(2027, 1, 1) + timedelta(days=1)).count == 2


def test_completing_a_rule_by_the_hour_moves_the_time_and_undo_puts_both_back(owner, as_owner):
    task = make_task(
        owner, title="Drink water", due_date=date(2027, 1, 4), due_time=time(9), recurrence="FREQ=HOURLY;INTERVAL=3"
    )
    result = actions.complete_task(owner, task.pk, today=date(2027, 1, 4))
    moved = reload(owner, task)
    assert moved.due_time != time(9) and (moved.due_date, moved.due_time) > (date(2027, 1, 4), time(9))
    assert undo.undo(owner, result.undo).changed
    back = reload(owner, task)
    assert (back.due_date, back.due_time) == (date(2027, 1, 4), time(9))


def test_the_repeat_field_is_said_back_by_the_server(owner_client):
    said = owner_client.get("/tasks/parse/", {"repeat": "every 3rd friday"}).json()
    assert said["sentence"].startswith("Every third Friday") or "3rd Friday" in said["sentence"], said
    refused = owner_client.get("/tasks/parse/", {"repeat": "every blue moon"}).json()
    assert refused["sentence"] is None and "not a repeat" in refused["problems"][0]
