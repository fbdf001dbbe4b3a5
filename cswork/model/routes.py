"""Recruitment routes: how each starter came to the authority, how many come a year by each route,
and how long they stay (Kaplan–Meier retention by route).

A starter's route is the one recorded on their starting spell (a staff import's route column, or
the census ``StartOrigin`` with the Step Up and Frontline flags); when none is recorded it is
inferred where the history says it plainly: a member of an academy cohort came through the academy,
and someone whose agency assignment ended within a month before their LA employment began
converted from agency. Starters with neither are counted as "not recorded", never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cswork.model.census import StartOrigin
from cswork.model.months import add_months
from cswork.model.position import arrivals, leaver_spells
from cswork.model.survival import FollowUp, SurvivalPoint, survival_curve
from cswork.model.workforce import RoleSpell


class RecruitmentRoute(StrEnum):
    """The ways into a social work post."""

    ACADEMY = "academy"
    STEP_UP = "step_up"
    FRONTLINE = "frontline"
    APPRENTICESHIP = "apprenticeship"
    RETURN_TO_PRACTICE = "return_to_practice"
    INTERNATIONAL = "international"
    EXPERIENCED = "experienced"
    AGENCY_CONVERSION = "agency_conversion"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How a workforce lead names the route."""
        return ROUTE_LABELS[self]

    @property
    def qualifying(self) -> bool:
        """Whether starters by this route are newly qualified (they begin the ASYE)."""
        return self in QUALIFYING_ROUTES


ROUTE_LABELS: dict[RecruitmentRoute, str] = {
    RecruitmentRoute.ACADEMY: "Academy / ASYE",
    RecruitmentRoute.STEP_UP: "Step Up",
    RecruitmentRoute.FRONTLINE: "Frontline",
    RecruitmentRoute.APPRENTICESHIP: "Apprenticeship",
    RecruitmentRoute.RETURN_TO_PRACTICE: "Return to practice",
    RecruitmentRoute.INTERNATIONAL: "International",
    RecruitmentRoute.EXPERIENCED: "Experienced, another authority",
    RecruitmentRoute.AGENCY_CONVERSION: "Agency conversion",
    RecruitmentRoute.OTHER: "Other",
}

#: Routes whose starters are newly qualified social workers beginning the ASYE.
QUALIFYING_ROUTES = frozenset(
    {
        RecruitmentRoute.ACADEMY,
        RecruitmentRoute.STEP_UP,
        RecruitmentRoute.FRONTLINE,
        RecruitmentRoute.APPRENTICESHIP,
    }
)

#: An agency assignment ending this many days or fewer before LA employment begins: a conversion.
CONVERSION_DAYS = 31


def route_for_origin(
    origin: StartOrigin | None, step_up: bool = False, frontline: bool = False
) -> RecruitmentRoute | None:
    """The route a census ``StartOrigin`` (with the ``StepUpGrad`` and ``FrontlineGrad`` flags)
    stands for; ``None`` for "not known", "not yet collected" or no origin."""
    if origin is StartOrigin.NEWLY_QUALIFIED:
        if frontline:
            return RecruitmentRoute.FRONTLINE
        if step_up:
            return RecruitmentRoute.STEP_UP
        return RecruitmentRoute.ACADEMY
    return _ORIGIN_ROUTES.get(origin) if origin is not None else None


_ORIGIN_ROUTES: dict[StartOrigin, RecruitmentRoute] = {
    StartOrigin.OTHER_LA_ENGLAND: RecruitmentRoute.EXPERIENCED,
    StartOrigin.SOCIAL_WORK_OUTSIDE_ENGLAND: RecruitmentRoute.INTERNATIONAL,
    StartOrigin.AGENCY_ENGLAND: RecruitmentRoute.AGENCY_CONVERSION,
    StartOrigin.OTHER_SOCIAL_WORK_ENGLAND: RecruitmentRoute.EXPERIENCED,
    StartOrigin.OTHER_SOCIAL_CARE: RecruitmentRoute.OTHER,
    StartOrigin.NON_SOCIAL_CARE: RecruitmentRoute.RETURN_TO_PRACTICE,
    StartOrigin.OTHER: RecruitmentRoute.OTHER,
}


def origin_for_route(route: RecruitmentRoute) -> StartOrigin:
    """The census ``StartOrigin`` a route is returned as (qualifying routes: newly qualified;
    return to practice: no employment or career break)."""
    if route.qualifying:
        return StartOrigin.NEWLY_QUALIFIED
    return {
        RecruitmentRoute.RETURN_TO_PRACTICE: StartOrigin.NON_SOCIAL_CARE,
        RecruitmentRoute.INTERNATIONAL: StartOrigin.SOCIAL_WORK_OUTSIDE_ENGLAND,
        RecruitmentRoute.EXPERIENCED: StartOrigin.OTHER_LA_ENGLAND,
        RecruitmentRoute.AGENCY_CONVERSION: StartOrigin.AGENCY_ENGLAND,
    }.get(route, StartOrigin.OTHER)


