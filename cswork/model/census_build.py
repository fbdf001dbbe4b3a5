"""Building the census return from role spells, caseload counts, absences and worker details.

One record per LA-employed worker in post at any time in the census year (1 October to 30 September),
and one per agency worker engaged on 30 September. A worker's record describes their role on
30 September, or the role they left from; a worker holding two roles at once is one record with the
FTEs added, as the census asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from cswork.model.census import CensusReturn, CensusWorker, StartOrigin, census_date
from cswork.model.months import year_before
from cswork.model.position import funded_fte, leaver_spells, primary_spells
from cswork.model.routes import RecruitmentRoute, origin_for_route
from cswork.model.workforce import (
    CONTINUITY_DAYS,
    EstablishmentLine,
    LeaverDestination,
    LeavingReason,
    RoleSpell,
)


@dataclass(frozen=True, slots=True)
class WorkerDetails:
    """What the census needs about a person beyond their spells; all optional."""

    swe_number: str | None = None
    swe_hashed: bool = False
    birth_date: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    qual_inst: tuple[str, ...] = ()
    qual_level: int | None = None


@dataclass(frozen=True, slots=True)
class SpellOrigin:
    """The census fields a role spell carries that :class:`RoleSpell` does not."""

    start_origin: str | None = None
    leaver_destination: str | None = None


#: A worker or spell the store holds nothing more about (shared: made once, not once per worker).
_NO_DETAILS = WorkerDetails()
_NO_ORIGIN = SpellOrigin()


@dataclass(frozen=True, slots=True)
class Absence:
    """Working days a worker lost over a period (inclusive dates)."""

    worker_ref: str
    start: date
    end: date
    days: float


@dataclass(frozen=True, slots=True)
class LaLevel:
    """The LA-level figures of a return (``LALevelVacancies``): vacancy FTE, and the agency workers
    *covering vacancies* (``NoAgencyFTE``, ``NoAgencyHeadcount``) on 30 September.

    The schema holds the agency figures inside the vacancies element, and DfE's guide and statistics
    ask for the agency workers covering vacancies (the "agency cover of vacancies" measure), not every
    agency worker: those are in the worker records (``AgencyWorker`` 1).
    """

    vacancy_fte: float
    agency_fte: float  # covering vacancies
    agency_headcount: int  # covering vacancies


def la_level(
    spells: Iterable[RoleSpell], establishment: Iterable[EstablishmentLine], on: date
) -> LaLevel:
    """The LA-level figures on ``on`` as :func:`cswork.model.position.workforce_position` gives
    them for the authority (``vacancy_fte``, ``agency_cover_fte``, ``agency_cover_headcount``),
    added in the same order, without the rest of the position (a regional pool's turnover and
    caseloads, which the return does not use, took most of the time)."""
    held: dict[tuple[str, int], float] = defaultdict(float)
    cover_fte, covering = 0.0, set()
    for spell in spells:
        if not spell.in_post(on):
            continue
        if spell.la_employed:
            held[(spell.team, spell.org_role)] += spell.fte
        elif spell.covering_vacancy:
            cover_fte += spell.fte
            covering.add(spell.worker_ref)
    vacancy = 0.0
    for post, funded in funded_fte(establishment, on).items():
        vacancy += max(0.0, funded - held.get(post, 0.0))
    return LaLevel(round(vacancy, 6), round(cover_fte, 6), len(covering))


def days_lost_in(absences: Iterable[Absence], start: date, end: date) -> dict[str, float]:
    """Working days lost per worker in ``[start, end]``; a period straddling the bounds counts in
    proportion to its calendar days inside them."""
    lost: dict[str, float] = defaultdict(float)
    for absence in absences:
        first, last = max(absence.start, start), min(absence.end, end)
        if first > last:
            continue
        share = ((last - first).days + 1) / ((absence.end - absence.start).days + 1)
        lost[absence.worker_ref] += absence.days * share
    return dict(lost)


def service_start(spell: RoleSpell, spells: Sequence[RoleSpell]) -> RoleSpell:
    """The first spell of the unbroken run of service ending in ``spell`` (gaps of up to a week
    between spells of the same worker are a move, not a break)."""
    first = spell
    while True:
        window = first.start - timedelta(days=CONTINUITY_DAYS)
        earlier = [s for s in spells if s.end is not None and window <= s.end < first.start]
        if not earlier:
            return first
        first = min(earlier, key=lambda s: s.start)


@cache  # a census code is found by listing the enum: once per slug, not once per worker
def _code(
    enum: type[LeavingReason | LeaverDestination | StartOrigin], slug: str | None
) -> int | None:
    if not slug:
        return None
    try:
        return enum(slug).dfe_code
    except ValueError:
        return None


@cache  # once per route recorded, not once per worker
def _route(slug: str) -> RecruitmentRoute:
    return RecruitmentRoute(slug)


@cache
def _route_origin(route: RecruitmentRoute) -> int:
    """The census StartOrigin code a route is returned as."""
    return origin_for_route(route).dfe_code


def _worker_record(
    ref: str,
    agency: bool,
    spells: Sequence[RoleSpell],
    leaver: RoleSpell | None,
    on: date,
    extras: Mapping[tuple[str, date], SpellOrigin],
    details: WorkerDetails,
    cases: int | None,
    days_lost: float | None,
    absent: Mapping[str, str] | None = None,
) -> CensusWorker:
    in_post = [s for s in spells if s.in_post(on)]
    fte30 = round(sum(s.fte for s in in_post), 6) if in_post else None
    role = primary_spells(in_post)[ref] if in_post else leaver or max(spells, key=lambda s: s.start)
    first = service_start(role, spells)
    origin = extras.get((ref, first.start), _NO_ORIGIN)
    left = extras.get((ref, leaver.start), _NO_ORIGIN) if leaver else _NO_ORIGIN
    route = _route(first.route) if first.route and not agency else None
    start_origin = _code(StartOrigin, origin.start_origin)
    if start_origin is None and route is not None:
        start_origin = _route_origin(route)
    return CensusWorker(
        worker_ref=ref,
        agency=agency,
        swe_number=details.swe_number,
        swe_hashed=details.swe_hashed,
        fte=fte30 if fte30 is not None else round(role.fte, 6),
        birth_date=details.birth_date,
        gender=details.gender,
        ethnicity=details.ethnicity,
        qual_inst=details.qual_inst,
        qual_level=details.qual_level,
        org_role=role.org_role,
        role_start=first.start,
        start_origin=start_origin,
        role_end=leaver.end if leaver else None,
        leaver_destination=_code(LeaverDestination, left.leaver_destination) if leaver else None,
        reason_leave=_code(LeavingReason, leaver.leaving_reason) if leaver else None,
        fte30=fte30,
        cases30=cases if in_post else None,
        working_days_lost=round(days_lost, 2) if days_lost is not None else None,
        qualified=role.qualified,
        step_up_grad=None if route is None else route is RecruitmentRoute.STEP_UP,
        frontline_grad=None if route is None else route is RecruitmentRoute.FRONTLINE,
        absent_30_sept=None if absent is None or agency or fte30 is None else ref in absent,
        absence_reason=None if absent is None or agency or fte30 is None else absent.get(ref),
    )


def build_return(
    year: int,
    la_code: str,
    la_level: LaLevel,
    spells: Sequence[RoleSpell],
    extras: Mapping[tuple[str, date], SpellOrigin],
    details: Mapping[str, WorkerDetails],
    cases: Mapping[str, int],
    absences: Iterable[Absence],
    absent: Mapping[str, str] | None = None,
) -> CensusReturn:
    """The return for the census year ending 30 September ``year``, workers in reference order.
    ``cases``: each worker's cases at the latest count on or before 30 September
    (:func:`cswork.model.position.latest_case_counts`). ``absent``: the ReasonAbsence code of each worker on long-term absence on 30 September
    (``None``: absence at that date is not recorded, and Absat30Sept is left out)."""
    on = census_date(year)
    window_start = year_before(on)
    lost = days_lost_in(absences, window_start + timedelta(days=1), on)
    leaving: dict[str, RoleSpell] = {}
    for spell in sorted(leaver_spells(spells, window_start, on), key=lambda s: s.start):
        leaving[spell.worker_ref] = spell
    by_worker: dict[tuple[str, bool], list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        if spell.start <= on:
            by_worker[(spell.worker_ref, not spell.la_employed)].append(spell)

    workers = []
    for (ref, agency), worker_spells in sorted(by_worker.items()):
        in_year = [s for s in worker_spells if s.end is None or s.end > window_start]
        if agency and not any(s.in_post(on) for s in worker_spells):
            continue
        if not in_year:
            continue
        leaver = None if agency else leaving.get(ref)
        if leaver is not None and any(s.start > leaver.start for s in worker_spells):
            leaver = None  # left and came back: report the role held now
        workers.append(
            _worker_record(
                ref,
                agency,
                worker_spells,
                leaver,
                on,
                extras,
                details.get(ref, _NO_DETAILS),
                cases.get(ref, 0),
                lost.get(ref),
                absent,
            )
        )
    return CensusReturn(
        year=year,
        la_code=la_code,
        vacancy_fte=round(la_level.vacancy_fte, 2),
        agency_fte=round(la_level.agency_fte, 2),
        agency_headcount=la_level.agency_headcount,
        workers=tuple(workers),
    )
