"""A scenario's assumptions: planned cohorts, leaver rates, recruitment, agency policy, demand, costs.

Every field is checked on construction; a bad value raises :class:`AssumptionError` naming the field,
its allowed range and the value given. :func:`parse_field` turns the text a user types
(``cswork scenario set NAME KEY VALUE``) into a new set of assumptions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

#: The experience bands of LA-employed workers, in the order the engine's arrays use.
BANDS: tuple[str, ...] = ("nqsw", "early_career", "experienced", "senior")


class AssumptionError(ValueError):
    """An assumption out of range, or text that is not a value of the field's type."""


@dataclass(frozen=True, slots=True, order=True)
class PlannedCohort:
    """An academy intake: its start date and planned number of NQSWs."""

    start: date
    size: int


@dataclass(frozen=True, slots=True)
class _Range:
    minimum: float
    maximum: float
    whole: bool = False


_RANGES: dict[str, _Range] = {
    "leaver_rate_nqsw": _Range(0, 5),
    "leaver_rate_early_career": _Range(0, 5),
    "leaver_rate_experienced": _Range(0, 5),
    "leaver_rate_senior": _Range(0, 5),
    "no_show_rate": _Range(0, 1),
    "experienced_hires_per_month": _Range(0, 1000),
    "agency_conversion_rate": _Range(0, 1),
    "agency_share_of_vacancies": _Range(0, 2),
    "demand_growth": _Range(-0.9, 5),
    "horizon_months": _Range(1, 240, whole=True),
    "runs": _Range(1, 100_000, whole=True),
    "permanent_cost_per_fte": _Range(0, 1_000_000),
    "agency_charge_per_hour": _Range(0, 1000),
    "standard_hours": _Range(1, 60),
}

_MEANINGS: dict[str, str] = {
    "cohorts": "planned academy intakes as DATE:SIZE, comma-separated",
    "leaver_rate_nqsw": "leavers per person-year among NQSWs in their ASYE",
    "leaver_rate_early_career": "leavers per person-year, 1-3 years post-qualifying",
    "leaver_rate_experienced": "leavers per person-year, 3+ years post-qualifying",
    "leaver_rate_senior": "leavers per person-year among managers (OrgRole 1-3)",
    "no_show_rate": "share of planned NQSWs who do not start",
    "experienced_hires_per_month": "experienced social workers recruited a month",
    "agency_conversion_rate": "share of agency workers converting to permanent a year",
    "agency_share_of_vacancies": "agency FTE sought per vacant FTE",
    "demand_growth": "annual growth in cases, or 'trend' to follow the history",
    "horizon_months": "months to project by default",
    "runs": "Monte Carlo runs by default",
    "permanent_cost_per_fte": "cost of a permanent FTE a year (GBP, with on-costs)",
    "agency_charge_per_hour": "agency charge an hour (GBP)",
    "standard_hours": "full-time weekly hours",
}


