"""Hostile files: each is answered with a clear message, or a row-level warning in the
preview, within its bound of time (docs/INTERCHANGE.md, "Bounds"), and nothing is saved
until "Import", which saves all of a file or none of it."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from interchange import files
from interchange.drafts import MAX_TASKS, Unreadable
from interchange.models import Upload
from tasks.models import Task
from tests.factories import as_user

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("UTC"))


def read(data: bytes, name: str = "upload.txt", format: str = "auto"):
    return files.read(data, name, format, now=NOW)


def titles(bundle) -> list[str]:
    return [task.title for task in bundle.tasks]


def said(bundle) -> str:
    return "\n".join(f"{loss.where}: {loss.what}" for loss in bundle.losses)


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("(A) Café crème @café\n".encode("utf-8-sig"), None),
        ("(A) Café crème @café\n".encode("utf-16"), "UTF-16"),
        ("(A) Café crème @café\n".encode("utf-16-le"), "UTF-16"),
        ("(A) Café crème @café\n".encode("latin-1"), "Latin-1"),
    ],
)
def test_a_file_in_another_encoding_reads_the_same(data, note):
    bundle = read(data, "todo.txt")
    assert titles(bundle) == ["Café crème"] and bundle.tasks[0].labels == ["café"]
    assert (note is None and not bundle.notes) or note in bundle.notes[0]


def test_a_csv_of_a_million_rows_is_refused_quickly():
    data = b"TYPE,CONTENT\n" + b"task,x\n" * 1_000_000
    started = time.monotonic()
    with pytest.raises(Unreadable, match=f"more than {MAX_TASKS:,} tasks"):
        read(data, "big.csv")
    assert time.monotonic() - started < 2


def test_a_million_notes_under_one_task_keep_a_bounded_description():
    data = b"TYPE,CONTENT\ntask,x\n" + b"note,a comment\n" * 600_000
    started = time.monotonic()
    bundle = read(data, "notes.csv")
    assert time.monotonic() - started < 10
    assert len(bundle.tasks[0].description) <= 1000 and bundle.more_losses > 0


def test_a_csv_of_ten_thousand_columns_is_refused():
    header = ",".join(["TYPE", "CONTENT", *(f"C{n}" for n in range(10_000))])
    with pytest.raises(Unreadable, match="10,002 columns"):
        read(f"{header}\ntask,x\n".encode(), "wide.csv")
    with pytest.raises(Unreadable, match="cells"):
        read(("TYPE,CONTENT\ntask,x" + ",y" * 10_000 + "\n").encode(), "wide.csv")


def test_formula_cells_and_nul_bytes_are_kept_as_text_and_said():
    bundle = read(b'TYPE,CONTENT\ntask,=HYPERLINK("http://evil")\ntask,Pay\x00 rent\n', "f.csv")
    assert titles(bundle) == ['=HYPERLINK("http://evil")', "Pay rent"]
    assert "spreadsheet formula" in said(bundle)
    assert "zero bytes" in bundle.notes[0]


def test_a_title_over_the_limit_and_dates_out_of_range_are_said_row_by_row():
    long = "word " * 100
    bundle = read(f"{long}\nParty due:9999-01-01\nSleep due:2026-13-45\n".encode(), "todo.txt")
    first = bundle.tasks[0]
    assert len(first.title) == 200 and first.description.startswith("…")
    assert bundle.tasks[1].due_date is None and bundle.tasks[2].due_date is None
    text = said(bundle)
    assert "longer than 200" in text and "9999-01-01 is out of range" in text and "not YYYY-MM-DD" in text


def ics(*todos: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + "".join(todos) + "END:VCALENDAR\r\n").encode()


def todo(uid: str, summary: str, *lines: str) -> str:
    return "".join(f"{line}\r\n" for line in ["BEGIN:VTODO", f"UID:{uid}", f"SUMMARY:{summary}", *lines, "END:VTODO"])


def test_an_ics_with_a_hundred_thousand_recurrences_is_one_rule_or_refused():
    bundle = read(ics(todo("a", "Daily", "DUE;VALUE=DATE:20261204", "RRULE:FREQ=DAILY;COUNT=100000")), "a.ics")
    assert bundle.tasks[0].recurrence == "FREQ=DAILY;COUNT=100000"
    overrides = [todo("a", "Daily", f"RECURRENCE-ID;VALUE=DATE:2027{n:04d}") for n in range(30_000)]
    started = time.monotonic()
    with pytest.raises(Unreadable, match="far more parts"):
        read(ics(todo("a", "Daily"), *overrides), "b.ics")
    assert time.monotonic() - started < 2


def test_a_deep_related_to_cycle_is_broken_and_said():
    count = 3000
    todos = [todo(f"t{n}", f"Task {n}", f"RELATED-TO:t{(n + 1) % count}") for n in range(count)]
    started = time.monotonic()
    bundle = read(ics(*todos), "cycle.ics")
    assert time.monotonic() - started < 10
    assert len(bundle.tasks) == count
    text = said(bundle)
    assert "go round in a circle" in text and "levels deep" in text
    refs = {task.ref: task for task in bundle.tasks}
    for task in bundle.tasks:  # no task is more than four levels below a top task
        level, node = 0, task
        while node.parent:
            node, level = refs[node.parent], level + 1
        assert level <= 4


@pytest.mark.parametrize(
    ("data", "format", "message"),
    [
        (b"hello", "json", "not JSON"),
        (b"[" * 100_000, "json", "not JSON"),
        (b'{"format": "other"}', "json", "not this app"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\n", "ical", "iCalendar|no tasks"),
        (b"\x89PNG\r\n\x1a\n", "ical", "iCalendar|no tasks"),
        (b"just,a,csv\n1,2,3\n", "todoist", "TYPE and CONTENT"),
        (b"just,a,csv\n1,2,3\n", "ticktick", "not a TickTick backup"),
        (b"", "auto", "empty"),
    ],
)
def test_a_broken_or_wrong_file_is_said_in_words(data, format, message):
    with pytest.raises(Unreadable, match=message):
        read(data, "file", format)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("todo.txt", b"0" * 50_000_000)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.txt", b"x" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
        ("tasks.zip", zip_bomb(), "compressed archive"),
        ("tasks.csv", b"TYPE,CONTENT\n" + b"task,x\n" * 1_000_000, "split it"),
        ("tasks.json", b"{not json", "not JSON"),
    ],
)
def test_the_page_answers_a_hostile_file_with_a_400_and_its_reason_and_keeps_nothing(
    owner_client, owner, name, data, message
):
    response = owner_client.post("/accounts/import/", {"file": SimpleUploadedFile(name, data), "format": "auto"})
    assert response.status_code == 400
    assert message in response.content.decode()
    with as_user(owner):
        assert not Upload.objects.filter(user=owner).exists() and not Task.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_an_imported_formula_stays_neutralised_in_the_csv_export(owner_client, owner):
    from interchange.tests.test_import import export, import_file

    import_file(owner_client, owner, "sums.csv", b'TYPE,CONTENT\ntask,"=SUM(A1:A9)"\ntask,@cmd\n')
    body = export(owner_client, owner, "csv").decode()
    assert "'=SUM(A1:A9)" in body and "\n=SUM" not in body
