"""How the board report writes figures: one decimal for rates and FTE, thousands separated, money in
pounds, dates in words. Every table cell and every key-message figure goes through these, so a
number in a sentence reads exactly as its cell does.
"""

from __future__ import annotations

from datetime import date

from cswork.model.measures import round_half_up

MISSING = "–"


def pct(value: float | None) -> str:
    """A percentage to one decimal place: ``15.8 %``."""
    rounded = round_half_up(value, 1)
    return MISSING if rounded is None else f"{rounded:,.1f} %"


def fte(value: float | None) -> str:
    """An FTE figure to one decimal place: ``276.5``."""
    rounded = round_half_up(value, 1)
    return MISSING if rounded is None else f"{rounded:,.1f}"


def one_place(value: float | None) -> str:
    """A caseload or other ratio to one decimal place."""
    return fte(value)


def count(value: float | None) -> str:
    """A count, thousands separated: ``1,134`` (a fraction keeps one place)."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return f"{value:,.0f}"
    return fte(value)


def change(value: float | None) -> str:
    """A signed change to one decimal place: ``+0.2``, ``-1.3``, ``0.0``."""
    rounded = round_half_up(value, 1)
    if rounded is None:
        return MISSING
    return f"+{rounded:,.1f}" if rounded > 0 else f"{rounded:,.1f}"


def count_change(value: float | None) -> str:
    """A signed change in a count: ``+9``, ``-1``, ``0``."""
    if value is None:
        return MISSING
    whole = round(value)
    return f"+{whole:,}" if whole > 0 else f"{whole:,}"


def pounds(value: float | None) -> str:
    """Money to the pound: ``£46,250``."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, 0) or 0.0
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.0f}"


def pence(value: float | None) -> str:
    """An hourly charge: ``£45.20``."""
    rounded = round_half_up(value, 2)
    return MISSING if rounded is None else f"£{rounded:,.2f}"


def millions(value: float | None) -> str:
    """Money in millions to two places: ``£1.61m``."""
    rounded = round_half_up(None if value is None else value / 1_000_000, 2)
    if rounded is None:
        return MISSING
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.2f}m"


def money(value: float | None) -> str:
    """Money as a board paper writes it: ``£1.61m`` from a million, else to the pound."""
    if value is not None and abs(value) >= 1_000_000:
        return millions(value)
    return pounds(value)


def day(on: date) -> str:
    """A date as a board paper writes it: ``30 September 2025``."""
    return f"{on.day} {on:%B %Y}"


def short_day(on: date) -> str:
    """A date for a column heading: ``30 Sep 2025``."""
    return f"{on.day} {on:%b %Y}"


def month(on: date) -> str:
    """A month in words: ``September 2025``."""
    return f"{on:%B %Y}"


def plural(number: int, singular: str, many: str | None = None) -> str:
    """``1 worker``, ``3 workers``."""
    return f"{number:,} {singular if number == 1 else (many or singular + 's')}"


def movement(points: float | None, unit: str = "points") -> str:
    """A change in words: ``rose 0.2 points``, ``fell 1.3 points``, ``was unchanged``."""
    rounded = round_half_up(points, 1)
    if rounded is None:
        return "cannot be compared"
    if rounded == 0:
        return "was unchanged"
    verb = "rose" if rounded > 0 else "fell"
    return f"{verb} {abs(rounded):,.1f} {unit}"
