"""Each format's reader, on sample files written by hand from the format's public description
(Todoist's help on CSV templates, TickTick's backup, the todo.txt format, RFC 5545)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from interchange import files

FILES = Path(__file__).parent / "files"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def read(name: str, format: str = "auto"):
    return files.read((FILES / name).read_bytes(), name, format, now=NOW)


def by_title(bundle):
    return {task.title: task for task in bundle.tasks}


def losses(bundle) -> str:
    return "\n".join(f"{loss.where}: {loss.what}" for loss in bundle.losses)


def test_a_todoist_template_is_one_project_named_after_the_file_with_its_sections_labels_and_sub_tasks():
    bundle = read("Groceries.csv")
    assert bundle.source == "todoist"
    tasks = by_title(bundle)
    assert [project.name for project in bundle.projects] == ["Groceries"]
    milk = tasks["Buy milk"]
    assert (milk.labels, milk.priority, milk.due_date, milk.description) == (
        ["errands", "shop"],
        1,
        date(2026, 12, 4),
        "Semi-skimmed",
    )
    oat = tasks["Oat milk too"]
    assert oat.parent == milk.ref
    assert oat.priority == 1  # an empty PRIORITY is p1, as Todoist's help says
    assert oat.description == "Note from Todoist:\nCheck the price first"
    meals = tasks["Plan the meals"]
    assert (meals.section, meals.recurrence, meals.due_time) == ("Weekly", "FREQ=WEEKLY;BYDAY=MO", time(9))
    assert "Deadline: 2027-01-31" in meals.description
    plants = tasks["Water the plants"]
    assert (plants.recurrence, plants.recur_from_completion) == ("FREQ=DAILY;INTERVAL=3", True)
    said = losses(bundle)
    assert "comment's author" in said and "no durations" in said and "no assignees" in said


def test_a_ticktick_backup_keeps_lists_priorities_status_repeats_parents_and_reminders():
    bundle = read("ticktick-backup.csv")
    assert bundle.source == "ticktick"
    tasks = by_title(bundle)
    tap = tasks["Fix the tap"]
    assert (tap.project, tap.labels, tap.priority, tap.due_date, tap.due_time, tap.reminders) == (
        "Home",
        ["diy", "urgent"],
        1,
        date(2026, 12, 10),
        time(17, 30),
        [30],
    )
    assert tasks["Buy a washer"].parent == tap.ref and tasks["Buy a washer"].priority == 3
    report = tasks["Weekly report"]
    assert (report.recurrence, report.priority, report.due_time) == ("FREQ=WEEKLY;BYDAY=FR", 2, None)
    assert tasks["Send invoices"].completed and tasks["Call the bank"].completed  # 2 archived, 1 completed
    assert tasks["Call the bank"].priority == 4
    assert "folder “Life”" in losses(bundle)


def test_todo_txt_reads_priorities_dates_done_projects_contexts_due_and_rec():
    bundle = read("todo.txt")
    assert bundle.source == "todotxt"
    tasks = by_title(bundle)
    assert tasks["Thank Mom for the meatballs"].priority == 1
    assert tasks["Thank Mom for the meatballs"].labels == ["phone"]
    pickup = tasks["Schedule Goodwill pickup"]
    assert (pickup.priority, pickup.project, pickup.due_date, pickup.created_at.date()) == (
        2,
        "GarageSale",
        date(2026, 12, 5),
        date(2026, 11, 28),
    )
    signs = tasks["Post signs around the neighborhood"]
    assert signs.completed and signs.completed_at.date() == date(2026, 11, 29) and signs.priority == 3
    rent = tasks["Pay rent"]
    assert (rent.recurrence, rent.recur_from_completion) == ("FREQ=MONTHLY", False)  # + : from the due date
    plants = tasks["Water the plants"]
    assert (plants.recurrence, plants.recur_from_completion) == ("FREQ=DAILY;INTERVAL=3", True)
    assert tasks["Someday learn the banjo"].priority == 4
    assert "below (D)" in losses(bundle)


def test_icalendar_vtodos_keep_due_times_in_any_zone_priorities_categories_parents_repeats_and_alarms():
    bundle = read("tasks.ics")
    assert bundle.source == "ical"
    tasks = by_title(bundle)
    report = tasks["Submit quarterly report"]
    # 17:00 in New York is 22:00 in London (the person's zone).
    assert (report.due_date, report.due_time, report.priority) == (date(2026, 12, 15), time(22), 1)
    assert report.labels == ["WORK", "FINANCE"] and report.reminders == [60]
    assert report.description == "Numbers from finance, then the summary."
    numbers = tasks["Collect the numbers"]
    assert numbers.parent == report.ref and numbers.priority == 3 and numbers.due_time is None
    assert tasks["Renew the car insurance"].recurrence == "FREQ=YEARLY"
    assert tasks["Renew the car insurance"].priority == 4
    dentist = tasks["Book the dentist"]
    assert dentist.completed and dentist.completed_at == datetime(2026, 11, 30, 14, 30, tzinfo=ZoneInfo("UTC"))
    assert tasks["Stand-up"].recurrence is None
    said = losses(bundle)
    assert "an attachment" in said and "MINUTELY" in said


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("Groceries.csv", "todoist"),
        ("ticktick-backup.csv", "ticktick"),
        ("todo.txt", "todotxt"),
        ("tasks.ics", "ical"),
        ("export.json", "json"),
    ],
)
def test_the_format_is_found_from_the_file(name, format):
    data = (FILES / name).read_bytes()
    assert files.read(data, "upload", "auto", now=NOW).source == format


def test_this_apps_json_export_reads_back_every_field():
    bundle = read("export.json")
    assert bundle.source == "json" and bundle.timezone == "Europe/Berlin"
    tasks = by_title(bundle)
    van = tasks["Book the van"]
    assert (van.project, van.section, van.labels, van.priority, van.due_time, van.reminders, van.position) == (
        "Moving house",
        "Before",
        ["phone"],
        1,
        time(10),
        [60],
        10,
    )
    assert tasks["Compare prices"].parent == van.ref and tasks["Compare prices"].completed
    plants = tasks["Water the plants"]
    assert plants.completions == [(date(2026, 12, 2), datetime(2026, 12, 2, 18, tzinfo=ZoneInfo("UTC")))]
    assert (plants.recurrence, plants.recur_from_completion) == ("FREQ=DAILY;INTERVAL=3", True)
    assert bundle.projects[0].color == "#4073ff"
    assert "FREQ=SECONDLY" in losses(bundle)
