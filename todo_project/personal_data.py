"""A person's data across the apps: what each adds to the account's export, and what it does
when the account is deleted.

Each app declares these on its AppConfig, as it declares its RLS tables (todo_project.rls),
so that the accounts app, which serves the export and the deletion, imports no other app:

- `personal_data`: the dotted path of a function `(user) -> dict[str, list[dict]]`, the app's
  sections of the JSON export, each in a stable order;
- `export_formats`: `{name: (label, dotted path)}`, each a function `(user) -> ExportFile`
  offered as `/accounts/export/?format=<name>` and on the profile as "Download <label>";
- `personal_data_deletion`: the dotted path of a function `(user) -> None`, run in the
  person's RLS context just before their account is deleted, for what the database's
  cascade from `users` does not reach (a file, a subscription at a push service).

All three are called inside the request's transaction, under the person's RLS context.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from todo_project.declared import declared

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFile:
    """One export format's download: its text (sent as UTF-8), its content type, and its
    file name without the time stamp and extension the export adds."""

    body: str
    content_type: str
    name: str
    extension: str


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    write: Callable[..., ExportFile]


def export_sections(user) -> dict[str, list[dict]]:
    """Every app's sections of `user`'s JSON export, app by app in INSTALLED_APPS order."""
    sections: dict[str, list[dict]] = {}
    for label, path in declared("personal_data"):
        for name, rows in import_string(path)(user).items():
            if name in sections:
                raise ImproperlyConfigured(f"Two apps give the export a section named {name!r} ({label} is one).")
            sections[name] = rows
    return sections


def export_formats() -> dict[str, ExportFormat]:
    """The export formats the apps offer besides the JSON, by their `?format=` name."""
    return {
        name: ExportFormat(name, label, import_string(path))
        for _, formats in declared("export_formats")
        for name, (label, path) in formats.items()
    }


def delete(user) -> None:
    """Run each app's deletion step for `user`, the last app's first (an app's data may
    refer to an earlier one's); the caller then deletes the account."""
    for _, path in reversed(list(declared("personal_data_deletion"))):
        import_string(path)(user)


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula, quoted with a leading ' so it shows as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_text(rows: list[dict], fieldnames: list[str]) -> str:
    """Rows as CSV for a spreadsheet: a header, then each row with its cells made safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames)
    writer.writeheader()
    writer.writerows({field: spreadsheet_safe(value) for field, value in row.items()} for row in rows)
    return buffer.getvalue()
