"""The monthly stock-and-flow engine: deterministic (expected values) or Monte Carlo, vectorised.

Each month, in this order: leavers leave every band (monthly probability ``1 − exp(−rate / 12)`` from
the annual rate per person-year); everyone moves up a month, so NQSWs finishing the ASYE join the
early-career band and early-career workers reaching the experienced threshold become experienced;
managers who left are replaced by promotion from the experienced band; academy cohorts start (less
no-shows): the listed ones, then the academy's yearly pattern carried on after the last of them;
experienced hires arrive, never beyond the funded posts (the establishment with its planned
changes); agency workers convert to permanent; agency FTE then closes a quarter of the gap to its
target share of the vacancies. Hiring either follows the vacancies (a share of the vacant FTE
recruited each month) or is a number a month the scenario sets; what the funded posts leave no room
for is counted in ``hires_capped``.

Uncertainty is carried honestly in Monte Carlo mode: every run first draws its own rates from their
sampling distributions (leaver, hiring and conversion rates as the scenario's value times a
Gamma(shape, 1/shape) factor whose shape is the evidence behind the calibrated rate; no-shows from
a Beta), then its own demand path: the log of demand strays from its trend as an AR(1) process and
the trend's growth itself is drawn, so the band widens with the horizon. Leavers, no-shows and
conversions are then binomial, hires Poisson, and every stock of people a whole number. In
deterministic mode every draw is its expectation.

Random numbers come from separate streams per purpose (rates, demand, and each flow) spawned from
the seed, and every flow is drawn by inversion from one uniform a draw, a fixed block of them each
month: two scenarios run with the same seed and runs share their rate and demand draws exactly and
their flows' random numbers month by month, so differences between them are paired (a run with one
more person at risk has the same number of leavers or one more, never a fresh draw). Arrays are
shaped ``(runs, months + 1, bands)``, index 0 being the starting position.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection import quantiles
from cswork.model.projection.assumptions import (
    BANDS,
    Assumptions,
    PlannedCohort,
    RecurringIntake,
)
from cswork.model.projection.calibration import damped_months
from cswork.model.projection.route_stock import RouteStock
from cswork.model.projection.state import StartingState

#: Counts are int64 in Monte Carlo runs and float64 in expected values, so arrays are typed loosely.
Array = npt.NDArray[Any]

#: Share of the gap between agency FTE and its target closed each month (placements take time).
AGENCY_RESPONSE = 0.25
#: Weeks in a year, to turn an hourly charge into a monthly one.
WEEKS_PER_YEAR = 52.0


#: The purposes that draw flows, each from its own stream: a scenario that changes one flow leaves
#: the others' random numbers where they were.
FLOWS = (
    *("nqsw_leavers", "early_leavers", "experienced_leavers", "senior_leavers"),
    *("starts", "agency", "conversions", "hires"),
    *("route_leavers", "route_starts"),
)
#: Cohorts starting in one month that draw from the starts stream's fixed block; any more draw from
#: a stream of their own (never in practice: an academy takes one or two intakes a month at most).
COHORTS_A_MONTH = 4


class _Draws(Protocol):
    def people(self, amount: Array) -> Array: ...
    def month(self, shapes: dict[str, tuple[int, ...]]) -> None: ...
    def binomial(self, flow: str, n: Array, p: Array | float, row: Any = None) -> Array: ...
    def poisson(self, flow: str, lam: Array | float, runs: int, row: Any = None) -> Array: ...
    def whole(self, amount: Array) -> Array: ...
    def floor(self, amount: Array) -> Array: ...
    def factor(self, shape: float, runs: int) -> Array: ...
    def share(self, mean: float, size: float, runs: int) -> Array: ...
    def normal(self, sd: float, shape: tuple[int, ...]) -> Array: ...
    def spread(self, sd: float, runs: int) -> Array: ...


class _Expected:
    """Deterministic mode: every draw is its expected value."""

    def people(self, amount: Array) -> Array:
        return np.asarray(amount, dtype=np.float64)

    def month(self, shapes: dict[str, tuple[int, ...]]) -> None:
        pass

    def binomial(self, flow: str, n: Array, p: Array | float, row: Any = None) -> Array:
        return n * p

    def poisson(self, flow: str, lam: Array | float, runs: int, row: Any = None) -> Array:
        return np.broadcast_to(np.asarray(lam, dtype=np.float64), (runs,)).copy()

    def whole(self, amount: Array) -> Array:
        return amount

    def floor(self, amount: Array) -> Array:
        return amount

    def factor(self, shape: float, runs: int) -> Array:
        return np.ones(runs)

    def share(self, mean: float, size: float, runs: int) -> Array:
        return np.full(runs, mean)

    def normal(self, sd: float, shape: tuple[int, ...]) -> Array:
        return np.zeros(shape)

    def spread(self, sd: float, runs: int) -> Array:
        return np.zeros(runs)


class _Random:
    """Monte Carlo mode: rates and demand drawn per run from their own streams; leavers, no-shows,
    conversions and hires drawn by inversion, one uniform each, from a stream per flow.

    Each month every flow's stream gives the same block of uniforms (one per slot or band and run),
    used or not, so two scenarios' draws stay aligned month after month whatever their counts, and
    a run with one more person at risk has the same number leaving or one more (see
    :mod:`quantiles`).

    Runs come in blocks, each drawing from its own child of the seed (so the result never depends
    on how blocks are grouped or on the number of threads). Several blocks may be stepped as one
    group: every draw is made block by block, from each block's own streams in the order a block
    stepped alone would make it, and joined along the runs; all else is run by run, so a group
    gives exactly the runs its blocks give one by one, with a few large array operations in place
    of many small ones."""

    def __init__(self, seeds: Sequence[np.random.SeedSequence], sizes: Sequence[int]) -> None:
        self.sizes = tuple(sizes)
        self.rates: list[np.random.Generator] = []
        self.demand: list[np.random.Generator] = []
        self.streams: list[dict[str, np.random.Generator]] = []
        for seed in seeds:
            rates, demand, flows = seed.spawn(3)
            self.rates.append(np.random.default_rng(rates))
            self.demand.append(np.random.default_rng(demand))
            self.streams.append(
                {
                    name: np.random.default_rng(child)
                    for name, child in zip(
                        (*FLOWS, "spare"), flows.spawn(len(FLOWS) + 1), strict=True
                    )
                }
            )
        self.uniforms: dict[str, Array] = {}

    def _joined(self, draw: Any) -> Array:
        """``draw(block, runs)`` for every block, joined along the runs (the last axis)."""
        parts = [draw(block, runs) for block, runs in enumerate(self.sizes)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=-1)

    def people(self, amount: Array) -> Array:
        return np.rint(amount).astype(np.int64)

    def month(self, shapes: dict[str, tuple[int, ...]]) -> None:
        """Draw this month's block of uniforms for every flow."""
        self.uniforms = {name: self._random(name, shape) for name, shape in shapes.items()}

    def _random(self, stream: str, shape: tuple[int, ...]) -> Array:
        """Uniforms of ``shape`` (runs last) from every block's own ``stream``, joined."""
        return self._joined(
            lambda block, runs: self.streams[block][stream].random((*shape[:-1], runs))
        )

    def _uniforms(self, flow: str, row: Any, shape: tuple[int, ...]) -> Array:
        """This month's uniforms of ``flow``: the whole block, or its ``row`` (an index or an
        array of them); a row beyond the block draws from the spare stream."""
        block = self.uniforms[flow]
        if row is None:
            return block
        if isinstance(row, int) and row >= block.shape[0]:
            return self._random("spare", shape)
        rows: Array = block[row]
        return rows

    def binomial(self, flow: str, n: Array, p: Array | float, row: Any = None) -> Array:
        n = np.asarray(n)
        return quantiles.binomial(self._uniforms(flow, row, n.shape), n, p)

    def poisson(self, flow: str, lam: Array | float, runs: int, row: Any = None) -> Array:
        return quantiles.poisson(self._uniforms(flow, row, (runs,)), lam)

    def whole(self, amount: Array) -> Array:
        """Agency FTE as whole workers, rounded up with probability equal to the fraction, so that
        the expected number is the FTE itself."""
        floor = np.floor(amount)
        return (floor + (self.uniforms["agency"] < amount - floor)).astype(np.int64)

    def floor(self, amount: Array) -> Array:
        return np.floor(amount).astype(np.int64)

    def factor(self, shape: float, runs: int) -> Array:
        """Gamma(shape, 1/shape): mean 1, relative sd 1/sqrt(shape); always drawn, so the rate
        stream stays aligned whatever the evidence."""

        def draw(block: int, runs: int) -> Array:
            drawn = self.rates[block].standard_gamma(max(shape, 1e-9), runs)
            return drawn / shape if shape > 0 else np.ones(runs)

        return self._joined(draw)

    def share(self, mean: float, size: float, runs: int) -> Array:
        """A proportion near ``mean`` known from ``size`` cases: Beta with that mean and weight."""
        alpha, beta = mean * size + 0.5, (1.0 - mean) * size + 0.5

        def draw(block: int, runs: int) -> Array:
            drawn = self.rates[block].beta(alpha, beta, runs)
            return drawn if size > 0 else np.full(runs, mean)

        return self._joined(draw)

    def normal(self, sd: float, shape: tuple[int, ...]) -> Array:
        return self._joined(
            lambda block, runs: self.demand[block].standard_normal((*shape[:-1], runs)) * sd
        )

    def spread(self, sd: float, runs: int) -> Array:
        """A log factor N(−sd²/2, sd²) (mean factor 1), from the rates' stream."""
        return self._joined(
            lambda block, runs: self.rates[block].standard_normal(runs) * sd - sd * sd / 2
        )


