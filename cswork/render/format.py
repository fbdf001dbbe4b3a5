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
