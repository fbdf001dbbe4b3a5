"""Cumulative cost, and differences between scenarios from paired runs: identical scenarios differ
by exactly zero, and the band of a difference is that of the run-by-run difference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from cswork.model.projection.assumptions import Assumptions, PlannedCohort
from cswork.model.projection.engine import simulate
from cswork.model.projection.outputs import (
    cumulative,
    output_paths,
    paired_differences,
    quantile_bands,
)
from cswork.model.projection.state import StartingState

StateFactory = Callable[..., StartingState]
NAMES = ("agency_fte", "vacancy_fte", "cost", "cumulative_cost")


def test_cumulative_cost_adds_the_projected_months_only() -> None:
    monthly = np.array([[100.0, 10.0, 20.0, 30.0], [5.0, 1.0, 1.0, 1.0]])
    assert cumulative(monthly).tolist() == [[0.0, 10.0, 30.0, 60.0], [0.0, 1.0, 2.0, 3.0]]


def _outputs(state: StartingState, assumptions: Assumptions, runs: int) -> dict[str, np.ndarray]:
    return output_paths(simulate(state, assumptions, 24, runs, seed=11), state.target_caseload)


def test_identical_scenarios_differ_by_exactly_zero(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={12: 5, 30: 4}, agency=12)
    first = _outputs(state, Assumptions(), 300)
    again = _outputs(state, Assumptions(), 300)
    for band in paired_differences(first, again, NAMES).values():
        for values in (band.p10, band.p50, band.p90):
            assert np.array_equal(values, np.zeros_like(values))


def test_the_difference_band_is_of_run_by_run_differences(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={12: 5, 30: 4}, agency=12)
    base = Assumptions(agency_charge_per_hour=45.0)
    dearer = replace(base, agency_charge_per_hour=50.0)
    first, second = _outputs(state, base, 400), _outputs(state, dearer, 400)
    # Only the price differs, so every run has the same agency FTE in both, and the monthly cost
    # differs by exactly £5 × 37 h × 52 ÷ 12 per agency FTE.
    bands = paired_differences(first, second, NAMES)
    assert np.array_equal(bands["agency_fte"].p90, np.zeros_like(bands["agency_fte"].p90))
    per_fte = 5 * 37 * 52 / 12
    expected = quantile_bands({"x": first["agency_fte"] * per_fte})["x"]
    assert bands["cost"].p50 == pytest.approx(expected.p50)
    assert bands["cost"].p10 == pytest.approx(expected.p10)
    # The difference of the medians is not the median difference in general; here the runs are
    # paired, so the cumulative band is that of each run's own running total.
    total = quantile_bands({"x": cumulative(first["agency_fte"] * per_fte)})["x"]
    assert bands["cumulative_cost"].p90 == pytest.approx(total.p90)


def test_a_bigger_cohort_is_paired_month_by_month(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={12: 5, 30: 4}, agency=12)
    base = Assumptions(cohorts=(PlannedCohort(date(2026, 3, 2), 6),))
    double = replace(base, cohorts=(PlannedCohort(date(2026, 3, 2), 12),))
    first, second = _outputs(state, base, 300), _outputs(state, double, 300)
    bands = paired_differences(first, second, NAMES)
    # Before the cohort starts both scenarios have drawn the same numbers: no difference at all.
    assert bands["cumulative_cost"].p10[0] == bands["cumulative_cost"].p90[0] == 0.0
    assert bands["cost"].p90[2] == bands["cost"].p10[2] == 0.0
    # Afterwards more NQSWs mean fewer vacancies and less agency.
    assert bands["vacancy_fte"].p50[-1] < 0


def test_more_people_at_risk_never_means_a_fresh_draw(state_factory: StateFactory) -> None:
    # Every flow is drawn by inversion from the same uniforms in both scenarios, so a run that
    # starts six more NQSWs keeps at least as many of them every month, in every run: a fresh draw
    # (numpy's own binomial sampler, whose use of the stream depends on the count) breaks this in
    # some runs within a few months.
    state = state_factory(nqsw={3: 8}, early={12: 5, 30: 4}, agency=12)
    base = Assumptions(cohorts=(PlannedCohort(date(2026, 3, 2), 6),), leaver_rate_nqsw=0.4)
    double = replace(base, cohorts=(PlannedCohort(date(2026, 3, 2), 12),))
    first = simulate(state, base, 24, 500, seed=5)
    second = simulate(state, double, 24, 500, seed=5)
    extra = second.people[:, :, :2].sum(axis=2) - first.people[:, :, :2].sum(axis=2)
    assert extra.min() >= 0
    assert extra[:, -1].max() <= 6
    # and the flows of the untouched bands are the very same draws until hiring reacts
    assert np.array_equal(first.people[:, :3, 3], second.people[:, :3, 3])


def test_inversion_draws_have_the_right_distribution() -> None:
    from cswork.model.projection import quantiles

    u = np.random.default_rng(3).random(200_000)
    for n, p in ((5, 0.3), (200, 0.013), (7_500, 0.013), (40, 0.9)):
        drawn = quantiles.binomial(u, np.full(u.shape, n), p)
        assert drawn.mean() == pytest.approx(n * p, rel=0.01)
        assert drawn.var() == pytest.approx(n * p * (1 - p), rel=0.03)
        assert drawn.min() >= 0 and drawn.max() <= n
    for lam in (0.3, 5.0, 80.0):
        drawn = quantiles.poisson(u, lam)
        assert drawn.mean() == pytest.approx(lam, rel=0.01)
        assert drawn.var() == pytest.approx(lam, rel=0.03)
    # exact inversion: P(X = 0) for Bin(5, 0.3) is 0.7⁵, so u below it gives 0 and above it 1+
    edge = 0.7**5
    counts = quantiles.binomial(np.array([edge - 1e-9, edge + 1e-9]), np.array([5, 5]), 0.3)
    assert counts.tolist() == [0, 1]