def monthly_probability(annual_rate: float) -> float:
    """The chance of leaving within a month under a constant hazard of ``annual_rate`` a year."""
    return 1.0 - math.exp(-annual_rate / 12.0)


@dataclass(frozen=True, slots=True)
class Paths:
    """Every run's path. People, FTE and flows by band; the rest per run and month."""

    months: tuple[str, ...]  # 'YYYY-MM' for index 0 (the start) .. months
    people: Array  # (runs, months + 1, bands)
    inflows: Array  # (runs, months, bands)
    outflows: Array  # (runs, months, bands)
    band_fte: Array  # (runs, months + 1, bands)
    agency_fte: Array  # (runs, months + 1)
    vacancy_fte: Array
    cases: Array
    weighted_cases: Array
    capacity: Array
    case_holding_fte: Array
    cost: Array  # monthly cost; index 0 is the cost of the starting position for a month
    hires_capped: Array  # (runs, months): hires asked for that the funded posts had no room for
    establishment_fte: Array  # (months + 1,): funded FTE in force each month

    @property
    def in_post_fte(self) -> Array:
        """LA-employed FTE in post, (runs, months + 1)."""
        total: Array = self.band_fte.sum(axis=2)
        return total


def cohort_arrivals(assumptions: Assumptions, as_at: date, months: int) -> list[list[int]]:
    """Cohort sizes starting in each projected month (month k covers the k-th month after
    ``as_at``: after ``as_at`` + k − 1 months, up to and including ``as_at`` + k months): the listed
    cohorts, then the academy pattern's intakes in the months after the last listed one."""
    found = _arrivals(assumptions.cohorts, assumptions.academy_pattern, as_at, months)
    return [list(sizes) for sizes in found]


