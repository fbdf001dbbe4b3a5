"""Small conversions between SQLite text and Python values, shared by the store modules."""

from __future__ import annotations

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
