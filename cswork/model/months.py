"""Month arithmetic on dates, and calendar months: parsing, ISO keys and names for sentences.

Two ways to count months between dates, named so they cannot be mixed up:
:func:`completed_months` counts whole months served (31 January to 1 February is 0), and
:func:`calendar_months_apart` counts calendar months (31 January to 1 February is 1).
Three ways to move a date: :func:`add_months` keeps the day (clamped to the month's end),
:func:`add_months_keeping_month_end` also keeps a month end a month end (the projection's steps),
and :func:`shift_months` moves a month held as its 1st.

Demand counts and indicator values are monthly. A month is held as a :class:`datetime.date` on the
1st, stored as ``YYYY-MM`` text, and written out in words ("April 2020") in sentences.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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


def calendar_months_apart(earlier: date, later: date) -> int:
    """Calendar months from ``earlier``'s month to ``later``'s, ignoring the day (31 January to
    1 February is 1); compare :func:`completed_months`."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def year_before(on: date) -> date:
    """The day a year before ``on`` (28 February for 29 February)."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


def completed_months(start: date, end: date) -> int:
    """Whole months completed from ``start`` to ``end`` (31 January to 1 February is 0; negative
    if ``end`` is earlier); compare :func:`calendar_months_apart`."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def add_months(on: date, months: int) -> date:
    """``on`` moved by whole months, clamped to the month's last day."""
    index = on.year * 12 + on.month - 1 + months
    year, month = divmod(index, 12)
    last = month_end(year, month + 1).day
    return date(year, month + 1, min(on.day, last))


def add_months_keeping_month_end(as_at: date, months: int) -> date:
    """``as_at`` moved by whole months; from a month end, the month end (the projection's steps)."""
    if (as_at + timedelta(days=1)).day == 1:
        first = add_months(as_at.replace(day=1), months)
        return month_end(first.year, first.month)
    return add_months(as_at, months)


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
