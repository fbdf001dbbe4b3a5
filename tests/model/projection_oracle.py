"""The projection's history and starting position as the record-by-record code computed them
before issue 18, kept unchanged as the oracle the column-wise code must equal to the last bit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from cswork.model.months import add_months
from cswork.model.position import (
    arrivals,
    departures,
    funded_fte,
    latest_case_counts,
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
from cswork.model.settings import Settings
from cswork.model.workforce import CASE_HOLDING_ROLES, CaseCount, EstablishmentLine, RoleSpell

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
