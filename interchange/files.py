"""A file as it arrives: its bytes made text (whatever its encoding), its format found, and
its format's reader run, into a `Bundle` of drafts or a message saying why not."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath

from django.utils.module_loading import import_string

from interchange.drafts import MAX_COLUMNS, Bundle, Unreadable
from interchange.models import MAX_UPLOAD_BYTES

READERS = {
    "todoist": "interchange.formats.todoist.read",
    "ticktick": "interchange.formats.ticktick.read",
    "todotxt": "interchange.formats.todotxt.read",
    "ical": "interchange.formats.ical.read",
    "json": "interchange.formats.native.read",
}
NAMES = {
    "todoist": "Todoist CSV",
    "ticktick": "TickTick backup",
    "todotxt": "todo.txt",
    "ical": "iCalendar",
    "json": "this app's JSON export",
}
BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
ARCHIVES = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")


def decode(data: bytes) -> tuple[str, str | None]:
    """The text of `data`, and a note when it was not UTF-8: a byte-order mark says UTF-8 or
    UTF-16; UTF-16 without one shows by its zero bytes; what is not UTF-8 is read as Windows'
    Latin-1 (cp1252), where every byte is a character, as the spreadsheets that write it do."""
    if data.startswith(ARCHIVES):
        raise Unreadable("That is a compressed archive; unpack it and import the file inside.")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None if encoding == "utf-8-sig" else "It was read as UTF-16."
            except UnicodeDecodeError as exc:
                raise Unreadable(f"The file says it is {encoding.upper()} but is not.") from exc
    head = data[:4096]
    if head and head.count(0) > len(head) // 4:
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), "It was read as UTF-16."
        except UnicodeDecodeError as exc:
            raise Unreadable("The file is not text (it holds zero bytes).") from exc
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "It is not UTF-8: it was read as Latin-1 (Windows)."


def detect(text: str, filename: str) -> str:
    """The format of a file, from its start and its name's extension."""
    start = text.lstrip("\ufeff \r\n\t")[:2000]
    suffix = PurePath(filename).suffix.lower()
    if start.startswith("BEGIN:VCALENDAR") or suffix == ".ics":
        return "ical"
    if start.startswith("{") or suffix == ".json":
        return "json"
    first = start.splitlines()[0] if start else ""
    if first.replace('"', "").startswith("Date:") or "taskId" in start:
        return "ticktick"
    if first.replace('"', "").upper().startswith("TYPE,CONTENT") or suffix == ".csv":
        return "todoist"
    return "todotxt"


def read(data: bytes, filename: str, format: str, *, now: datetime) -> Bundle:
    """The drafts a file holds, read as `format` ("auto": found from the file); `now` is the
    person's, for the dates a file gives in words ("tomorrow")."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Unreadable(f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
    text, note = decode(data)
    if "\0" in text:
        text = text.replace("\0", "")
        note = " ".join(filter(None, [note, "It held zero bytes (NUL), which were left out."]))
    if not text.strip():
        raise Unreadable("The file is empty.")
    if format == "auto":
        format = detect(text, filename)
    try:
        bundle = import_string(READERS[format])(text, filename, now)
    except csv.Error as exc:
        raise Unreadable(f"It is not a {NAMES[format]} file: {exc}.") from exc
    if note:
        bundle.notes.append(note)
    return bundle.finish()


def csv_rows(text: str, *, header_at: int = 0) -> tuple[list[str], csv.DictReader]:
    """A CSV's header (the line `header_at`, counting from 0) and a reader of the rows after it."""
    stream = io.StringIO(text, newline="")
    for _ in range(header_at):
        stream.readline()
    rows = csv.reader(stream)
    header = next(rows, None)
    if header is None:
        raise Unreadable("The file has no header line.")
    if len(header) > MAX_COLUMNS:
        raise Unreadable(f"The header has {len(header):,} columns; a task file has fewer than {MAX_COLUMNS}.")
    return [name.strip() for name in header], rows


def records(header: list[str], rows, *, skipped: int = 0) -> Iterator[tuple[str, dict[str, str]]]:
    """Each row as {column: cell} with where it is ("line 7", the line it ends on, counting
    the `skipped` lines before the header), blank rows left out."""
    for row in rows:
        number = rows.line_num + skipped
        if len(row) > MAX_COLUMNS:
            raise Unreadable(f"Line {number} has {len(row):,} cells; a task file has fewer than {MAX_COLUMNS}.")
        if any(cell.strip() for cell in row):
            yield f"line {number}", dict(zip(header, (cell.strip() for cell in row), strict=False))
