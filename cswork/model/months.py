"""Calendar months as the first day of the month: parsing, ISO keys and names for sentences.

Demand counts and indicator values are monthly. A month is held as a :class:`datetime.date` on the
1st, stored as ``YYYY-MM`` text, and written out in words ("April 2020") in sentences.
"""

from __future__ import annotations

import re
from datetime import date

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_NAMED = re.compile(r"^([A-Za-z]+)[\s-]+(\d{4}|\d{2})$")

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


class MonthError(ValueError):
    """Text that is not a month."""


def shift_months(month: date, months: int) -> date:
    """The month ``months`` later (earlier if negative)."""
    index = month.year * 12 + month.month - 1 + months
    year, zero_based = divmod(index, 12)
    return date(year, zero_based + 1, 1)


def months_apart(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later``, by calendar month."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def month_key(month: date) -> str:
    """The month as stored: ``YYYY-MM``."""
    return f"{month.year:04d}-{month.month:02d}"


def month_name(month: date) -> str:
    """The month in words, as a board paper writes it: ``April 2020``."""
    return f"{_MONTH_NAMES[month.month - 1].capitalize()} {month.year}"


def _month(year: int, month: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise MonthError(f"{text!r} is not a month: month {month} is not 1 to 12")
    return date(year, month, 1)


def parse_month(text: str) -> date:
    """A month from ``2025-09``, ``2025-09-30``, ``09/2025``, ``30/09/2025``, ``Sep 2025`` or
    ``September 2025`` (and ``Sep-25``); a :class:`MonthError` saying what is accepted otherwise."""
    cleaned = text.strip()
    if match := _ISO_MONTH.match(cleaned):
        return _month(int(match[1]), int(match[2]), text)
    if match := _ISO_DATE.match(cleaned):
        return _checked_day(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _SLASH_MONTH.match(cleaned):
        return _month(int(match[2]), int(match[1]), text)
    if match := _UK_DATE.match(cleaned):
        return _checked_day(int(match[3]), int(match[2]), int(match[1]), text)
    if match := _NAMED.match(cleaned):
        name, year_text = match[1].lower(), match[2]
        found = [
            i for i, full in enumerate(_MONTH_NAMES) if len(name) >= 3 and full.startswith(name)
        ]
        if found:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return date(year, found[0] + 1, 1)
    raise MonthError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2025-09")


def _checked_day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day).replace(day=1)
    except ValueError:
        raise MonthError(f"{text!r} is not a real date") from None
