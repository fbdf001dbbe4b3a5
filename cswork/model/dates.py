"""One way to read a day as people write it, for the app, the command line and imports alike.

UK order (30/09/2024, 30.09.24, 30-Sep-24, 30 September 2024), ISO (2024-09-30, with or without
a time) and YYYYMMDD are read; two-digit years mean 2000–2069 or 1970–1999. A day that does not
exist (30 February) is "not a real date", told apart from text that is not a date at all.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

MONTH_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_NAMED = re.compile(r"^(\d{1,2})[\s/-]*([a-z]+)[\s/,-]*(\d{2}|\d{4})$")
_COMPACT = re.compile(r"^\d{8}$")
#: How to write a date, for messages to people typing one.
DATE_EXAMPLES = "30/09/2024 or 2024-09-30"


class NotADateError(ValueError):
    """The text is not written as a date."""


class NotARealDateError(ValueError):
    """The text is written as a date, but no such day exists (30 February)."""


def two_digit_year(digits: str) -> int:
    """A four-digit year; two digits mean 2000-2069 or 1970-1999, as POSIX strptime reads %y."""
    value = int(digits)
    if len(digits) == 2:
        return value + (2000 if value < 70 else 1900)
    return value


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise NotARealDateError("not a real date") from None


@lru_cache(maxsize=4096)
def read_day(value: str) -> date:
    """The day ``value`` names (UK, ISO or YYYYMMDD), or :class:`NotADateError` /
    :class:`NotARealDateError`. The message never repeats the value."""
    lowered = value.strip().lower()
    if match := _ISO.match(lowered):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := _UK.match(lowered):
        return _make(two_digit_year(match[3]), int(match[2]), int(match[1]))
    if match := _NAMED.match(lowered):
        month = MONTH_NAMES.get(match[2])
        if month is None:
            raise NotADateError("unknown month name")
        return _make(two_digit_year(match[3]), month, int(match[1]))
    if _COMPACT.match(lowered):
        return _make(int(lowered[:4]), int(lowered[4:6]), int(lowered[6:]))
    raise NotADateError("not a date")


def parse_user_date(value: str) -> date:
    """A date typed by a person (app dialog or command-line option), with a message that says
    what was wrong in plain words."""
    given = value.strip()
    try:
        return read_day(given)
    except NotARealDateError:
        raise ValueError(f"{given} is not a real date: check the day and the month") from None
    except NotADateError:
        raise ValueError(f"give the date as {DATE_EXAMPLES}, not {given!r}") from None
