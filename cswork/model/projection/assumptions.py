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

from cswork.model.routes import RecruitmentRoute

#: The scenario whose assumptions are calibrated from the authority's own history (stored the first
#: time it is projected, and the one the Projections screen opens on).
BASELINE = "baseline"

#: The experience bands of LA-employed workers, in the order the engine's arrays use.
BANDS: tuple[str, ...] = ("nqsw", "early_career", "experienced", "senior")


class AssumptionError(ValueError):
    """An assumption out of range, or text that is not a value of the field's type."""


@dataclass(frozen=True, slots=True, order=True)
class PlannedCohort:
    """An academy intake: its start date and planned number of NQSWs. ``assumed``: not a stored
    plan but the academy's recurring pattern carried on (the baseline marks these)."""

    start: date
    size: int
    assumed: bool = False


@dataclass(frozen=True, slots=True, order=True)
class RecurringIntake:
    """One intake of the academy's yearly pattern: the month it starts in and its usual size."""

    month: int
    size: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise AssumptionError(f"academy_pattern: month must be 1-12, not {self.month}")
        if self.size < 0:
            raise AssumptionError(f"academy_pattern: size must be at least 0, not {self.size}")


#: Recruitment routes a planned intake may name.
ROUTES: tuple[str, ...] = tuple(route.value for route in RecruitmentRoute)


def route_slug(text: str) -> str:
    """``"Step Up"``, ``"step-up"`` or ``"step_up"`` as the route slug; an error naming the routes
    for anything else."""
    slug = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if slug not in ROUTES:
        raise AssumptionError(
            f"unknown recruitment route {text.strip()!r}; known: {', '.join(ROUTES)}"
        )
    return slug


@dataclass(frozen=True, slots=True, order=True)
class RouteIntake:
    """Planned recruitment by one route: ``per_year`` starters a year, arriving steadily from
    ``lead_months`` months after the start (the time from deciding to recruit to the first day in
    post: about 36 for an apprenticeship, 6 for international recruits), each costing
    ``cost_per_hire`` (GBP, counted in the month they start) on top of their pay."""

    route: str
    per_year: float
    lead_months: int
    cost_per_hire: float = 0.0

    def __post_init__(self) -> None:
        route_slug(self.route)
        for name, value, top in (
            ("per_year", self.per_year, 1000),
            ("lead_months", self.lead_months, 120),
            ("cost_per_hire", self.cost_per_hire, 1_000_000),
        ):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AssumptionError(f"route_intakes: {name} must be a number, not {value!r}")
            if not math.isfinite(value) or not 0 <= value <= top:
                raise AssumptionError(
                    f"route_intakes: {name} must be between 0 and {top:g}, not {value!r}"
                )
        if not isinstance(self.lead_months, int):
            raise AssumptionError(
                f"route_intakes: lead_months must be a whole number, not {self.lead_months!r}"
            )

    @property
    def qualifying(self) -> bool:
        """Whether the starters are newly qualified (they begin the ASYE)."""
        return RecruitmentRoute(self.route).qualifying


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
    "vacancy_fill_rate": _Range(0, 1),
    "agency_conversion_rate": _Range(0, 1),
    "agency_share_of_vacancies": _Range(0, 2),
    "demand_growth": _Range(-0.9, 5),
    "horizon_months": _Range(1, 240, whole=True),
    "runs": _Range(1, 100_000, whole=True),
    "permanent_cost_per_fte": _Range(0, 1_000_000),
    "agency_charge_per_hour": _Range(0, 1000),
    "standard_hours": _Range(1, 60),
    "leaver_agency_share": _Range(0, 1),
    "absence_rate": _Range(0, 0.5),
}


def within_range(key: str, value: float) -> float:
    """``value`` brought inside the range an assumption ``key`` may take: what a calibrated figure
    becomes when the history gives one beyond it (more hires in a month than vacant posts, say)."""
    limits = _RANGES[key]
    return min(max(value, limits.minimum), limits.maximum)


