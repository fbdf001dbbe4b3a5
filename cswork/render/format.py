"""Number formatting shared by the renderers: FTE, rates, caseloads, and missing values."""

from __future__ import annotations

from cswork.model.measures import round_half_up

MISSING = "–"


def fte(value: float | None) -> str:
    """An FTE figure to one decimal place."""
    return MISSING if value is None else f"{value:,.1f}"


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
