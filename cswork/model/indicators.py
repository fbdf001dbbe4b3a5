"""Performance indicators against their targets: RAG status, trend, and targets written as text.

An indicator has a direction: ``higher`` is better (% of assessments within 45 working days) or
``lower`` is better (% re-referrals within 12 months). Its target is a threshold, and meeting it exactly
counts as meeting it, so ``<19%`` and ``<=19%`` both mean "19 or below is on target".

RAG status, with the amber band ``b`` (a setting, default 5, as a percentage *of the target*):

- **green**: on the target's side of it, or on it (lower: value ≤ target; higher: value ≥ target);
- **amber**: on the wrong side by at most ``b`` % of the target (lower: value ≤ target × (1 + b/100);
  higher: value ≥ target × (1 − b/100)), so a target of <22% is amber up to 23.1 and red above;
- **red**: further out than that;
- none when there is no target.

Trend compares a value with the previous period's, in the indicator's direction: **improving**,
**worsening**, or **flat** when the two are equal to one decimal place (as they are shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cswork.model.measures import round_half_up

#: Default amber band: how far (as a % of the target) a value may miss and still be amber.
DEFAULT_AMBER_BAND = 5.0

#: Absorbs floating-point error at the band's edge (18 × 1.05 is 18.900000000000002).
_EPSILON = 1e-9


class Direction(StrEnum):
    """Which way is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Rag(StrEnum):
    """Red, amber or green against the target."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Trend(StrEnum):
    """The change since the previous period, judged by the indicator's direction."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    FLAT = "flat"


class TargetError(ValueError):
    """Text that is not a target, or a target whose direction contradicts the one given.

    Messages give the reason, not the text: an import's problem report carries the value beside it,
    and its log keeps reasons only."""


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed target: its threshold, the direction its comparison implies, and its unit."""

    value: float
    direction: Direction | None
    unit: str | None


_TARGET = re.compile(
    r"^(?P<op><=|>=|=<|=>|≤|≥|<|>)?\s*(?P<number>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>%)?$"
)
_LOWER_OPS = {"<", "<=", "=<", "≤"}


def parse_target(text: str) -> Target:
    """A target from ``<19%``, ``<= 19 %``, ``>=80``, ``>85%``, ``19 %`` or ``18``.

    ``<`` or ``<=`` means lower is better, ``>`` or ``>=`` higher; a bare number has no direction.
    """
    match = _TARGET.match(text.strip().replace(",", ""))
    if not match:
        raise TargetError(
            "not a target; write a number, optionally after < <= > >= and before %, "
            "like <19% or >=80"
        )
    op = match["op"]
    direction = None if op is None else Direction.LOWER if op in _LOWER_OPS else Direction.HIGHER
    return Target(float(match["number"]), direction, "%" if match["unit"] else None)


def parse_direction(text: str) -> Direction:
    """``higher``/``lower`` (also ``higher is better``, ``high``, ``up``, ``low``, ``down``)."""
    word = text.strip().lower().split(" ", 1)[0]
    if word in {"higher", "high", "up", "increase", "max"}:
        return Direction.HIGHER
    if word in {"lower", "low", "down", "decrease", "min"}:
        return Direction.LOWER
    raise TargetError("not a direction; write higher or lower (which is better)")


def resolve_direction(target: Target | None, stated: Direction | None) -> Direction:
    """The indicator's direction from a stated one and the target's operator; they must agree."""
    implied = target.direction if target else None
    if stated and implied and stated is not implied:
        raise TargetError(
            f"the target says {implied} is better but the direction says {stated}; "
            "make them agree or leave the direction blank"
        )
    direction = stated or implied
    if direction is None:
        raise TargetError(
            "no direction: give higher or lower, or write the target with < or >, like <19%"
        )
    return direction


def rag_status(
    value: float, target: float | None, direction: Direction, amber_band: float = DEFAULT_AMBER_BAND
) -> Rag | None:
    """Green, amber or red for ``value`` against ``target`` (see the module docstring)."""
    if target is None:
        return None
    shortfall = value - target if direction is Direction.LOWER else target - value
    if shortfall <= _EPSILON:
        return Rag.GREEN
    if shortfall <= abs(target) * amber_band / 100 + _EPSILON:
        return Rag.AMBER
    return Rag.RED


def trend(current: float, previous: float | None, direction: Direction) -> Trend | None:
    """Improving, worsening or flat since ``previous`` (``None`` when there is no previous value)."""
    if previous is None:
        return None
    now, then = round_half_up(current, 1), round_half_up(previous, 1)
    if now is None or then is None:
        return None
    if now == then:
        return Trend.FLAT
    better = now > then if direction is Direction.HIGHER else now < then
    return Trend.IMPROVING if better else Trend.WORSENING


@dataclass(frozen=True, slots=True)
class Indicator:
    """A performance indicator: its code, what it measures, which way is better, its unit."""

    code: str
    definition: str
    direction: Direction
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """An indicator's value for a period (``YYYY-MM``), with the target that applied then."""

    period: str
    value: float
    target: float | None


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """An indicator's latest value judged against its target, with its trend and history."""

    indicator: Indicator
    latest: IndicatorValue
    previous: IndicatorValue | None
    rag: Rag | None
    trend: Trend | None
    history: tuple[IndicatorValue, ...]


def indicator_status(
    indicator: Indicator,
    values: list[IndicatorValue],
    amber_band: float = DEFAULT_AMBER_BAND,
) -> IndicatorStatus | None:
    """The status at the latest period held (``None`` if the indicator has no values)."""
    if not values:
        return None
    history = tuple(sorted(values, key=lambda v: v.period))
    latest = history[-1]
    previous = history[-2] if len(history) > 1 else None
    return IndicatorStatus(
        indicator=indicator,
        latest=latest,
        previous=previous,
        rag=rag_status(latest.value, latest.target, indicator.direction, amber_band),
        trend=trend(latest.value, previous.value if previous else None, indicator.direction),
        history=history,
    )