_MEANINGS: dict[str, str] = {
    "cohorts": "planned academy intakes as DATE:SIZE, comma-separated",
    "route_intakes": "planned recruitment by route as ROUTE:PER_YEAR:LEAD_MONTHS:COST_PER_HIRE, "
    "comma-separated (e.g. international:10:6:8000,apprenticeship:4:36:27000); never beyond "
    "funded posts",
    "route_leaver_rates": "leavers per person-year among starters by each route, as ROUTE:RATE "
    "(a route not listed follows the band rates)",
    "academy_pattern": "yearly intakes after the listed cohorts, as MONTH:SIZE (e.g. 1:12,7:10)",
    "leaver_rate_nqsw": "leavers per person-year among NQSWs in their ASYE",
    "leaver_rate_early_career": "leavers per person-year, 1-3 years post-qualifying",
    "leaver_rate_experienced": "leavers per person-year, 3+ years post-qualifying",
    "leaver_rate_senior": "leavers per person-year among managers (OrgRole 1-3)",
    "no_show_rate": "share of planned NQSWs who do not start",
    "experienced_hires_per_month": "experienced social workers recruited a month, or 'vacancies' "
    "to recruit a share of the vacant posts each month (never beyond funded posts)",
    "vacancy_fill_rate": "experienced hires a month per vacant FTE, when hiring follows vacancies",
    "agency_conversion_rate": "share of agency workers converting to permanent a year",
    "agency_share_of_vacancies": "agency FTE sought per vacant FTE",
    "demand_growth": "annual growth in cases, or 'trend' to follow the history",
    "horizon_months": "months to project by default",
    "runs": "Monte Carlo runs by default",
    "permanent_cost_per_fte": "cost of a permanent FTE a year (GBP, with on-costs)",
    "agency_charge_per_hour": "agency charge an hour (GBP)",
    "standard_hours": "full-time weekly hours",
    "leaver_agency_share": "share of leavers who go to agency work and come back as agency cover "
    "(filling the agency gap at once)",
    "absence_rate": "share of working days lost to absence: caseload capacity is reduced by it",
}


