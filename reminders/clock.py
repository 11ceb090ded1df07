"""The worker's now: the real clock, or in tests the instant a file holds (REMINDERS_CLOCK_FILE),
so a test moves the worker's time forward minute by minute and watches what it sends.

Only what decides about sending reads it (the scan, and each job at send time); the queue's
own timing (a job's scheduled_at) stays on the database's clock.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    if path := settings.REMINDERS_CLOCK_FILE:
        return datetime.fromisoformat(Path(path).read_text().strip())
    return timezone.now()
