"""What the domain apps declare on their AppConfig for the platform and for each other.

An app names a function or a class by its dotted path on its AppConfig (`personal_data`,
`export_formats`, `task_form_fields`...), and the code that uses it looks it up here: so the
platform imports no domain app, and no domain app imports another's internals.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps


def declared(attribute: str) -> Iterator[tuple[str, object]]:
    """(app label, value) for each installed app that declares `attribute`, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if (value := getattr(config, attribute, None)) is not None:
            yield config.label, value