@lru_cache(maxsize=64)
def _arrivals(
    cohorts: tuple[PlannedCohort, ...],
    pattern: tuple[RecurringIntake, ...],
    as_at: date,
    months: int,
) -> tuple[tuple[int, ...], ...]:
    """:func:`cohort_arrivals` of these cohorts and pattern (worked out once: choosing the
    half-life projects each past start with every candidate, all with the same cohorts)."""
    arrivals: list[list[int]] = [[] for _ in range(months + 1)]
    for cohort in cohorts:
        for k in range(1, months + 1):
            if (
                add_months_keeping_month_end(as_at, k - 1)
                < cohort.start
                <= add_months_keeping_month_end(as_at, k)
            ):
                arrivals[k].append(cohort.size)
                break
    if pattern:
        last = max((c.start for c in cohorts), default=as_at)
        sizes = {intake.month: intake.size for intake in pattern}
        for k in range(1, months + 1):
            end = add_months_keeping_month_end(as_at, k)
            if end.month in sizes and (end.year, end.month) > (last.year, last.month):
                arrivals[k].append(sizes[end.month])
    return tuple(tuple(month) for month in arrivals)


def pattern_cohorts(assumptions: Assumptions, as_at: date, months: int) -> list[PlannedCohort]:
    """The academy pattern's intakes over the first ``months`` months, as assumed cohorts (on the
    first Monday of their month), after the last listed cohort."""
    return list(_pattern_cohorts(assumptions.cohorts, assumptions.academy_pattern, as_at, months))


