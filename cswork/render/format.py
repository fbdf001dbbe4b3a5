"""How figures are written, for the CLI's renderers and the app's screens alike.

One module so that a figure reads the same in ``cswork pressure`` and on the Pressure screen: FTE,
DfE rates (rounded half up, as DfE publishes), shares, counts, table cells, indicator values and
targets, trends, and the mark for a missing value.
"""

from __future__ import annotations

from cswork.model.demand import format_count
from cswork.model.indicators import Direction, Trend
from cswork.model.measures import round_half_up

MISSING = "–"

#: A trend as an arrow and a word (the word, so colour or shape is never the only cue).
TREND_MARKS: dict[Trend, str] = {
    Trend.IMPROVING: "▲ improving",
    Trend.WORSENING: "▼ worsening",
    Trend.FLAT: "► flat",
}


def fte(value: float | None) -> str:
    """An FTE figure to one decimal place, rounded half up as the board report rounds it (24.45
    reads 24.5, though the nearest binary value is a shade below)."""
    return number(value, 1)


def plural(number: int, singular: str, many: str | None = None) -> str:
    """``1 error``, ``4 queries`` (``many`` where adding an s will not do)."""
    return f"{number:,} {singular if number == 1 else (many or singular + 's')}"


def reason_label(code: str) -> str:
    """A stored leaving reason in words: ``moved_within_la`` reads "moved within LA"."""
    return " ".join("LA" if word == "la" else word for word in code.split("_"))


def pct(value: float | None) -> str:
    """A percentage to one decimal place, rounded half up as DfE publishes."""
    rounded = round_half_up(value, 1)
    return MISSING if rounded is None else f"{rounded:.1f}%"


def number(value: float | None, places: int = 1) -> str:
    """A plain number, rounded half up."""
    rounded = round_half_up(value, places)
    return MISSING if rounded is None else f"{rounded:,.{places}f}"


def pounds(value: float | None) -> str:
    """An amount of money in whole pounds: £96,200 (−£1,250 below zero)."""
    if value is None:
        return MISSING
    rounded = round_half_up(value, 0) or 0.0
    sign = "−" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.0f}"


def pounds_short(value: float | None) -> str:
    """An amount of money for a tile or a sentence: £0.25m from £100,000, else £96k or £850."""
    if value is None:
        return MISSING
    sign = "−" if value < 0 else ""
    size = abs(value)
    if size >= 100_000:
        return f"{sign}£{round_half_up(size / 1e6, 2):,.2f}m"
    if size >= 10_000:
        return f"{sign}£{round_half_up(size / 1e3, 0):,.0f}k"
    return f"{sign}£{round_half_up(size, 0):,.0f}"


def rate(value: float | None) -> str:
    """An hourly rate in pounds and pence: £45.50."""
    return MISSING if value is None else f"£{value:,.2f}"


def share(fraction: float | None, places: int = 0) -> str:
    """A fraction (0.85) as a percentage (``85%``) to ``places`` decimal places."""
    return MISSING if fraction is None else f"{fraction * 100:.{places}f}%"


def count(value: float | None) -> str:
    """A count as a board paper writes it: ``1,225``; a fraction to one place."""
    return MISSING if value is None else format_count(value)


def cell(value: object, places: int | None = 1) -> str:
    """A table cell as shown: a decimal to ``places`` places with thousands separators (as it
    comes if ``places`` is ``None``), a date as ``YYYY-MM-DD``, anything else as text."""
    if value is None:
        return MISSING
    if isinstance(value, float) and places is not None:
        return f"{value:,.{places}f}"
    return str(value)


def indicator_value(value: float | None, unit: str | None) -> str:
    """An indicator's value to one place, with ``%`` when that is its unit."""
    if value is None:
        return MISSING
    text = number(value, 1)
    return f"{text}%" if unit == "%" else text


def indicator_target(target: float | None, direction: Direction, unit: str | None) -> str:
    """An indicator's target with the side that meets it: ``≤ 19.0%``, ``≥ 80.0``."""
    if target is None:
        return MISSING
    sign = "≥" if direction is Direction.HIGHER else "≤"
    return f"{sign} {indicator_value(target, unit)}"


def trend(mark: Trend | None) -> str:
    """A trend as an arrow and a word."""
    return MISSING if mark is None else TREND_MARKS[mark]
