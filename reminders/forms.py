from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings


class PushSubscriptionForm(forms.Form):
    """A browser's push subscription: the push service's endpoint (https; plain http on the
    loopback address only in debug mode, for tests) and its keys (base64url)."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.RegexField(r"^[A-Za-z0-9_-]{80,100}={0,2}$", required=False)
    auth = forms.RegexField(r"^[A-Za-z0-9_-]{16,30}={0,2}$", required=False)

    def __init__(self, *args, unsubscribing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["p256dh"].required = self.fields["auth"].required = not unsubscribing

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        parts = urlsplit(endpoint)
        if parts.scheme != "https" and not (settings.DEBUG and parts.hostname == "127.0.0.1"):
            raise forms.ValidationError("A push service's address starts with https://.")
        return endpoint


OFFSET_UNITS = {"m": 1, "min": 1, "minute": 1, "h": 60, "hour": 60, "d": 1440, "day": 1440, "w": 10080, "week": 10080}


def parse_offset(text: str) -> int:
    """ "30", "30m", "2 hours", "1 day", "1w" → minutes before."""
    import re

    found = re.fullmatch(r"(\d{1,5})\s*([a-z]*?)s?", text.strip().lower())
    if not found or (found.group(2) and found.group(2) not in OFFSET_UNITS):
        raise forms.ValidationError(f"“{text.strip()}” is not a time before: write 0, 10, 30m, 2 hours or 1 day.")
    return int(found.group(1)) * OFFSET_UNITS.get(found.group(2) or "m", 1)


def offset_text(minutes: int) -> str:
    for size, unit in ((10080, "w"), (1440, "d"), (60, "h")):
        if minutes and minutes % size == 0:
            return f"{minutes // size}{unit}"
    return str(minutes)


class RemindersField(forms.CharField):
    """A task's own reminders: how long before it is due, several separated by commas, cleaned
    to their minutes (empty: the profile's default)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, max_length=200, label="Reminders", **kwargs)

    def clean(self, value) -> list[int]:
        from reminders.actions import MAX_REMINDERS_PER_TASK
        from reminders.models import MAX_OFFSET_MINUTES

        text = super().clean(value)
        offsets = sorted({parse_offset(part) for part in text.split(",") if part.strip()})
        if len(offsets) > MAX_REMINDERS_PER_TASK:
            raise forms.ValidationError(f"At most {MAX_REMINDERS_PER_TASK} reminders a task.")
        if offsets and offsets[-1] > MAX_OFFSET_MINUTES:
            raise forms.ValidationError("A reminder comes at most four weeks before.")
        return offsets


def default_words(minutes: int | None) -> str:
    if minutes is None:
        return "none (your profile has no default reminder)"
    return "when it is due" if minutes == 0 else f"{offset_text(minutes)} before"


class TaskFormFields:
    """The task form's `reminders` field (the tasks app's `other_fields` hook, declared on
    RemindersConfig as `task_form_fields`)."""

    def fields(self, user) -> dict[str, forms.Field]:
        return {
            "reminders": RemindersField(
                help_text=(
                    "For a task with a time: how long before, e.g. 0, 10, 30m, 2h, 1d (several with commas). "
                    f"Empty: your profile's default, {default_words(user.reminder_offset)}."
                )
            )
        }

    def initial(self, user, task) -> dict[str, str]:
        from reminders.models import Reminder

        own = Reminder.objects.filter(user=user, task=task).order_by("offset_minutes")
        return {
            "reminders": ", ".join(offset_text(minutes) for minutes in own.values_list("offset_minutes", flat=True))
        }

    # The action that saves the fields the person changed (tasks.actions.tasks.save_other_fields).
    action = "reminders.actions.save_task_form_fields"