def starter_route(spell: RoleSpell, worker_spells: Sequence[RoleSpell]) -> RecruitmentRoute | None:
    """The route of a starting spell: as recorded, else an academy cohort member's academy, else an
    agency worker's conversion; ``None`` when the history does not say."""
    if spell.route is not None:
        return RecruitmentRoute(spell.route)
    if spell.cohort is not None:
        return RecruitmentRoute.ACADEMY
    window = spell.start - timedelta(days=CONVERSION_DAYS)
    if any(
        not other.la_employed and other.end is not None and window <= other.end < spell.start
        for other in worker_spells
    ):
        return RecruitmentRoute.AGENCY_CONVERSION
    return None


@dataclass(frozen=True, slots=True)
class RouteStarter:
    """One start at the authority: its route (``None``: not recorded) and its follow-up."""

    worker_ref: str
    start: date
    route: RecruitmentRoute | None
    follow_up: FollowUp


def route_starters(spells: Iterable[RoleSpell], as_at: date) -> list[RouteStarter]:
    """Every LA-employed start by ``as_at`` with its route, and the days to leaving the authority
    (or to ``as_at``, still in post)."""
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        if spell.start <= as_at:
            by_worker[spell.worker_ref].append(spell)
    every = [s for group in by_worker.values() for s in group]
    starters = []
    for spell in sorted(arrivals(every, date.min, as_at), key=lambda s: (s.start, s.worker_ref)):
        own = by_worker[spell.worker_ref]
        left = [
            s.end
            for s in leaver_spells(own, spell.start - timedelta(days=1), as_at)
            if s.end is not None and s.end >= spell.start
        ]
        if left:
            follow = FollowUp((min(left) - spell.start).days + 1, left=True)
        else:
            follow = FollowUp((as_at - spell.start).days, left=False)
        starters.append(
            RouteStarter(spell.worker_ref, spell.start, starter_route(spell, own), follow)
        )
    return starters


#: Months at which route retention is shown.
ROUTE_RETENTION_MONTHS = (12, 24)
#: Years of starts the volume a year is counted over.
VOLUME_YEARS = 3


@dataclass(frozen=True, slots=True)
class RouteFigures:
    """One route's history: starts a year over the last ``VOLUME_YEARS`` years (or the history
    held, if shorter), everyone who ever started by it, and Kaplan–Meier retention."""

    route: RecruitmentRoute | None
    starters: int
    recent_starters: int
    per_year: float
    retention: tuple[SurvivalPoint, ...]
    leavers: int
    exposure_years: float

    @property
    def leaver_rate(self) -> float | None:
        """Leavers per person-year in post after starting by this route (``None`` without
        exposure): the constant hazard the projection gives the route's starters."""
        return self.leavers / self.exposure_years if self.exposure_years > 0 else None

    def retention_at(self, months: int) -> float | None:
        """Kaplan–Meier retention at ``months``."""
        return next((p.retention for p in self.retention if p.months == months), None)


def route_figures(
    spells: Sequence[RoleSpell], as_at: date, years: int = VOLUME_YEARS
) -> list[RouteFigures]:
    """Per route (in route order, then "not recorded"), the starts a year and retention."""
    starters = route_starters(spells, as_at)
    first = min((s.start for s in starters), default=as_at)
    since = max(add_months(as_at, -12 * years) + timedelta(days=1), first)
    span_years = max(((as_at - since).days + 1) / 365.25, 1 / 12)
    grouped: dict[RecruitmentRoute | None, list[RouteStarter]] = defaultdict(list)
    for starter in starters:
        grouped[starter.route].append(starter)
    figures = []
    for route in (*RecruitmentRoute, None):
        group = grouped.get(route, [])
        if not group:
            continue
        recent = sum(1 for s in group if s.start >= since)
        follow = [s.follow_up for s in group]
        figures.append(
            RouteFigures(
                route=route,
                starters=len(group),
                recent_starters=recent,
                per_year=recent / span_years,
                retention=survival_curve(follow, ROUTE_RETENTION_MONTHS),
                leavers=sum(1 for f in follow if f.left),
                exposure_years=sum(f.days for f in follow) / 365.25,
            )
        )
    return figures


#: Person-years a route's starters must have been followed for before its own rate is used.
MIN_ROUTE_EXPOSURE_YEARS = 2.0
#: The highest route leaver rate carried into a scenario (a scenario's rates stop at 5).
MAX_ROUTE_RATE = 5.0


def route_leaver_rates(figures: Iterable[RouteFigures]) -> Mapping[RecruitmentRoute, float]:
    """The calibrated leaver rate of every recorded route followed for at least
    ``MIN_ROUTE_EXPOSURE_YEARS`` person-years (others follow the band rates)."""
    return {
        f.route: min(rate, MAX_ROUTE_RATE)
        for f in figures
        if f.route is not None
        and f.exposure_years >= MIN_ROUTE_EXPOSURE_YEARS
        and (rate := f.leaver_rate) is not None
    }
