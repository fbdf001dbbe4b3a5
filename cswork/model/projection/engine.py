"""The monthly stock-and-flow engine: deterministic (expected values) or Monte Carlo, vectorised.

Each month, in this order: leavers leave every band (monthly probability ``1 − exp(−rate / 12)`` from
the annual rate per person-year); everyone moves up a month, so NQSWs finishing the ASYE join the
early-career band and early-career workers reaching the experienced threshold become experienced;
managers who left are replaced by promotion from the experienced band; planned cohorts start (less
no-shows); experienced hires arrive; agency workers convert to permanent; agency FTE then closes a
quarter of the gap to its target share of the vacancies. Demand follows its trend (or the growth
override) with multiplicative noise drawn from the history's residuals.

In Monte Carlo mode leavers, no-shows and conversions are binomial, hires Poisson, and every stock of
people is a whole number; in deterministic mode every draw is its expectation. Arrays are shaped
``(runs, months + 1, bands)``, index 0 being the starting position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import numpy as np
import numpy.typing as npt

from cswork.model.projection.assumptions import BANDS, Assumptions
from cswork.model.projection.state import StartingState
from cswork.model.workforce import add_months, month_end

Array = npt.NDArray[np.float64]

#: Share of the gap between agency FTE and its target closed each month (placements take time).
AGENCY_RESPONSE = 0.25
#: Weeks in a year, to turn an hourly charge into a monthly one.
WEEKS_PER_YEAR = 52.0


class _Draws(Protocol):
    def binomial(self, n: Array, p: Array | float) -> Array: ...
    def poisson(self, lam: float, runs: int) -> Array: ...
    def noise(self, sd: float, runs: int) -> Array: ...
    def whole(self, amount: Array) -> Array: ...


class _Expected:
    """Deterministic mode: every draw is its expected value."""

    def binomial(self, n: Array, p: Array | float) -> Array:
        return n * p

    def poisson(self, lam: float, runs: int) -> Array:
        return np.full(runs, lam)

    def noise(self, sd: float, runs: int) -> Array:
        return np.ones(runs)

    def whole(self, amount: Array) -> Array:
        return amount


class _Random:
    """Monte Carlo mode: binomial leavers, no-shows and conversions; Poisson hires; lognormal noise."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def binomial(self, n: Array, p: Array | float) -> Array:
        return self.rng.binomial(np.rint(n).astype(np.int64), p).astype(np.float64)

    def poisson(self, lam: float, runs: int) -> Array:
        return self.rng.poisson(lam, runs).astype(np.float64)

    def noise(self, sd: float, runs: int) -> Array:
        if sd <= 0:
            return np.ones(runs)
        return np.exp(self.rng.normal(0.0, sd, runs))

    def whole(self, amount: Array) -> Array:
        """Agency FTE as whole workers, rounded up with probability equal to the fraction, so that
        the expected number is the FTE itself."""
        floor = np.floor(amount)
        return floor + (self.rng.random(amount.shape) < amount - floor)


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

    @property
    def in_post_fte(self) -> Array:
        """LA-employed FTE in post, (runs, months + 1)."""
        total: Array = self.band_fte.sum(axis=2)
        return total


def step_date(as_at: date, months: int) -> date:
    """The date ``months`` projected months after ``as_at``; from a month end, the month end."""
    if (as_at + timedelta(days=1)).day == 1:
        first = add_months(as_at.replace(day=1), months)
        return month_end(first.year, first.month)
    return add_months(as_at, months)


