"""The starting position of a projection, built from role spells, establishment and caseloads.

LA-employed workers are counted as people, by experience band; within the NQSW and early-career bands
each person sits in a *slot*, their month since the ASYE began (NQSWs) or since qualifying (early
career), so that ASYE completion and progression to experienced happen at the right month. Beside
the people, each slot and band holds the FTE of the people in it (each person's own FTE, summed), and
the engine moves FTE with the people, so that crossing a band boundary never changes anyone's FTE.
FTE in post, agency FTE and vacancy FTE at the start are exactly those of
:func:`cswork.model.position.workforce_position` on the same date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cswork.model.months import add_months, completed_months
from cswork.model.position import arrivals, funded_fte, latest_case_counts, primary_spells
from cswork.model.pressure import asye_start
from cswork.model.projection.assumptions import BANDS
from cswork.model.settings import Settings
from cswork.model.workforce import CASE_HOLDING_ROLES, CaseCount, EstablishmentLine, RoleSpell

#: Case-holding share and capacity per FTE assumed for a band with nobody in it at the start.
_EMPTY_BAND_HOLDING = {"nqsw": 1.0, "early_career": 1.0, "experienced": 1.0, "senior": 0.0}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a worker sits on a date: band, and slot (months) for NQSW and early-career bands."""

    band: str
    slot: int = 0


def place_worker(
    spell: RoleSpell,
    worker_spells: Sequence[RoleSpell],
    on: date,
    settings: Settings,
    cohort_starts: Mapping[str, date],
) -> Placement:
    """The band of a worker whose main spell on ``on`` is ``spell``.

    Managers (OrgRole 1-3) are senior; a worker within their ASYE is an NQSW; otherwise under the
    experienced threshold of post-qualifying months is early career (an unknown qualifying date counts
    as experienced).
    """
    if spell.org_role <= 3:
        return Placement("senior")
    asye_months, experienced_at = slot_bounds(settings)
    began = asye_start(worker_spells, cohort_starts)
    if began is not None:
        month = completed_months(began, on)
        if 0 <= month < asye_months:
            return Placement("nqsw", month)
    qualified = spell.qualified
    if qualified is not None:
        pqe = completed_months(qualified, on)
        if pqe < experienced_at:
            return Placement("early_career", min(max(pqe, asye_months), experienced_at - 1))
    return Placement("experienced")


def slot_bounds(settings: Settings) -> tuple[int, int]:
    """(ASYE months, months of PQE at which a worker becomes experienced), the latter > the former."""
    asye_months = settings.asye_months
    experienced_at = max(int(settings.number("experienced_pqe_months")), asye_months + 1)
    return asye_months, experienced_at


@dataclass(frozen=True, slots=True)
class Demand:
    """Cases held at the start by type and their trend (annual growth), and how demand strays from
    the trend: the log of weighted cases less the trend line is an AR(1) process with
    ``persistence`` (0 = independent months, near 1 = a random walk) and monthly innovations of sd
    ``noise_sd``, starting from ``deviation`` (the start's own distance from the line); the trend's
    annual log growth itself is uncertain, with sd ``growth_sd``. So the band widens with the
    horizon, as a persistent process does."""

    cases: Mapping[str, float]
    weights: Mapping[str, float]
    trend: Mapping[str, float]
    noise_sd: float = 0.0
    persistence: float = 0.0
    deviation: float = 0.0
    growth_sd: float = 0.0


@dataclass(frozen=True, slots=True)
class RateEvidence:
    """How much history stands behind each calibrated rate: the shape of the Gamma sampling
    distribution of the rate (its effective number of events), so that a run draws the rate as the
    scenario's value times Gamma(shape, 1/shape), mean 1. 0 means no draw (the rate is taken as
    known). ``no_show_places``: the planned places behind the no-show rate (a Beta draw)."""

    leavers: Mapping[str, float] = field(default_factory=dict)
    hires: float = 0.0
    conversions: float = 0.0
    no_show_places: float = 0.0
    #: How far the rates move from year to year beyond chance (sd of the log rate): each run's
    #: leaver rates share one such factor, and its hiring rate has its own.
    leaver_spread: float = 0.0
    hiring_spread: float = 0.0


