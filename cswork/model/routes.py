"""Recruitment routes: how each starter came to the authority, how many come a year by each route,
and how long they stay (Kaplan–Meier retention by route).

A starter's route is the one recorded on their starting spell (a staff import's route column, or
the census ``StartOrigin`` with the Step Up and Frontline flags); when none is recorded it is
inferred where the history says it plainly: a member of an academy cohort came through the academy,
and someone whose agency assignment ended within a month before their LA employment began
converted from agency. Starters with neither are counted as "not recorded", never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import repeat
from typing import TYPE_CHECKING

from cswork.model.census import StartOrigin
from cswork.model.months import add_months
from cswork.model.survival import SurvivalPoint, followed_curve
from cswork.model.workforce import RoleSpell

if TYPE_CHECKING:  # numpy is imported where the figures are worked out: the census path needs none
    from cswork.model.spell_table import Ints, SpellTable


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
    spells: Sequence[RoleSpell],
    as_at: date,
    years: int = VOLUME_YEARS,
    *,
    table: SpellTable | None = None,
) -> list[RouteFigures]:
    """Per route (in route order, then "not recorded"), the starts a year and retention.

    Every LA-employed start by ``as_at`` (a person once per start day, the more senior role) is
    followed to the worker's first departure from the authority on or after it (``left``, that
    day counted), else to ``as_at``. Worked out in columns: ``table``, when given, must be
    ``SpellTable.of(spells)``, kept by a caller that asks for many dates."""
    import numpy as np

    from cswork.model.spell_table import OPEN_END, SpellTable, arrival_rows, departure_rows

    columns = table if table is not None else SpellTable.of(spells)
    day = as_at.toordinal()
    if (columns.start > day).any():
        columns = columns.started_by(as_at)
    rows = arrival_rows(columns, date.min, as_at)
    begins = columns.start[rows]
    route = _route_codes(columns, rows)
    # each start's follow-up ends at the worker's first departure on or after it, if any
    span = OPEN_END + 1
    left_rows = departure_rows(columns, date.min, as_at)
    ended = np.sort(columns.worker[left_rows] * span + columns.end[left_rows])
    base = columns.worker[rows] * span + begins
    found = np.searchsorted(ended, base, side="left")
    first_end = ended[np.minimum(found, len(ended) - 1)] if len(ended) else base
    left = (found < len(ended)) & (first_end // span == base // span)
    days = np.where(left, first_end - base + 1, day - begins)
    first = date.fromordinal(int(begins.min())) if len(rows) else as_at
    since = max(add_months(as_at, -12 * years) + timedelta(days=1), first)
    span_years = max(((as_at - since).days + 1) / 365.25, 1 / 12)
    recent = begins >= since.toordinal()
    figures = []
    for code, each in enumerate((*RecruitmentRoute, None)):
        group = route == code
        starters = int(group.sum())
        if not starters:
            continue
        figures.append(
            RouteFigures(
                route=each,
                starters=starters,
                recent_starters=int((group & recent).sum()),
                per_year=int((group & recent).sum()) / span_years,
                retention=followed_curve(days[group], left[group], ROUTE_RETENTION_MONTHS),
                leavers=int(left[group].sum()),
                exposure_years=int(days[group].sum()) / 365.25,
            )
        )
    return figures


_ROUTE_CODE: dict[str | None, int] = {
    route.value: code for code, route in enumerate(RecruitmentRoute)
}
_NOT_RECORDED = len(RecruitmentRoute)
_RECORDED_CODE = {**_ROUTE_CODE, None: _NOT_RECORDED}


def _route_codes(columns: SpellTable, rows: Ints) -> Ints:
    """Each starting row's route, as its place in ``(*RecruitmentRoute, None)``: as recorded,
    else an academy cohort member's academy, else an agency worker's conversion (an agency spell
    of theirs ending in the ``CONVERSION_DAYS`` before the start); not recorded when the history
    does not say. A start's route depends on nothing after it, so it is worked out once for every
    table of the spells started by a date (see :meth:`SpellTable.row_figure`)."""
    from cswork.model.spell_table import record_field

    if (columns.end < columns.start).any():
        # A spell ending before it starts (odd date text the schema's check lets through) can
        # make a start a conversion from an agency spell that began after it, and that spell is
        # not in every table holding the start: the route is this table's own, worked out here.
        codes = _worked_out(columns, rows)
    else:
        codes = columns.row_figure("route", rows, lambda missing: _worked_out(columns, missing))
    unknown = codes < 0
    if unknown.any():
        for value in record_field(columns.spells, "route", rows[unknown]):
            RecruitmentRoute(value)  # not a route: raises ValueError naming it
    return codes


def _worked_out(columns: SpellTable, rows: Ints) -> Ints:
    """:func:`_route_codes` of ``rows``, read from their records (-1 for a route not known)."""
    import numpy as np

    from cswork.model.spell_table import converted_rows, record_field

    recorded = record_field(columns.spells, "route", rows)
    codes = np.fromiter(
        map(_RECORDED_CODE.get, recorded, repeat(-1)), dtype=np.int64, count=len(recorded)
    )
    unrecorded = codes == _NOT_RECORDED
    academy = unrecorded & columns.in_cohort[rows]
    conversion = unrecorded & ~academy & converted_rows(columns, rows, CONVERSION_DAYS)
    codes[academy] = _ROUTE_CODE[RecruitmentRoute.ACADEMY.value]
    codes[conversion] = _ROUTE_CODE[RecruitmentRoute.AGENCY_CONVERSION.value]
    return codes


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
