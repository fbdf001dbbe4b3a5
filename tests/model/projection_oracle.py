"""The projection's history, starting position and calibration figures (recruitment routes with
their Kaplan–Meier retention, leavers to agency, the absence rate) as the record-by-record code
computed them before issue 18, kept unchanged as the oracle the column-wise code must equal to the
last bit."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from cswork.model.absence import AbsenceBook
from cswork.model.agency_flow import AgencyFlow
from cswork.model.census_build import days_lost_in
from cswork.model.cohorts import AcademyCohort, CohortOutcome, _member, _outcome
from cswork.model.measures import absence_rate
from cswork.model.months import add_months, year_before
from cswork.model.position import (
    Figures,
    arrivals,
    departures,
    funded_fte,
    latest_case_counts,
    leaver_spells,
    primary_spells,
    workforce_position,
)
from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.history import MonthRecord, converted, history_start, month_ends
from cswork.model.projection.state import (
    _EMPTY_BAND_HOLDING,
    Demand,
    RateEvidence,
    StartingState,
    place_worker,
    slot_bounds,
)
from cswork.model.routes import (
    CONVERSION_DAYS,
    ROUTE_RETENTION_MONTHS,
    VOLUME_YEARS,
    RecruitmentRoute,
    RouteFigures,
)
from cswork.model.settings import Settings
from cswork.model.survival import FollowUp, SurvivalPoint, days_in_months
from cswork.model.workforce import (
    CASE_HOLDING_ROLES,
    CaseCount,
    EstablishmentLine,
    LeaverDestination,
    RoleSpell,
)

ARRIVAL_MONTHS = 24


def reference_starting_state(
    spells: Sequence[RoleSpell],
    establishment: Sequence[EstablishmentLine],
    case_counts: Sequence[CaseCount],
    as_at: date,
    settings: Settings,
    team_targets: Mapping[str, float],
    cohort_starts: Mapping[str, date],
    demand_trend: Mapping[str, float],
    noise_sd: float,
    *,
    persistence: float = 0.0,
    deviation: float = 0.0,
    growth_sd: float = 0.0,
    damping: float = 1.0,
    evidence: RateEvidence | None = None,
) -> StartingState:
    """The starting position at ``as_at`` from the store's records."""
    asye_months, experienced_at = slot_bounds(settings)
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        by_worker[spell.worker_ref].append(spell)
    in_post = [s for s in spells if s.in_post(as_at)]
    la_fte: dict[str, float] = defaultdict(float)
    agency_fte = 0.0
    for spell in in_post:
        if spell.la_employed:
            la_fte[spell.worker_ref] += spell.fte
        else:
            agency_fte += spell.fte
    main_la = primary_spells(s for s in in_post if s.la_employed)
    main_any = primary_spells(in_post)
    held = latest_case_counts(case_counts, as_at)

    slots = [0.0] * experienced_at
    slot_fte = [0.0] * experienced_at
    people: dict[str, float] = defaultdict(float)
    fte: dict[str, float] = defaultdict(float)
    band_of: dict[str, str] = {}
    for ref, spell in main_la.items():
        place = place_worker(spell, by_worker[ref], as_at, settings, cohort_starts)
        band_of[ref] = place.band
        people[place.band] += 1
        fte[place.band] += la_fte[ref]
        if place.band in ("nqsw", "early_career"):
            slots[place.slot] += 1
            slot_fte[place.slot] += la_fte[ref]

    holding_fte: dict[str, float] = defaultdict(float)
    capacity: dict[str, float] = defaultdict(float)
    main_fte: dict[str, float] = defaultdict(float)
    cases: dict[str, float] = defaultdict(float)
    latest = [c for c in case_counts if c.as_at <= as_at]
    latest_day = max((c.as_at for c in latest), default=None)
    for count in latest:
        if count.as_at == latest_day and count.worker_ref in main_any:
            cases[count.case_type] += count.cases
    for ref, spell in main_any.items():
        group = band_of.get(ref, "agency") if spell.la_employed else "agency"
        main_fte[group] += spell.fte
        if held.get(ref, 0) > 0:
            holding_fte[group] += spell.fte
        if spell.org_role in CASE_HOLDING_ROLES:
            target = team_targets.get(spell.team) or settings.target_caseload
            capacity[group] += spell.fte * target

    groups = (*BANDS, "agency")
    holding_share = {
        g: holding_fte[g] / main_fte[g] if main_fte[g] > 0 else _EMPTY_BAND_HOLDING.get(g, 1.0)
        for g in groups
    }
    capacity_per_fte = {
        g: capacity[g] / main_fte[g]
        if main_fte[g] > 0
        else _EMPTY_BAND_HOLDING.get(g, 1.0) * settings.target_caseload
        for g in groups
    }
    in_post_fte = sum(la_fte.values())
    funded = funded_fte(establishment, as_at)
    la_by_post: dict[tuple[str, int], float] = defaultdict(float)
    for spell in in_post:
        if spell.la_employed:
            la_by_post[(spell.team, spell.org_role)] += spell.fte
    vacancy = sum(max(0.0, f - la_by_post.get(post, 0.0)) for post, f in funded.items())
    establishment_fte = sum(funded.values())
    changes = sorted({line.effective_from for line in establishment if line.effective_from > as_at})
    steps = tuple((on, sum(funded_fte(establishment, on).values())) for on in changes)
    return StartingState(
        as_at=as_at,
        asye_months=asye_months,
        experienced_at=experienced_at,
        slots=tuple(slots),
        experienced=people["experienced"],
        senior=people["senior"],
        slot_fte=tuple(slot_fte),
        experienced_fte=fte["experienced"],
        senior_fte=fte["senior"],
        agency_fte=agency_fte,
        establishment_fte=establishment_fte,
        over_establishment_fte=vacancy - (establishment_fte - in_post_fte),
        holding_share=holding_share,
        capacity_per_fte=capacity_per_fte,
        nqsw_factors=tuple(settings.nqsw_factor(m) for m in range(asye_months)),
        target_caseload=settings.target_caseload,
        demand=Demand(
            cases=dict(cases),
            weights=settings.weights,
            trend={t: demand_trend.get(t, 0.0) for t in cases},
            noise_sd=noise_sd,
            persistence=persistence,
            deviation=deviation,
            growth_sd=growth_sd,
            damping=damping,
        ),
        evidence=evidence or RateEvidence(),
        establishment_steps=steps,
        hire_fte=_arrival_fte(spells, as_at, cohort=False),
        nqsw_fte=_arrival_fte(spells, as_at, cohort=True),
    )