@lru_cache(maxsize=64)
def _pattern_cohorts(
    listed: tuple[PlannedCohort, ...],
    pattern: tuple[RecurringIntake, ...],
    as_at: date,
    months: int,
) -> tuple[PlannedCohort, ...]:
    """:func:`pattern_cohorts` of these cohorts and pattern (worked out once: every half-life's
    baseline of a past start carries the same pattern on)."""
    last = max((c.start for c in listed), default=as_at)
    sizes = {intake.month: intake.size for intake in pattern}
    cohorts = []
    for k in range(1, months + 1):
        end = add_months_keeping_month_end(as_at, k)
        if end.month in sizes and (end.year, end.month) > (last.year, last.month):
            first = end.replace(day=1)
            monday = first + timedelta(days=(7 - first.weekday()) % 7)
            cohorts.append(PlannedCohort(monday, sizes[end.month], assumed=True))
    return tuple(cohorts)


def _demand_levels(
    state: StartingState, assumptions: Assumptions, months: int
) -> tuple[Array, Array]:
    """Cases and weighted cases per month on the trend, damped as calibrated (or on the scenario's
    growth, undamped), before noise."""
    case_types = sorted(state.demand.cases)
    base = np.array([state.demand.cases[t] for t in case_types])
    weights = np.array([state.demand.weights.get(t, 1.0) for t in case_types])
    growth = np.array(
        [
            math.log1p(
                assumptions.demand_growth
                if assumptions.demand_growth is not None
                else state.demand.trend.get(t, 0.0)
            )
            for t in case_types
        ]
    )
    steps = np.arange(months + 1, dtype=np.float64)
    if assumptions.demand_growth is None:  # the calibrated trend fades; a scenario's growth holds
        steps = damped_months(steps, state.demand.damping)
    by_month = base[None, :] * np.exp(np.outer(steps, growth) / 12.0)
    cases: Array = by_month.sum(axis=1)
    weighted: Array = by_month @ weights
    return cases, weighted


#: Monte Carlo runs are simulated in blocks of this many, each from its own child of the seed, on
#: a thread pool (numpy's draws release the GIL). The result depends only on the seed and the number
#: of runs, never on the number of threads.
BLOCK_RUNS = 2048


