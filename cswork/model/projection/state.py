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

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat

import numpy as np

from cswork.model.count_table import CaseCountTable, DatedCounts
from cswork.model.months import add_months, completed_months
from cswork.model.position import funded_fte
from cswork.model.pressure import asye_start
from cswork.model.projection.assumptions import BANDS
from cswork.model.settings import CASE_TYPES, Settings
from cswork.model.spell_table import (
    EARLY_CAREER,
    EXPERIENCED,
    SENIOR,
    Bools,
    Floats,
    Ints,
    SpellTable,
    arrival_rows,
    in_order,
    weighted_counts,
)
from cswork.model.workforce import CASE_HOLDING_ROLES, CaseCount, EstablishmentLine, RoleSpell

#: The group of agency workers, after the bands.
AGENCY = len(BANDS)
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
    horizon, as a persistent process does. The trend fades: each month's growth is ``damping``
    times the month before's (1: it never fades)."""

    cases: Mapping[str, float]
    weights: Mapping[str, float]
    trend: Mapping[str, float]
    noise_sd: float = 0.0
    persistence: float = 0.0
    deviation: float = 0.0
    growth_sd: float = 0.0
    damping: float = 1.0


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
    case_counts: Sequence[CaseCount] | CaseCountTable | DatedCounts,
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
    table: SpellTable | None = None,
) -> StartingState:
    """The starting position at ``as_at`` from the store's records.

    Caseload counts count at their latest date on or before ``as_at``; they may be given as a
    :class:`CaseCountTable` or :class:`DatedCounts`. The spells are read as columns (``table``,
    when given, must be ``SpellTable.of(spells)``); every sum adds the same values in the same
    order as a loop over the records would.
    """
    asye_months, experienced_at = slot_bounds(settings)
    columns = table if table is not None else SpellTable.of(spells)
    workers = len(columns.refs)
    day = as_at.toordinal()
    in_post = columns.in_post(day)
    la_rows, agency_rows = in_post[columns.la[in_post]], in_post[~columns.la[in_post]]
    agency_fte = in_order(columns.fte[agency_rows])
    la_fte = weighted_counts(columns.worker[la_rows], columns.fte[la_rows], workers)
    rank = columns.ranks()
    main_la = columns.primary(la_rows, rank)
    main_any = columns.primary(in_post, rank)
    latest = LatestCounts.of(case_counts, as_at, columns.refs)

    # LA-employed people by band and slot, each with the FTE of all their roles
    began = columns.asye_began(cohort_starts)
    band, slot = columns.bands(main_la, day, began, asye_months, experienced_at)
    own_fte = la_fte[columns.worker[main_la]]
    heads = np.bincount(band, minlength=len(BANDS)).tolist()
    band_fte = weighted_counts(band, own_fte, len(BANDS)).tolist()
    slotted = band <= EARLY_CAREER
    slots = [float(n) for n in np.bincount(slot[slotted], minlength=experienced_at).tolist()]
    slot_fte = weighted_counts(slot[slotted], own_fte[slotted], experienced_at).tolist()
    band_of = np.full(workers, AGENCY, dtype=np.int64)
    band_of[columns.worker[main_la]] = band

    # cases held at the latest count by each worker's main role
    is_main = np.zeros(workers, dtype=np.bool_)
    is_main[columns.worker[main_any]] = True
    cases = latest.cases_by_type(is_main)

    # case-holding share and capacity per FTE, by band and for agency workers
    group = np.where(columns.la[main_any], band_of[columns.worker[main_any]], AGENCY)
    fte = columns.fte[main_any]
    holds = latest.held(workers)[columns.worker[main_any]] > 0
    target = np.array(
        [team_targets.get(team) or settings.target_caseload for team in columns.teams]
    )
    case_holding = np.isin(columns.role[main_any], list(CASE_HOLDING_ROLES))
    groups = (*BANDS, "agency")

    def by_group(weights: Floats, where: Bools) -> dict[str, float]:
        sums = weighted_counts(group[where], weights[where], len(groups))
        return dict(zip(groups, sums.tolist(), strict=True))

    everyone = np.ones(len(main_any), dtype=np.bool_)
    main_fte = by_group(fte, everyone)
    holding_fte = by_group(fte, holds)
    capacity = by_group(
        fte * target[columns.team[main_any]] if len(main_any) else fte, case_holding
    )
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
    in_post_fte = in_order(own_fte) if len(own_fte) else 0  # sum() of nothing, as before
    funded = funded_fte(establishment, as_at)
    roles = int(columns.role.max(initial=0)) + 1
    by_post = weighted_counts(
        columns.team[la_rows] * roles + columns.role[la_rows],
        columns.fte[la_rows],
        len(columns.teams) * roles + 1,  # the last: a post with nobody's team or role
    )
    team_of = {team: i for i, team in enumerate(columns.teams)}
    nobody = len(columns.teams) * roles
    posts = np.fromiter(
        (
            team_of[team] * roles + role if team in team_of and 0 <= role < roles else nobody
            for team, role in funded
        ),
        dtype=np.int64,
        count=len(funded),
    )
    # vacant FTE post by post (max(0.0, f - in post), as the position takes it), added in order
    short = np.fromiter(funded.values(), dtype=np.float64, count=len(funded)) - by_post[posts]
    vacancy = in_order(np.where(short > 0.0, short, 0.0)) if funded else 0  # sum() of nothing
    establishment_fte = sum(funded.values())
    changes = sorted({line.effective_from for line in establishment if line.effective_from > as_at})
    steps = tuple((on, sum(funded_fte(establishment, on).values())) for on in changes)
    arrived = arrival_rows(columns, add_months(as_at, -ARRIVAL_MONTHS), as_at)
    return StartingState(
        as_at=as_at,
        asye_months=asye_months,
        experienced_at=experienced_at,
        slots=tuple(slots),
        experienced=float(heads[EXPERIENCED]),
        senior=float(heads[SENIOR]),
        slot_fte=tuple(slot_fte),
        experienced_fte=band_fte[EXPERIENCED],
        senior_fte=band_fte[SENIOR],
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
        hire_fte=_arrival_fte(columns, arrived, cohort=False),
        nqsw_fte=_arrival_fte(columns, arrived, cohort=True),
    )