def _arrival_fte(spells: Sequence[RoleSpell], as_at: date, *, cohort: bool) -> float:
    """The average FTE of the people who joined in the two years to ``as_at`` through an academy
    cohort (``cohort``) or otherwise; 1.0 when nobody did."""
    joined = [
        s.fte
        for s in arrivals(spells, add_months(as_at, -ARRIVAL_MONTHS), as_at)
        if (s.cohort is not None) == cohort
    ]
    return sum(joined) / len(joined) if joined else 1.0


def reference_monthly_history(
    spells: Sequence[RoleSpell],
    establishment: Sequence[EstablishmentLine],
    last: date,
    settings: Settings,
    cohort_starts: Mapping[str, date],
) -> tuple[MonthRecord, ...]:
    """The months from the first LA-employed spell's month to ``last``."""
    la = [s for s in spells if s.la_employed]
    if not la:
        return ()
    workers: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        workers[spell.worker_ref].append(spell)
    left = departures(spells, date.min, last)
    ends = month_ends(history_start(la, left), last)
    index = {(on.year, on.month): i for i, on in enumerate(ends)}
    leavers = [[0] * len(BANDS) for _ in ends]
    for spell in left:
        assert spell.end is not None
        i = index.get((spell.end.year, spell.end.month))
        if i is not None:
            place = place_worker(
                spell, workers[spell.worker_ref], spell.end, settings, cohort_starts
            )
            leavers[i][BANDS.index(place.band)] += 1
    hires, conversions = [0] * len(ends), [0] * len(ends)
    for spell in arrivals(spells, date.min, last):
        i = index.get((spell.start.year, spell.start.month))
        if i is None:
            continue
        if converted(spell, workers[spell.worker_ref]):
            conversions[i] += 1
        elif spell.cohort is None:
            hires[i] += 1
    records = []
    for i, on in enumerate(ends):
        in_post = [s for s in spells if s.in_post(on)]
        exposure = [0.0] * len(BANDS)
        for ref, spell in primary_spells(s for s in in_post if s.la_employed).items():
            band = place_worker(spell, workers[ref], on, settings, cohort_starts).band
            exposure[BANDS.index(band)] += 1.0 / 12.0
        total = workforce_position(in_post, establishment, (), on).total
        records.append(
            MonthRecord(
                end=on,
                exposure=tuple(exposure),
                leavers=tuple(leavers[i]),
                hires=hires[i],
                conversions=conversions[i],
                agency_heads=total.agency_headcount,
                in_post_fte=total.in_post_fte,
                vacancy_fte=total.vacancy_fte,
                agency_fte=total.agency_fte,
            )
        )
    return tuple(records)