def simulate(
    state: StartingState,
    assumptions: Assumptions,
    months: int,
    runs: int = 1,
    seed: int | None = None,
    *,
    deterministic: bool = False,
) -> Paths:
    """Project ``months`` months from ``state`` under ``assumptions``: ``runs`` Monte Carlo runs from
    a seeded generator, or one expected-value run if ``deterministic``."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    if deterministic:
        blocks = [_simulate_block(state, assumptions, months, 1, _Expected())]
    else:
        groups = _groups(runs, seed)

        def block(group: tuple[list[int], list[np.random.SeedSequence]]) -> dict[str, Array]:
            sizes, seeds = group
            draws = _Random(seeds, sizes)
            return _simulate_block(state, assumptions, months, sum(sizes), draws)

        workers = min(len(groups), os.cpu_count() or 1)
        if workers == 1:
            blocks = [block(group) for group in groups]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                blocks = list(pool.map(block, groups))
    joined = {
        name: blocks[0][name] if len(blocks) == 1 else np.concatenate([b[name] for b in blocks], -1)
        for name in blocks[0]
    }
    labels = _labels(state.as_at, months)
    # month-major arrays (month, [band,] run) handed out as (run, month[, band]) views
    return Paths(
        months=labels,
        people=joined["people"].transpose(2, 0, 1),
        inflows=joined["inflows"].transpose(2, 0, 1),
        outflows=joined["outflows"].transpose(2, 0, 1),
        band_fte=joined["band_fte"].transpose(2, 0, 1),
        agency_fte=joined["agency_fte"].T,
        vacancy_fte=joined["vacancy_fte"].T,
        cases=joined["cases"].T,
        weighted_cases=joined["weighted_cases"].T,
        capacity=joined["capacity"].T,
        case_holding_fte=joined["case_holding_fte"].T,
        cost=joined["cost"].T,
        hires_capped=joined["hires_capped"].T,
        establishment_fte=np.array(
            [state.establishment_on(on) for on in month_ends(state.as_at, months)]
        ),
    )


@lru_cache(maxsize=64)
def month_ends(as_at: date, months: int) -> tuple[date, ...]:
    """The month ends of a projection from ``as_at``: index 0 the start, then ``months`` more
    (worked out once: choosing the half-life projects each past start a few dozen times)."""
    return tuple(add_months_keeping_month_end(as_at, k) for k in range(months + 1))


@lru_cache(maxsize=64)
def _labels(as_at: date, months: int) -> tuple[str, ...]:
    """'YYYY-MM' of each of :func:`month_ends`."""
    return tuple(on.strftime("%Y-%m") for on in month_ends(as_at, months))


def _blocks(runs: int, seed: int | None) -> tuple[list[int], list[np.random.SeedSequence]]:
    """The sizes of the blocks ``runs`` Monte Carlo runs are made in, and each block's seed."""
    sizes = [min(BLOCK_RUNS, runs - start) for start in range(0, runs, BLOCK_RUNS)]
    return sizes, np.random.SeedSequence(seed).spawn(len(sizes))


#: Blocks stepped together as one group (16,384 runs): ten thousand runs are one group, a hundred
#: thousand seven, shared between the threads.
GROUP_BLOCKS = 8


def _groups(runs: int, seed: int | None) -> list[tuple[list[int], list[np.random.SeedSequence]]]:
    """The blocks of :func:`_blocks` in groups of up to :data:`GROUP_BLOCKS`, in order: each
    group's block sizes and seeds."""
    sizes, seeds = _blocks(runs, seed)
    return [
        (sizes[first : first + GROUP_BLOCKS], seeds[first : first + GROUP_BLOCKS])
        for first in range(0, len(sizes), GROUP_BLOCKS)
    ]