@dataclass(frozen=True, slots=True)
class LatestCounts:
    """The caseload counts of the latest count date on or before a date, as columns: each count's
    worker (numbered as the spell table numbers them; -1 for a worker with no spell), case type
    (indexing ``names``) and cases, in the counts' order."""

    names: tuple[str, ...]
    worker: Ints
    case_type: Ints
    cases: Floats

    @classmethod
    def of(
        cls,
        counts: Sequence[CaseCount] | CaseCountTable | DatedCounts,
        as_at: date,
        refs: Sequence[str],
    ) -> LatestCounts:
        """The latest counts from records or from a table."""
        if isinstance(counts, DatedCounts):
            counts = counts.latest(as_at)
        if isinstance(counts, CaseCountTable):
            index = bisect_right(counts.dates, as_at)
            first, stop = np.searchsorted(counts.day, [index - 1, index]) if index else (0, 0)
            known = _renumbered(counts.refs, tuple(refs))
            kinds = counts.case_type[first:stop].astype(np.int64)
            return cls(
                names=(*CASE_TYPES, "OTHER"),  # -1, any other type, is the last
                worker=known[counts.worker[first:stop]],
                case_type=np.where(kinds >= 0, kinds, len(CASE_TYPES)),
                cases=counts.cases[first:stop].astype(np.float64),
            )
        number = {ref: i for i, ref in enumerate(refs)}
        dated = [c for c in counts if c.as_at <= as_at]
        latest_day = max((c.as_at for c in dated), default=None)
        latest = [c for c in dated if c.as_at == latest_day]
        names = tuple(dict.fromkeys(c.case_type for c in latest))
        kind = {name: i for i, name in enumerate(names)}
        return cls(
            names=names,
            worker=np.array([number.get(c.worker_ref, -1) for c in latest], dtype=np.int64),
            case_type=np.array([kind[c.case_type] for c in latest], dtype=np.int64),
            cases=np.array([c.cases for c in latest], dtype=np.float64),
        )

    def held(self, workers: int) -> Floats:
        """Cases held by each of the spell table's workers."""
        known = self.worker >= 0
        return weighted_counts(self.worker[known], self.cases[known], workers)

    def cases_by_type(self, counted: Bools) -> dict[str, float]:
        """Cases of each type held by the ``counted`` workers, types in order of first count."""
        rows = (self.worker >= 0) & counted[np.maximum(self.worker, 0)]
        kinds = self.case_type[rows]
        present, first = np.unique(kinds, return_index=True)
        sums = weighted_counts(kinds, self.cases[rows], len(self.names)).tolist()
        return {self.names[k]: sums[k] for k in present[np.argsort(first)].tolist()}


def _renumbered(count_refs: tuple[str, ...], spell_refs: tuple[str, ...]) -> Ints:
    """Each of the count table's workers as the spell table numbers them (-1: no spell), worked
    out once for the many positions made from the same two tables (the last pair asked for is
    kept, known by identity: the tables are immutable)."""
    held = _RENUMBERED.get("last")
    if held is not None and held[0] is count_refs and held[1] is spell_refs:
        return held[2]
    number = dict(zip(spell_refs, range(len(spell_refs)), strict=True))
    known = np.fromiter(map(number.get, count_refs, repeat(-1)), dtype=np.int64)
    known.flags.writeable = False
    _RENUMBERED["last"] = (count_refs, spell_refs, known)
    return known


_RENUMBERED: dict[str, tuple[tuple[str, ...], tuple[str, ...], Ints]] = {}


#: Months of arrivals whose FTE sets the FTE of projected arrivals.
ARRIVAL_MONTHS = 24


def _arrival_fte(columns: SpellTable, rows: Ints, *, cohort: bool) -> float:
    """The average FTE of the people who joined (``rows``: the arrivals in the two years to the
    start) through an academy cohort (``cohort``) or otherwise; 1.0 when nobody did."""
    joined = rows[columns.in_cohort[rows] == cohort]
    return in_order(columns.fte[joined]) / len(joined) if len(joined) else 1.0