@dataclass(frozen=True, slots=True)
class StartingState:
    """Everything the engine needs about the position at ``as_at``."""

    as_at: date
    asye_months: int
    experienced_at: int
    slots: tuple[float, ...]  # people by slot, length experienced_at
    experienced: float
    senior: float
    slot_fte: tuple[float, ...]  # FTE of the people in each slot
    experienced_fte: float
    senior_fte: float
    agency_fte: float
    establishment_fte: float
    over_establishment_fte: float  # FTE in post beyond funded posts, held at the start's level
    holding_share: Mapping[str, float]  # case-holding FTE ÷ FTE, per band and "agency"
    capacity_per_fte: Mapping[str, float]  # weighted cases a FTE can hold (NQSWs before factor)
    nqsw_factors: tuple[float, ...]
    target_caseload: float
    demand: Demand
    hire_fte: float = 1.0  # FTE of an arriving experienced hire (the recent average)
    nqsw_fte: float = 1.0  # FTE of an arriving NQSW (the recent average)
    #: Planned changes to the funded posts after the start: (from, total funded FTE from then).
    establishment_steps: tuple[tuple[date, float], ...] = ()
    evidence: RateEvidence = field(default_factory=RateEvidence)

    def establishment_on(self, on: date) -> float:
        """Funded FTE in force on ``on`` (the start's, or the latest planned change by then)."""
        funded = self.establishment_fte
        for since, total in self.establishment_steps:
            if since <= on:
                funded = total
        return funded

    @property
    def band_fte(self) -> dict[str, float]:
        """FTE by band."""
        return {
            "nqsw": sum(self.slot_fte[: self.asye_months]),
            "early_career": sum(self.slot_fte[self.asye_months :]),
            "experienced": self.experienced_fte,
            "senior": self.senior_fte,
        }

    @property
    def fte_per_head(self) -> dict[str, float]:
        """Average FTE per person by band (1.0 for an empty band)."""
        people, fte = self.people, self.band_fte
        return {band: fte[band] / people[band] if people[band] else 1.0 for band in BANDS}

    @property
    def people(self) -> dict[str, float]:
        """People by band."""
        return {
            "nqsw": sum(self.slots[: self.asye_months]),
            "early_career": sum(self.slots[self.asye_months :]),
            "experienced": self.experienced,
            "senior": self.senior,
        }

    @property
    def in_post_fte(self) -> float:
        """LA-employed FTE in post."""
        return sum(self.band_fte.values())

    @property
    def vacancy_fte(self) -> float:
        """Vacancy FTE: funded posts not filled, per post, as the position counts it."""
        return max(0.0, self.establishment_fte - self.in_post_fte + self.over_establishment_fte)


def build_starting_state(
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
        ),
        evidence=evidence or RateEvidence(),
        establishment_steps=steps,
        hire_fte=_arrival_fte(spells, as_at, cohort=False),
        nqsw_fte=_arrival_fte(spells, as_at, cohort=True),
    )


#: Months of arrivals whose FTE sets the FTE of projected arrivals.
ARRIVAL_MONTHS = 24


def _arrival_fte(spells: Sequence[RoleSpell], as_at: date, *, cohort: bool) -> float:
    """The average FTE of the people who joined in the two years to ``as_at`` through an academy
    cohort (``cohort``) or otherwise; 1.0 when nobody did."""
    joined = [
        s.fte
        for s in arrivals(spells, add_months(as_at, -ARRIVAL_MONTHS), as_at)
        if (s.cohort is not None) == cohort
    ]
    return sum(joined) / len(joined) if joined else 1.0