def simulate_months(
    state: StartingState,
    assumptions: Assumptions,
    months: int,
    runs: int,
    seed: int | None = None,
) -> Iterator[dict[str, Array]]:
    """The Monte Carlo runs of :func:`simulate`, the same to the last draw, month by month: each
    month's figures for every run (``(band, run)`` or ``(run,)``; month 0 has no flows), runs in
    :func:`simulate`'s order. Every group of runs is stepped a month at a time, so only one month
    of them is held: a hundred thousand runs need megabytes, not gigabytes."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    steppers = [
        _block_months(state, assumptions, months, sum(sizes), _Random(seeds, sizes))
        for sizes, seeds in _groups(runs, seed)
    ]
    workers = min(len(steppers), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in range(months + 1):
            parts = list(pool.map(next, steppers)) if workers > 1 else [next(s) for s in steppers]
            yield {
                name: parts[0][name]
                if len(parts) == 1
                else np.concatenate([p[name] for p in parts], -1)
                for name in parts[0]
            }


def _rate_factors(
    state: StartingState, assumptions: Assumptions, runs: int, draws: _Draws
) -> dict[str, Array]:
    """Each run's own rates, drawn first and always in the same order (paired runs share them)."""
    evidence = state.evidence
    market = np.exp(draws.spread(evidence.leaver_spread, runs))
    factors = {band: draws.factor(evidence.leavers.get(band, 0.0), runs) * market for band in BANDS}
    factors["hires"] = draws.factor(evidence.hires, runs) * np.exp(
        draws.spread(evidence.hiring_spread, runs)
    )
    factors["conversions"] = draws.factor(evidence.conversions, runs)
    factors["no_show"] = draws.share(assumptions.no_show_rate, evidence.no_show_places, runs)
    return factors


def _demand_factor(state: StartingState, months: int, runs: int, draws: _Draws) -> Array:
    """Demand relative to its trend from the start, per month and run, (months + 1, runs): the
    AR(1) deviation from the trend line (starting at the start's own) and a drawn growth error."""
    demand = state.demand
    phi = min(max(demand.persistence, 0.0), 0.999)
    shocks = draws.normal(demand.noise_sd, (months, runs))
    growth_error = draws.normal(demand.growth_sd, (1, runs))[0]
    deviation = np.full(runs, demand.deviation)
    factor = np.ones((months + 1, runs))
    for k in range(1, months + 1):
        deviation = phi * deviation + shocks[k - 1]
        factor[k] = np.exp(growth_error * k / 12.0 + deviation - demand.deviation)
    return factor


def _simulate_block(
    state: StartingState, assumptions: Assumptions, months: int, runs: int, draws: _Draws
) -> dict[str, Array]:
    """One block of runs, month-major: each array is (month, [band,] run)."""
    steps = list(_block_months(state, assumptions, months, runs, draws))
    return {
        name: np.array([step[name] for step in (steps[1:] if name in _FLOWS else steps)])
        for name in steps[-1]
    }


#: Figures of a month that describe the month's flows, so begin with the first projected month.
_FLOWS = frozenset({"inflows", "outflows", "hires_capped"})