def reference_kaplan_meier(follow_ups: Sequence[FollowUp], days: int) -> float | None:
    """S(days), by counting the risk set afresh at every event day."""
    if not follow_ups:
        return None
    events = Counter(f.days for f in follow_ups if f.left and f.days <= days)
    survival = 1.0
    for day in sorted(events):
        at_risk = sum(1 for f in follow_ups if f.days >= day)
        survival *= 1.0 - events[day] / at_risk
    if survival > 0 and not any(
        f.days > days or (not f.left and f.days == days) for f in follow_ups
    ):
        return None
    return survival


def reference_survival_curve(
    follow_ups: Sequence[FollowUp], months: Iterable[int]
) -> tuple[SurvivalPoint, ...]:
    """Survival points at each of ``months``, each counted from every follow-up."""
    points = []
    for m in months:
        days = days_in_months(m)
        points.append(
            SurvivalPoint(
                months=m,
                retention=reference_kaplan_meier(follow_ups, days),
                at_risk=sum(1 for f in follow_ups if f.days >= days),
                left=sum(1 for f in follow_ups if f.left and f.days <= days),
                censored=sum(1 for f in follow_ups if not f.left and f.days < days),
            )
        )
    return tuple(points)


def _starter_route(spell: RoleSpell, worker_spells: Sequence[RoleSpell]) -> RecruitmentRoute | None:
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


def reference_route_figures(
    spells: Sequence[RoleSpell], as_at: date, years: int = VOLUME_YEARS, **_: object
) -> list[RouteFigures]:
    """Per route, the starts a year and retention, one starter record at a time."""
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        if spell.start <= as_at:
            by_worker[spell.worker_ref].append(spell)
    every = [s for group in by_worker.values() for s in group]
    starters: list[tuple[date, RecruitmentRoute | None, FollowUp]] = []
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
        starters.append((spell.start, _starter_route(spell, own), follow))
    first = min((start for start, _, _ in starters), default=as_at)
    since = max(add_months(as_at, -12 * years) + timedelta(days=1), first)
    span_years = max(((as_at - since).days + 1) / 365.25, 1 / 12)
    figures = []
    for route in (*RecruitmentRoute, None):
        group = [(start, follow) for start, each, follow in starters if each == route]
        if not group:
            continue
        recent = sum(1 for start, _ in group if start >= since)
        follow_ups = [follow for _, follow in group]
        figures.append(
            RouteFigures(
                route=route,
                starters=len(group),
                recent_starters=recent,
                per_year=recent / span_years,
                retention=reference_survival_curve(follow_ups, ROUTE_RETENTION_MONTHS),
                leavers=sum(1 for f in follow_ups if f.left),
                exposure_years=sum(f.days for f in follow_ups) / 365.25,
            )
        )
    return figures