@dataclass(frozen=True, slots=True)
class Assumptions:
    """A named scenario's assumptions. Rates are annual; ``demand_growth`` ``None`` = the trend."""

    cohorts: tuple[PlannedCohort, ...] = ()
    leaver_rate_nqsw: float = 0.10
    leaver_rate_early_career: float = 0.20
    leaver_rate_experienced: float = 0.14
    leaver_rate_senior: float = 0.10
    no_show_rate: float = 0.0
    experienced_hires_per_month: float = 1.0
    agency_conversion_rate: float = 0.0
    agency_share_of_vacancies: float = 0.85
    demand_growth: float | None = None
    horizon_months: int = 36
    runs: int = 1000
    permanent_cost_per_fte: float = 55_000.0
    agency_charge_per_hour: float = 45.0
    standard_hours: float = 37.0

    def __post_init__(self) -> None:
        for name, limits in _RANGES.items():
            value = getattr(self, name)
            if value is None and name == "demand_growth":
                continue
            _check(name, value, limits)
        for cohort in self.cohorts:
            if not isinstance(cohort.size, int) or isinstance(cohort.size, bool):
                raise AssumptionError(f"cohorts: size must be a whole number, not {cohort.size!r}")
            if cohort.size < 0:
                raise AssumptionError(f"cohorts: size must be at least 0, not {cohort.size}")
        object.__setattr__(self, "cohorts", tuple(sorted(self.cohorts)))

    def leaver_rate(self, band: str) -> float:
        """The annual leaver rate of ``band``."""
        value: float = getattr(self, f"leaver_rate_{band}")
        return value

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dates as ISO text) for JSON; ``demand_growth`` omitted when following trend."""
        data: dict[str, Any] = {
            "cohorts": [{"start": c.start.isoformat(), "size": c.size} for c in self.cohorts]
        }
        for name in FIELDS[1:]:
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


#: The user-visible fields, in display order.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Assumptions))


def describe(name: str) -> str:
    """What a field means."""
    return _MEANINGS[name]


def _check(name: str, value: object, limits: _Range) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AssumptionError(f"{name} must be a number, not {value!r}")
    if limits.whole and not isinstance(value, int):
        raise AssumptionError(f"{name} must be a whole number, not {value!r}")
    if not math.isfinite(value) or not limits.minimum <= value <= limits.maximum:
        raise AssumptionError(
            f"{name} must be between {limits.minimum:g} and {limits.maximum:g}, not {value!r}"
        )


def parse_cohorts(text: str) -> tuple[PlannedCohort, ...]:
    """``"2026-01-26:12,2026-07-06:10"`` as planned cohorts; an empty text clears them."""
    cohorts = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        when, sep, size = item.partition(":")
        try:
            start = date.fromisoformat(when.strip())
            count = int(size.strip())
        except ValueError:
            raise AssumptionError(
                f"cohorts: {item!r} is not DATE:SIZE (e.g. 2026-01-26:12)"
            ) from None
        if not sep:
            raise AssumptionError(f"cohorts: {item!r} is not DATE:SIZE (e.g. 2026-01-26:12)")
        cohorts.append(PlannedCohort(start, count))
    return tuple(cohorts)


def parse_field(assumptions: Assumptions, key: str, text: str) -> Assumptions:
    """A copy of ``assumptions`` with ``key`` set from the user's ``text`` (checked)."""
    if key not in FIELDS:
        raise AssumptionError(f"unknown assumption {key!r}; known: {', '.join(FIELDS)}")
    if key == "cohorts":
        return replace(assumptions, cohorts=parse_cohorts(text))
    if key == "demand_growth" and text.strip().lower() == "trend":
        return replace(assumptions, demand_growth=None)
    limits = _RANGES[key]
    try:
        value: float = int(text) if limits.whole else float(text)
    except ValueError:
        kind = "a whole number" if limits.whole else "a number"
        raise AssumptionError(f"{key} must be {kind}, not {text!r}") from None
    changes: dict[str, Any] = {key: value}
    return replace(assumptions, **changes)


def from_dict(data: Mapping[str, Any]) -> Assumptions:
    """Assumptions from plain data (JSON or TOML); unknown keys are an error, missing ones default."""
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise AssumptionError(f"unknown assumption {unknown[0]!r}; known: {', '.join(FIELDS)}")
    values: dict[str, Any] = {k: v for k, v in data.items() if k != "cohorts"}
    for name in ("horizon_months", "runs"):
        if isinstance(values.get(name), float) and values[name].is_integer():
            values[name] = int(values[name])
    cohorts = []
    listed = data.get("cohorts", [])
    if not isinstance(listed, list | tuple):
        raise AssumptionError(f"cohorts must be a list of start and size, not {listed!r}")
    for item in listed:
        if not isinstance(item, Mapping) or set(item) != {"start", "size"}:
            raise AssumptionError(f"cohorts: each needs exactly start and size, not {item!r}")
        start = item["start"]
        if isinstance(start, str):
            try:
                start = date.fromisoformat(start)
            except ValueError:
                raise AssumptionError(f"cohorts: start {start!r} is not a date") from None
        if not isinstance(start, date):
            raise AssumptionError(f"cohorts: start {start!r} is not a date")
        cohorts.append(PlannedCohort(start, item["size"]))
    return Assumptions(cohorts=tuple(cohorts), **values)