def _block_months(
    state: StartingState, assumptions: Assumptions, months: int, runs: int, draws: _Draws
) -> Iterator[dict[str, Array]]:
    """One block of runs month by month: each month's figures, per band and run (``(band, run)``)
    or per run, from the start (month 0, which has no flows). Only the month in hand is held, so
    that many blocks can be stepped together a month at a time."""
    asye, top = state.asye_months, state.experienced_at
    nb = len(BANDS)
    factors = _rate_factors(state, assumptions, runs, draws)
    noise_path = _demand_factor(state, months, runs, draws)

    def hazard(band: str) -> Array:
        return 1.0 - np.exp(-assumptions.leaver_rate(band) * factors[band] / 12.0)

    h_nqsw, h_early = hazard("nqsw"), hazard("early_career")
    h_exp, h_sen = hazard("experienced"), hazard("senior")
    annual_convert = -math.log(1.0 - min(assumptions.agency_conversion_rate, 0.999))
    p_convert = 1.0 - np.exp(-annual_convert * factors["conversions"] / 12.0)
    p_start = 1.0 - factors["no_show"]
    fill_rate = assumptions.vacancy_fill_rate * factors["hires"]
    hires_asked = assumptions.experienced_hires_per_month
    cap, hold = state.capacity_per_fte, state.holding_share
    nqsw_capacity = np.array([cap["nqsw"] * f for f in state.nqsw_factors])  # per FTE, by slot
    band_capacity = np.array([0.0, cap["early_career"], cap["experienced"], cap["senior"]])
    band_holding = np.array([hold[band] for band in BANDS])
    level, weighted_level = _demand_levels(state, assumptions, months)
    arrivals = cohort_arrivals(assumptions, state.as_at, months)
    funded = [state.establishment_on(on) for on in month_ends(state.as_at, months)]

    # Internally slots are (slot, run) so that a month's ageing is one contiguous shift. Each slot
    # and band holds people and, beside them, the FTE of those people: leavers take their share of
    # the FTE with them and progression moves FTE with the people, so nobody's FTE changes with
    # their band.
    slots = draws.people(np.tile(np.array(state.slots)[:, None], (1, runs)))
    slot_fte = np.tile(np.array(state.slot_fte, dtype=np.float64)[:, None], (1, runs))
    experienced = draws.people(np.full(runs, state.experienced))
    experienced_fte = np.full(runs, state.experienced_fte)
    senior = draws.people(np.full(runs, state.senior))
    senior_fte = np.full(runs, state.senior_fte)
    agency = np.full(runs, state.agency_fte)
    vacant = np.zeros(runs)  # the month before's vacancies, which hiring follows
    month_cost_perm = assumptions.permanent_cost_per_fte / 12.0
    month_cost_agency = (
        assumptions.agency_charge_per_hour * assumptions.standard_hours * WEEKS_PER_YEAR / 12.0
    )
    share = assumptions.agency_share_of_vacancies
    over = state.over_establishment_fte
    shapes: dict[str, tuple[int, ...]] = dict.fromkeys(FLOWS, (runs,))
    shapes |= {
        "nqsw_leavers": (asye, runs),
        "early_leavers": (top - asye, runs),
        "starts": (COHORTS_A_MONTH, runs),
    }
    routes = RouteStock(
        state, assumptions, (h_nqsw, h_early, h_exp), factors["experienced"], runs, draws
    )
    shapes |= routes.shapes()
    hire_cost = np.zeros(runs)
    to_agency = assumptions.leaver_agency_share
    left_fte = np.zeros(runs)

    def leave(flow: str, heads: Array, fte: Array, hazard: Array) -> Array:
        """Draw leavers from the rows that hold anyone, in place, taking each row's FTE per person
        with them; return leavers per run."""
        rows = np.flatnonzero(heads.any(axis=1))
        if rows.size == 0:
            return np.zeros(runs, dtype=heads.dtype)
        held = heads[rows]
        drawn = draws.binomial(flow, held, hazard, rows)
        with np.errstate(divide="ignore", invalid="ignore"):
            share_left = np.where(held > 0, drawn / held, 0.0)
        fte[rows] -= fte[rows] * share_left
        heads[rows] = held - drawn
        total: Array = drawn.sum(axis=0)
        return total

    def per_head(fte: Array, heads: Array, default: float) -> Array:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(heads > 0, fte / np.maximum(heads, 1e-300), default)

    for k in range(months + 1):
        if k > 0:
            draws.month(shapes)
            slot_fte_before = slot_fte.sum(axis=0)
            left_nqsw = leave("nqsw_leavers", slots[:asye], slot_fte[:asye], h_nqsw)
            left_early = leave("early_leavers", slots[asye:], slot_fte[asye:], h_early)
            exp_each = per_head(experienced_fte, experienced, state.hire_fte)
            left_exp = draws.binomial("experienced_leavers", experienced, h_exp)
            sen_each = per_head(senior_fte, senior, 1.0)
            left_sen = draws.binomial("senior_leavers", senior, h_sen)
            experienced_fte = experienced_fte - left_exp * exp_each
            senior_fte = senior_fte - left_sen * sen_each
            route_left, route_left_fte = routes.leave()
            left_fte = (
                slot_fte_before
                - slot_fte.sum(axis=0)
                + left_exp * exp_each
                + left_sen * sen_each
                + route_left_fte
            )
            route_completing, route_progressing = routes.age()
            completing = slots[asye - 1].copy()
            progressing = slots[top - 1].copy()
            progressing_fte = slot_fte[top - 1].copy()
            slots[1:] = slots[:-1]
            slot_fte[1:] = slot_fte[:-1]
            starting = slots[0]
            starting[:] = 0
            for cohort, size in enumerate(arrivals[k]):
                heads = draws.people(np.full(runs, size))
                starting += draws.binomial("starts", heads, p_start, cohort)
            slot_fte[0] = starting * state.nqsw_fte
            promoted = np.minimum(left_sen, experienced - left_exp)
            converted = draws.binomial("conversions", draws.whole(agency), p_convert)
            agency = np.maximum(agency - converted, 0.0)
            experienced_fte = (
                experienced_fte + progressing_fte + converted * 1.0 - promoted * exp_each
            )
            senior_fte = senior_fte + promoted * exp_each
            # hiring: asked for, then only as far as the funded posts leave room
            in_post = slot_fte.sum(axis=0) + experienced_fte + senior_fte + routes.fte.sum((0, 1))
            room = np.maximum(funded[k] + over - in_post, 0.0)
            route_nqsw, route_experienced, hire_cost, route_capped = routes.arrive(k, room)
            wanted = fill_rate * vacant if hires_asked is None else hires_asked
            asked = draws.poisson("hires", wanted, runs)
            hired = np.minimum(asked, draws.floor(room / state.hire_fte))
            capped = (asked - hired + route_capped).astype(np.float64)
            experienced_fte = experienced_fte + hired * state.hire_fte
            gained = progressing + hired + converted
            experienced = experienced + gained - left_exp - promoted
            senior = senior + promoted - left_sen
            inflows, outflows = np.zeros((nb, runs)), np.zeros((nb, runs))
            route_out = route_left + np.stack([route_completing, route_progressing, 0 * hired])
            for band, into, out in (
                (0, starting + route_nqsw, left_nqsw + completing + route_out[0]),
                (1, completing + route_completing, left_early + progressing + route_out[1]),
                (
                    2,
                    gained + route_progressing + route_experienced,
                    left_exp + promoted + route_out[2],
                ),
                (3, promoted, left_sen),
            ):
                inflows[band] = into
                outflows[band] = out
        now = np.zeros((nb, runs))
        now[0] = slots[:asye].sum(axis=0)
        now[1] = slots[asye:].sum(axis=0)
        now[2], now[3] = experienced, senior
        fte_now = np.zeros((nb, runs))
        fte_now[0] = slot_fte[:asye].sum(axis=0)
        fte_now[1] = slot_fte[asye:].sum(axis=0)
        fte_now[2], fte_now[3] = experienced_fte, senior_fte
        if not routes.empty:
            now[:3] += routes.by_band(routes.heads)
            fte_now[:3] += routes.by_band(routes.fte)
        vacant = np.maximum(funded[k] + over - fte_now.sum(axis=0), 0.0)
        if k > 0:
            # leavers who go to agency work come back as cover, filling the gap to the target first
            returning = to_agency * left_fte
            agency = agency + np.minimum(returning, np.maximum(share * vacant - agency, 0.0))
            agency = np.maximum(agency + AGENCY_RESPONSE * (share * vacant - agency), 0.0)
        figures = {
            "people": now,
            "band_fte": fte_now,
            "agency_fte": np.asarray(agency, dtype=np.float64),
            "vacancy_fte": vacant,
            "cases": noise_path[k] * level[k],
            "weighted_cases": noise_path[k] * weighted_level[k],
            "capacity": (
                nqsw_capacity @ slot_fte[:asye]
                + band_capacity @ fte_now
                + agency * cap["agency"]
                + routes.nqsw_capacity(nqsw_capacity)
            )
            * (1.0 - assumptions.absence_rate),  # capacity lost to absence
            "case_holding_fte": band_holding @ fte_now + agency * hold["agency"],
            "cost": fte_now.sum(axis=0) * month_cost_perm
            + agency * month_cost_agency
            + (hire_cost if k > 0 else 0.0),
        }
        if k > 0:
            figures.update(inflows=inflows, outflows=outflows, hires_capped=capped)
        yield figures
