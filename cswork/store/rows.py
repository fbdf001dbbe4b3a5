"""Small conversions between SQLite text and Python values, shared by the store modules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date


def to_date(value: str | None) -> date | None:
    """An ISO date string (or ``None``) as a date."""
    return date.fromisoformat(value) if value else None


def must_date(value: str) -> date:
    """A required ISO date string as a date."""
    return date.fromisoformat(value)


def iso(value: date | None) -> str | None:
    """A date (or ``None``) as ISO text."""
    return value.isoformat() if value else None


def date_reader() -> Callable[[str], date]:
    """:func:`must_date` remembering each text it has read: tens of thousands of spells or
    absences have only a few thousand distinct dates."""
    days: dict[str, date] = {}

    def day(text: str) -> date:
        found = days.get(text)
        if found is None:
            found = days[text] = must_date(text)
        return found

    return day