@dataclass(frozen=True, slots=True)
class Assumptions:
    """A named scenario's assumptions. Rates are annual; ``demand_growth`` ``None`` = the trend."""

    cohorts: tuple[PlannedCohort, ...] = ()
    academy_pattern: tuple[RecurringIntake, ...] = ()
    leaver_rate_nqsw: float = 0.10
    leaver_rate_early_career: float = 0.20
    leaver_rate_experienced: float = 0.14
    leaver_rate_senior: float = 0.10
    no_show_rate: float = 0.0
    experienced_hires_per_month: float | None = None
    vacancy_fill_rate: float = 0.03
    agency_conversion_rate: float = 0.0
    agency_share_of_vacancies: float = 0.85
    demand_growth: float | None = None
    horizon_months: int = 36
    runs: int = 1000
    permanent_cost_per_fte: float = 55_000.0
    agency_charge_per_hour: float = 45.0
    standard_hours: float = 37.0
    route_intakes: tuple[RouteIntake, ...] = ()
    route_leaver_rates: tuple[tuple[str, float], ...] = ()
    leaver_agency_share: float = 0.0
    absence_rate: float = 0.0

    def __post_init__(self) -> None:
        for name, limits in _RANGES.items():
            value = getattr(self, name)
            if value is None and name in _OPTIONAL:
                continue
            _check(name, value, limits)
        for cohort in self.cohorts:
            if not isinstance(cohort.size, int) or isinstance(cohort.size, bool):
                raise AssumptionError(f"cohorts: size must be a whole number, not {cohort.size!r}")
            if cohort.size < 0:
                raise AssumptionError(f"cohorts: size must be at least 0, not {cohort.size}")
        object.__setattr__(self, "cohorts", tuple(sorted(self.cohorts)))
        object.__setattr__(self, "academy_pattern", tuple(sorted(self.academy_pattern)))
        for route, rate in self.route_leaver_rates:
            route_slug(route)
            _check("route_leaver_rates", rate, _Range(0, 5))
        if len({route for route, _ in self.route_leaver_rates}) != len(self.route_leaver_rates):
            raise AssumptionError("route_leaver_rates: each route may appear once")
        object.__setattr__(self, "route_leaver_rates", tuple(sorted(self.route_leaver_rates)))

    def route_leaver_rate(self, route: str) -> float | None:
        """The leaver rate of starters by ``route``, or ``None`` to follow the band rates."""
        return dict(self.route_leaver_rates).get(route)

    def leaver_rate(self, band: str) -> float:
        """The annual leaver rate of ``band``."""
        value: float = getattr(self, f"leaver_rate_{band}")
        return value

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dates as ISO text) for JSON; ``demand_growth`` omitted when following trend."""
        data: dict[str, Any] = {
            "cohorts": [
                {
                    "start": c.start.isoformat(),
                    "size": c.size,
                    **({"assumed": True} if c.assumed else {}),
                }
                for c in self.cohorts
            ],
            "academy_pattern": pattern_text(self.academy_pattern),
        }
        for name in FIELDS[2:]:
            value = getattr(self, name)
            if name in _STRUCTURED:
                continue
            if value is not None:
                data[name] = value
        data["route_intakes"] = [
            {
                "route": i.route,
                "per_year": i.per_year,
                "lead_months": i.lead_months,
                "cost_per_hire": i.cost_per_hire,
            }
            for i in self.route_intakes
        ]
        data["route_leaver_rates"] = dict(self.route_leaver_rates)
        return data


#: The user-visible fields, in display order.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Assumptions))
#: Fields held as structures rather than one number (read and written by their own functions).
_STRUCTURED = frozenset({"cohorts", "academy_pattern", "route_intakes", "route_leaver_rates"})
#: Fields that may be ``None``, and the word a user types for it.
_OPTIONAL: dict[str, str] = {"demand_growth": "trend", "experienced_hires_per_month": "vacancies"}


def optional_word(name: str) -> str | None:
    """The word standing for ``None`` in field ``name`` (``trend``, ``vacancies``), if it has one."""
    return _OPTIONAL.get(name)


def pattern_text(pattern: tuple[RecurringIntake, ...]) -> str:
    """``"1:12,7:10"``: the pattern as a user types it."""
    return ",".join(f"{intake.month}:{intake.size}" for intake in pattern)


def parse_pattern(text: str) -> tuple[RecurringIntake, ...]:
    """``"1:12,7:10"`` as a yearly pattern; empty text (or ``none``) for no further intakes."""
    intakes = []
    for item in (part.strip() for part in text.split(",")):
        if not item or item.lower() == "none":
            continue
        month, sep, size = item.partition(":")
        try:
            numbers = int(month), int(size)
        except ValueError:
            raise AssumptionError(
                f"academy_pattern: {item!r} is not MONTH:SIZE (e.g. 1:12 for 12 each January)"
            ) from None
        if not sep:
            raise AssumptionError(f"academy_pattern: {item!r} is not MONTH:SIZE (e.g. 1:12)")
        intakes.append(RecurringIntake(*numbers))
    if len({i.month for i in intakes}) != len(intakes):
        raise AssumptionError("academy_pattern: each month may appear once")
    return tuple(intakes)


def intakes_text(intakes: tuple[RouteIntake, ...]) -> str:
    """``"international:10:6:8000"``: route intakes as a user types them."""
    return ",".join(
        f"{i.route}:{i.per_year:g}:{i.lead_months}:{i.cost_per_hire:g}" for i in intakes
    )


def parse_intakes(text: str) -> tuple[RouteIntake, ...]:
    """``"international:10:6:8000,apprenticeship:4:36:27000"`` as route intakes (the cost may be
    left off: 0); empty text (or ``none``) for none."""
    intakes = []
    for item in (part.strip() for part in text.split(",")):
        if not item or item.lower() == "none":
            continue
        parts = [p.strip() for p in item.split(":")]
        if len(parts) not in (3, 4):
            raise AssumptionError(
                f"route_intakes: {item!r} is not ROUTE:PER_YEAR:LEAD_MONTHS:COST_PER_HIRE "
                "(e.g. international:10:6:8000)"
            )
        try:
            per_year = float(parts[1])
            lead = int(parts[2])
            cost = float(parts[3].lstrip("£").replace(",", "")) if len(parts) == 4 else 0.0
        except ValueError:
            raise AssumptionError(
                f"route_intakes: {item!r} is not ROUTE:PER_YEAR:LEAD_MONTHS:COST_PER_HIRE "
                "(per year and cost numbers, lead months a whole number)"
            ) from None
        intakes.append(RouteIntake(route_slug(parts[0]), per_year, lead, cost))
    return tuple(intakes)


def rates_text(rates: tuple[tuple[str, float], ...]) -> str:
    """``"academy:0.12,international:0.25"``: route leaver rates as a user types them."""
    return ",".join(f"{route}:{rate:g}" for route, rate in rates)


def parse_route_rates(text: str) -> tuple[tuple[str, float], ...]:
    """``"academy:0.12,international:0.25"`` as route leaver rates; empty (or ``none``) for none."""
    rates = []
    for item in (part.strip() for part in text.split(",")):
        if not item or item.lower() == "none":
            continue
        route, sep, rate = item.partition(":")
        try:
            value = float(rate)
        except ValueError:
            raise AssumptionError(
                f"route_leaver_rates: {item!r} is not ROUTE:RATE (e.g. international:0.25)"
            ) from None
        if not sep:
            raise AssumptionError(f"route_leaver_rates: {item!r} is not ROUTE:RATE")
        rates.append((route_slug(route), value))
    return tuple(rates)


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
    if key == "academy_pattern":
        return replace(assumptions, academy_pattern=parse_pattern(text))
    if key == "route_intakes":
        return replace(assumptions, route_intakes=parse_intakes(text))
    if key == "route_leaver_rates":
        return replace(assumptions, route_leaver_rates=parse_route_rates(text))
    if key in _OPTIONAL and text.strip().lower() == _OPTIONAL[key]:
        changes_none: dict[str, Any] = {key: None}
        return replace(assumptions, **changes_none)
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
    values: dict[str, Any] = {k: v for k, v in data.items() if k not in _STRUCTURED}
    pattern = data.get("academy_pattern", "")
    if not isinstance(pattern, str):
        raise AssumptionError(f"academy_pattern must be text such as '1:12,7:10', not {pattern!r}")
    for name in ("horizon_months", "runs"):
        if isinstance(values.get(name), float) and values[name].is_integer():
            values[name] = int(values[name])
    cohorts = []
    listed = data.get("cohorts", [])
    if not isinstance(listed, list | tuple):
        raise AssumptionError(f"cohorts must be a list of start and size, not {listed!r}")
    for item in listed:
        if not isinstance(item, Mapping) or not {"start", "size"} <= set(item) <= {
            "start",
            "size",
            "assumed",
        }:
            raise AssumptionError(
                f"cohorts: each needs start and size (and may say assumed), not {item!r}"
            )
        start = item["start"]
        if isinstance(start, str):
            try:
                start = date.fromisoformat(start)
            except ValueError:
                raise AssumptionError(f"cohorts: start {start!r} is not a date") from None
        if not isinstance(start, date):
            raise AssumptionError(f"cohorts: start {start!r} is not a date")
        cohorts.append(PlannedCohort(start, item["size"], bool(item.get("assumed", False))))
    return Assumptions(
        cohorts=tuple(cohorts),
        academy_pattern=parse_pattern(pattern),
        route_intakes=_intakes_from(data.get("route_intakes", [])),
        route_leaver_rates=_rates_from(data.get("route_leaver_rates", {})),
        **values,
    )


def _intakes_from(listed: object) -> tuple[RouteIntake, ...]:
    keys = {"route", "per_year", "lead_months", "cost_per_hire"}
    if not isinstance(listed, list | tuple):
        raise AssumptionError(f"route_intakes must be a list, not {listed!r}")
    intakes = []
    for item in listed:
        if (
            not isinstance(item, Mapping)
            or not {"route", "per_year", "lead_months"} <= set(item) <= keys
        ):
            raise AssumptionError(
                "route_intakes: each needs route, per_year and lead_months (and may give "
                f"cost_per_hire), not {item!r}"
            )
        if not isinstance(item["route"], str):
            raise AssumptionError(f"route_intakes: route must be text, not {item['route']!r}")
        lead = item["lead_months"]
        if isinstance(lead, float) and lead.is_integer():
            lead = int(lead)
        intakes.append(
            RouteIntake(
                route_slug(item["route"]), item["per_year"], lead, item.get("cost_per_hire", 0.0)
            )
        )
    return tuple(intakes)


def _rates_from(rates: object) -> tuple[tuple[str, float], ...]:
    if not isinstance(rates, Mapping):
        raise AssumptionError(
            f"route_leaver_rates must be a table of route and rate, not {rates!r}"
        )
    return tuple((route_slug(str(route)), rate) for route, rate in rates.items())
