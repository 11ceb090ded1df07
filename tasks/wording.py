"""Dates, counts and results in words: one place."""

from __future__ import annotations

from datetime import date


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def day_name(day: date, today: date) -> str:
    """ "Fri 16 Jan" (with the year when it is not this one)."""
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"