def cohort_arrivals(assumptions: Assumptions, as_at: date, months: int) -> list[list[int]]:
    """Planned cohort sizes starting in each projected month (month k covers the k-th month after
    ``as_at``: after ``as_at`` + k − 1 months, up to and including ``as_at`` + k months)."""
    arrivals: list[list[int]] = [[] for _ in range(months + 1)]
    for cohort in assumptions.cohorts:
        for k in range(1, months + 1):
            if step_date(as_at, k - 1) < cohort.start <= step_date(as_at, k):
                arrivals[k].append(cohort.size)
                break
    return arrivals


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
    draws: _Draws = _Expected() if deterministic else _Random(np.random.default_rng(seed))
    if deterministic:
        runs = 1
    asye, top = state.asye_months, state.experienced_at
    nb = len(BANDS)
    fph = np.array([state.fte_per_head[b] for b in BANDS])
    slot_hazard = np.array(
        [monthly_probability(assumptions.leaver_rate("nqsw"))] * asye
        + [monthly_probability(assumptions.leaver_rate("early_career"))] * (top - asye)
    )
    h_exp = monthly_probability(assumptions.leaver_rate("experienced"))
    h_sen = monthly_probability(assumptions.leaver_rate("senior"))
    p_convert = monthly_probability(-math.log(1.0 - min(assumptions.agency_conversion_rate, 0.999)))
    cap = state.capacity_per_fte
    slot_capacity = np.array(
        [cap["nqsw"] * f * fph[0] for f in state.nqsw_factors]
        + [cap["early_career"] * fph[1]] * (top - asye)
    )
    slot_holding = np.array(
        [state.holding_share["nqsw"] * fph[0]] * asye
        + [state.holding_share["early_career"] * fph[1]] * (top - asye)
    )
    case_types = sorted(state.demand.cases)
    base_cases = np.array([state.demand.cases[t] for t in case_types])
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
    month_cost_perm = assumptions.permanent_cost_per_fte / 12.0
    month_cost_agency = (
        assumptions.agency_charge_per_hour * assumptions.standard_hours * WEEKS_PER_YEAR / 12.0
    )
    arrivals = cohort_arrivals(assumptions, state.as_at, months)

    slots = np.tile(np.array(state.slots, dtype=np.float64), (runs, 1))
    experienced = np.full(runs, state.experienced)
    senior = np.full(runs, state.senior)
    agency = np.full(runs, state.agency_fte)
    people = np.zeros((runs, months + 1, nb))
    inflows = np.zeros((runs, months, nb))
    outflows = np.zeros((runs, months, nb))
    agency_path = np.zeros((runs, months + 1))
    vacancy_path = np.zeros((runs, months + 1))
    cases_path = np.zeros((runs, months + 1))
    weighted_path = np.zeros((runs, months + 1))
    capacity_path = np.zeros((runs, months + 1))
    holding_path = np.zeros((runs, months + 1))

    def record(k: int, noise: Array) -> None:
        people[:, k, 0] = slots[:, :asye].sum(axis=1)
        people[:, k, 1] = slots[:, asye:].sum(axis=1)
        people[:, k, 2] = experienced
        people[:, k, 3] = senior
        agency_path[:, k] = agency
        level = base_cases * np.exp(growth * k / 12.0)
        cases_path[:, k] = level.sum() * noise
        weighted_path[:, k] = (level * weights).sum() * noise
        capacity_path[:, k] = (
            slots @ slot_capacity
            + (experienced * fph[2] * cap["experienced"])
            + (senior * fph[3] * cap["senior"])
            + agency * cap["agency"]
        )
        holding_path[:, k] = (
            slots @ slot_holding
            + experienced * fph[2] * state.holding_share["experienced"]
            + senior * fph[3] * state.holding_share["senior"]
            + agency * state.holding_share["agency"]
        )

    def vacancy() -> Array:
        in_post = people_fte()
        gap = state.establishment_fte - in_post + state.over_establishment_fte
        return np.maximum(gap, 0.0)

    def people_fte() -> Array:
        fte: Array = (
            slots[:, :asye].sum(axis=1) * fph[0]
            + slots[:, asye:].sum(axis=1) * fph[1]
            + experienced * fph[2]
            + senior * fph[3]
        )
        return fte

    record(0, np.ones(runs))
    vacancy_path[:, 0] = state.vacancy_fte
    share = assumptions.agency_share_of_vacancies
    for k in range(1, months + 1):
        leaving = draws.binomial(slots, slot_hazard)
        slots -= leaving
        left_exp = draws.binomial(experienced, h_exp)
        left_sen = draws.binomial(senior, h_sen)
        experienced = experienced - left_exp
        senior = senior - left_sen
        completing = slots[:, asye - 1].copy()
        progressing = slots[:, top - 1].copy()
        slots[:, 1:] = slots[:, :-1]
        slots[:, 0] = 0.0
        promoted = np.minimum(left_sen, experienced)
        experienced = experienced - promoted
        senior = senior + promoted
        starting = np.zeros(runs)
        for size in arrivals[k]:
            starting += draws.binomial(np.full(runs, float(size)), 1.0 - assumptions.no_show_rate)
        slots[:, 0] = starting
        hired = draws.poisson(assumptions.experienced_hires_per_month, runs)
        converted = draws.binomial(draws.whole(agency), p_convert)
        agency = np.maximum(agency - converted, 0.0)
        experienced = experienced + progressing + hired + converted

        inflows[:, k - 1, 0] = starting
        inflows[:, k - 1, 1] = completing
        inflows[:, k - 1, 2] = progressing + hired + converted
        inflows[:, k - 1, 3] = promoted
        outflows[:, k - 1, 0] = leaving[:, :asye].sum(axis=1) + completing
        outflows[:, k - 1, 1] = leaving[:, asye:].sum(axis=1) + progressing
        outflows[:, k - 1, 2] = left_exp + promoted
        outflows[:, k - 1, 3] = left_sen

        vacant = vacancy()
        agency = np.maximum(agency + AGENCY_RESPONSE * (share * vacant - agency), 0.0)
        vacancy_path[:, k] = vacant
        record(k, draws.noise(state.demand.noise_sd, runs))

    band_fte = people * fph
    cost = band_fte.sum(axis=2) * month_cost_perm + agency_path * month_cost_agency
    labels = tuple(step_date(state.as_at, k).strftime("%Y-%m") for k in range(months + 1))
    return Paths(
        months=labels,
        people=people,
        inflows=inflows,
        outflows=outflows,
        band_fte=band_fte,
        agency_fte=agency_path,
        vacancy_fte=vacancy_path,
        cases=cases_path,
        weighted_cases=weighted_path,
        capacity=capacity_path,
        case_holding_fte=holding_path,
        cost=cost,
    )