def reference_leavers_to_agency(
    spells: Sequence[RoleSpell], as_at: date, window_months: int = 24, **_: object
) -> AgencyFlow:
    """Leavers over the window to ``as_at`` and those who went to agency work, record by record."""
    since = add_months(as_at, -window_months)
    left = departures(spells, since, as_at)
    unknown = {None, LeaverDestination.NOT_KNOWN.value, LeaverDestination.NOT_YET_COLLECTED.value}
    known = [s for s in left if s.destination not in unknown]
    to_agency = sum(1 for s in known if s.destination == LeaverDestination.AGENCY_ENGLAND.value)
    return AgencyFlow(since, as_at, len(left), len(known), to_agency)


def reference_absence_rate(
    book: AbsenceBook, fte_in_post: float, on: date, *_: object
) -> float | None:
    """The absence rate over the 12 months to ``on``, summing every period's days one by one."""
    lost = days_lost_in(book.periods, year_before(on) + timedelta(days=1), on)
    percent = absence_rate(sum(lost.values()), fte_in_post, book.working_days)
    return None if percent is None else percent / 100.0


def reference_actual_figures(history: Any, on: date) -> Figures:
    """The authority's position at ``on``, spell by spell (as backtests scored it before issue
    18); ``history`` is a :class:`cswork.services.projection.ProjectionHistory`."""
    return workforce_position(
        [s for s in history.spells if s.start <= on],
        history.establishment,
        history.counts.on_or_before(on),
        on,
    ).total


def reference_cohort_outcomes(
    cohorts: Iterable[AcademyCohort],
    spells: Sequence[RoleSpell],
    as_at: date,
    asye_months: int,
    academy_teams: Iterable[str] = (),
) -> list[CohortOutcome]:
    """Each cohort started by ``as_at``, its members found by looking at every worker in turn."""
    academy = frozenset(academy_teams)
    by_worker: dict[str, list[RoleSpell]] = {}
    for spell in spells:
        by_worker.setdefault(spell.worker_ref, []).append(spell)
    outcomes = []
    for cohort in sorted(cohorts, key=lambda c: (c.start, c.name)):
        if cohort.start > as_at:
            continue
        members = tuple(
            _member(ref, worker_spells, as_at, asye_months, academy)
            for ref, worker_spells in sorted(by_worker.items())
            if any(s.cohort == cohort.name for s in worker_spells)
            and any(s.la_employed and s.start <= as_at for s in worker_spells)
        )
        outcomes.append(_outcome(cohort, members, as_at))
    return outcomes


def reference_by_terms(u: Any, first: Any, ratio: Any, limit: Any) -> Any:
    """Inversion by summing terms as :func:`cswork.model.projection.quantiles._by_terms` did
    before issue 18: every step reads and writes the rows still short through their indices
    (``ratio(k, rows)`` gives each of those rows' next term ratio)."""
    import numpy as np

    k = np.zeros(u.shape, dtype=np.int64)
    pmf = first.copy()
    cdf = first.copy()
    rows = np.flatnonzero(u > cdf)
    step = 0
    while rows.size:
        step += 1
        pmf[rows] *= ratio(step, rows)
        cdf[rows] += pmf[rows]
        k[rows] = step
        rows = rows[(u[rows] > cdf[rows]) & (step < limit[rows])]
    return k


def reference_terms(u: Any, first: Any, ratio: Any, params: Any, limit: Any) -> Any:
    """:func:`reference_by_terms` called as the packed :func:`_by_terms` is called."""
    return reference_by_terms(
        u, first, lambda k, rows: ratio(k, *(column[rows] for column in params)), limit
    )
