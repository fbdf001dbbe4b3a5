"""The stock-and-flow engine: conservation, analytic decay, Monte Carlo against expectations, seeds,
and cohorts only ever adding to the workforce."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.assumptions import Assumptions, PlannedCohort
from cswork.model.projection.engine import (
    BLOCK_RUNS,
    cohort_arrivals,
    monthly_probability,
    simulate,
)
from cswork.model.projection.outputs import OUTPUTS, output_paths, quantile_bands
from cswork.model.projection.state import StartingState

StateFactory = Callable[..., StartingState]

BUSY = Assumptions(
    cohorts=(PlannedCohort(date(2025, 10, 20), 12), PlannedCohort(date(2026, 4, 6), 9)),
    leaver_rate_nqsw=0.1,
    leaver_rate_early_career=0.25,
    leaver_rate_experienced=0.15,
    leaver_rate_senior=0.12,
    no_show_rate=0.2,
    experienced_hires_per_month=1.5,
    agency_conversion_rate=0.3,
)

NO_INFLOW = Assumptions(
    experienced_hires_per_month=0.0,
    agency_conversion_rate=0.0,
    leaver_rate_nqsw=0.2,
    leaver_rate_early_career=0.2,
    leaver_rate_experienced=0.2,
    leaver_rate_senior=0.2,
)


def test_people_are_conserved_per_band_every_month_in_every_run(
    state_factory: StateFactory,
) -> None:
    state = state_factory(nqsw={3: 8, 9: 6}, early={12: 5, 30: 4, 35: 3}, agency=20)
    paths = simulate(state, BUSY, months=24, runs=200, seed=3)
    start, end = paths.people[:, :-1, :], paths.people[:, 1:, :]
    assert np.array_equal(end, start + paths.inflows - paths.outflows)
    # every flow happened somewhere, so the check is not vacuous
    assert (paths.inflows.sum(axis=(0, 1)) > 0).all()
    assert (paths.outflows.sum(axis=(0, 1)) > 0).all()
    assert (paths.people >= 0).all()
    assert np.array_equal(paths.people, np.rint(paths.people))


def test_deterministic_flows_are_conserved_too(state_factory: StateFactory) -> None:
    paths = simulate(state_factory(nqsw={0: 10}, early={20: 5}), BUSY, 18, deterministic=True)
    assert np.allclose(paths.people[:, 1:], paths.people[:, :-1] + paths.inflows - paths.outflows)


def test_constant_hazard_without_inflow_is_exponential_decay(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={0: 40}, early={20: 60}, experienced=800, senior=100)
    paths = simulate(state, NO_INFLOW, months=60, deterministic=True)
    total = paths.people[0].sum(axis=1)
    months = np.arange(61)
    # N(t) = N0 exp(-0.2 t / 12): 1000 people, 0.2 leavers per person-year
    assert np.allclose(total, 1000 * np.exp(-0.2 * months / 12), rtol=1e-12)
    assert total[12] == pytest.approx(1000 * math.exp(-0.2), rel=1e-12)


def test_monthly_probability_compounds_to_the_annual_rate() -> None:
    assert 1 - (1 - monthly_probability(0.2)) ** 12 == pytest.approx(1 - math.exp(-0.2))
    assert monthly_probability(0.0) == 0.0


def test_monte_carlo_mean_converges_to_the_deterministic_path(state_factory: StateFactory) -> None:
    # establishment well above the workforce, so vacancy never reaches its floor of zero: the
    # expected path is then exactly the mean of the random one
    state = state_factory(
        nqsw={2: 10}, early={14: 6, 33: 5}, experienced=200, senior=20, establishment=400
    )
    expected = simulate(state, BUSY, 24, deterministic=True).people[0]
    random = simulate(state, BUSY, 24, runs=20_000, seed=11).people
    mean = random.mean(axis=0)
    standard_error = random.std(axis=0) / math.sqrt(random.shape[0]) + 1e-9
    assert (np.abs(mean - expected) < 4.5 * standard_error + 1e-9).all()


def test_the_same_seed_gives_the_same_output_and_another_seed_does_not(
    state_factory: StateFactory,
) -> None:
    state = state_factory(nqsw={1: 10}, noise_sd=0.05)
    first = simulate(state, BUSY, 12, runs=50, seed=42)
    again = simulate(state, BUSY, 12, runs=50, seed=42)
    other = simulate(state, BUSY, 12, runs=50, seed=43)
    assert np.array_equal(first.people, again.people)
    assert np.array_equal(first.cases, again.cases)
    assert not np.array_equal(first.people, other.people)


def test_a_cohort_arrives_in_the_month_it_starts_less_no_shows(state_factory: StateFactory) -> None:
    state = state_factory(experienced=0, senior=0, agency=0)
    assumptions = replace(NO_INFLOW, cohorts=(PlannedCohort(date(2025, 11, 3), 10),))
    paths = simulate(state, replace(assumptions, no_show_rate=0.2), 3, deterministic=True)
    assert list(paths.months) == ["2025-09", "2025-10", "2025-11", "2025-12"]
    nqsw = paths.people[0, :, 0]
    assert nqsw[1] == 0
    assert nqsw[2] == pytest.approx(8.0)
    assert nqsw[3] == pytest.approx(8.0 * (1 - monthly_probability(0.2)))


def test_ASYE_completion_and_progression_happen_at_the_right_month(
    state_factory: StateFactory,
) -> None:
    state = state_factory(nqsw={11: 5}, early={35: 7}, experienced=0, senior=0, agency=0)
    no_leavers = replace(
        NO_INFLOW,
        **{f"leaver_rate_{b}": 0.0 for b in ("nqsw", "early_career", "experienced", "senior")},
    )
    paths = simulate(state, no_leavers, 1, deterministic=True)
    assert paths.people[0, 1].tolist() == [0.0, 5.0, 7.0, 0.0]


def test_step_dates_keep_month_ends_and_cohorts_fall_in_their_month() -> None:
    assert add_months_keeping_month_end(date(2025, 9, 30), 1) == date(2025, 10, 31)
    assert add_months_keeping_month_end(date(2025, 9, 30), 5) == date(2026, 2, 28)
    assert add_months_keeping_month_end(date(2025, 9, 15), 1) == date(2025, 10, 15)
    assumptions = Assumptions(cohorts=(PlannedCohort(date(2025, 10, 31), 4),))
    assert cohort_arrivals(assumptions, date(2025, 9, 30), 2) == [[], [4], []]


def test_outputs_follow_the_measures_definitions(state_factory: StateFactory) -> None:
    state = state_factory(experienced=90, senior=10, agency=20, establishment=130, cases=1620)
    paths = simulate(state, NO_INFLOW, 1, deterministic=True)
    outputs = output_paths(paths, state.target_caseload)
    assert outputs["in_post_fte"][0, 0] == 100
    assert outputs["vacancy_fte"][0, 0] == 30
    assert outputs["vacancy_rate"][0, 0] == pytest.approx(100 * 30 / 130)
    assert outputs["agency_rate"][0, 0] == pytest.approx(100 * 20 / 120)
    # case holders: 90 experienced + 20 agency; seniors hold none
    assert outputs["caseload"][0, 0] == pytest.approx(1620 / 110)
    assert outputs["utilisation"][0, 0] == pytest.approx(100 * 1620 / (110 * 18))
    assert outputs["needed_fte"][0, 0] == pytest.approx(90)
    assert set(OUTPUTS) <= set(outputs)


def test_quantile_bands_are_ordered(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={5: 10}, noise_sd=0.03)
    paths = simulate(state, BUSY, 12, runs=500, seed=5)
    for name, band in quantile_bands(output_paths(paths, 18.0)).items():
        assert (band.p10 <= band.p50 + 1e-9).all(), name
        assert (band.p50 <= band.p90 + 1e-9).all(), name


def test_simulate_rejects_an_empty_horizon(state_factory: StateFactory) -> None:
    with pytest.raises(ValueError, match="months must be at least 1, not 0"):
        simulate(state_factory(), BUSY, 0)
    with pytest.raises(ValueError, match="runs must be at least 1, not 0"):
        simulate(state_factory(), BUSY, 3, runs=0)


rates = st.floats(0.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(
    leaver=rates,
    early=rates,
    senior=rates,
    hires=st.floats(0.0, 5.0),
    share=st.floats(0.0, 2.0),
    no_show=st.floats(0.0, 1.0),
    offset=st.integers(0, 400),
    size=st.integers(1, 30),
    establishment=st.floats(300.0, 600.0),
)
def test_adding_a_cohort_never_lowers_in_post_fte(
    state_factory: StateFactory,
    leaver: float,
    early: float,
    senior: float,
    hires: float,
    share: float,
    no_show: float,
    offset: int,
    size: int,
    establishment: float,
) -> None:
    """Deterministic paths, any leaver rates, hires, agency share, no-shows and establishment with
    room for the hires, and no agency conversion: a cohort filling the funded posts displaces hires
    (capped at them) as it displaces conversions (see the next test)."""
    state = state_factory(nqsw={4: 6}, early={20: 8}, agency=15, establishment=establishment)
    base = Assumptions(
        leaver_rate_nqsw=leaver,
        leaver_rate_early_career=early,
        leaver_rate_experienced=leaver,
        leaver_rate_senior=senior,
        experienced_hires_per_month=hires,
        agency_conversion_rate=0.0,
        agency_share_of_vacancies=share,
        no_show_rate=no_show,
    )
    cohort = PlannedCohort(date(2025, 10, 1) + timedelta(days=offset), size)
    without = simulate(state, base, 18, deterministic=True).in_post_fte
    with_cohort = simulate(state, replace(base, cohorts=(cohort,)), 18, deterministic=True)
    assert (with_cohort.in_post_fte >= without - 1e-9).all()


def test_a_cohort_can_displace_agency_conversions(state_factory: StateFactory) -> None:
    """The one way a cohort can lower FTE in post, and a real effect: it fills vacancies, so fewer
    agency workers are sought and fewer of them convert to permanent. If the NQSWs then leave faster
    than the converted (experienced) workers would have, the workforce ends up smaller."""
    state = state_factory(nqsw={4: 6}, early={20: 8}, agency=15, establishment=50.0)
    base = Assumptions(
        leaver_rate_nqsw=0.0,
        leaver_rate_early_career=1.0,
        leaver_rate_experienced=0.0,
        experienced_hires_per_month=0.0,
        agency_conversion_rate=0.5,
        agency_share_of_vacancies=2.0,
    )
    cohort = PlannedCohort(date(2025, 10, 1), 1)
    without = simulate(state, base, 18, deterministic=True).in_post_fte[0]
    with_cohort = simulate(state, replace(base, cohorts=(cohort,)), 18, deterministic=True)
    assert with_cohort.in_post_fte[0][1] == pytest.approx(without[1] + 1)
    assert with_cohort.in_post_fte[0][-1] < without[-1]


def test_results_do_not_depend_on_the_number_of_threads(
    state_factory: StateFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = state_factory(nqsw={1: 10}, noise_sd=0.05)
    runs = BLOCK_RUNS + 100  # two blocks
    threaded = simulate(state, BUSY, 6, runs=runs, seed=8)
    monkeypatch.setattr("cswork.model.projection.engine.os.cpu_count", lambda: 1)
    serial = simulate(state, BUSY, 6, runs=runs, seed=8)
    assert threaded.people.shape == (runs, 7, 4)
    assert np.array_equal(threaded.people, serial.people)
    assert np.array_equal(threaded.cases, serial.cases)


STILL = replace(
    NO_INFLOW,
    **{f"leaver_rate_{b}": 0.0 for b in ("nqsw", "early_career", "experienced", "senior")},
)


def test_each_person_keeps_their_own_fte_across_bands(state_factory: StateFactory) -> None:
    """Four NQSWs and five early-career workers at 0.5 FTE cross band boundaries among 40 full-time
    experienced workers: with nobody joining or leaving, FTE in post stays 44.5, moving band with
    the people (a fixed FTE per head per band would turn the five into 5.0 experienced FTE)."""
    state = state_factory(nqsw={11: 4}, early={35: 5}, experienced=40, senior=0, agency=0)
    slot_fte = list(state.slot_fte)
    slot_fte[11], slot_fte[35] = 2.0, 2.5
    state = replace(state, slot_fte=tuple(slot_fte))
    paths = simulate(state, STILL, 3, deterministic=True)
    assert paths.in_post_fte[0].tolist() == pytest.approx([44.5] * 4)
    assert paths.band_fte[0, 1].tolist() == pytest.approx([0.0, 2.0, 42.5, 0.0])
    # leavers take their own FTE: the part-timers who survive reach the experienced band at 0.5
    random = simulate(state, replace(STILL, leaver_rate_early_career=3.0), 1, runs=200, seed=2)
    survivors = random.people[:, 1, 2] - 40
    assert 0 < survivors.mean() < 5
    assert np.allclose(random.band_fte[:, 1, 2], 40 + 0.5 * survivors)


def test_rates_drawn_per_run_widen_the_band(state_factory: StateFactory) -> None:
    """Issue 14 item 5: with evidence behind the rates each run draws its own, so in post spreads
    wider than binomial chance alone would make it."""
    from cswork.model.projection.state import RateEvidence

    state = state_factory(experienced=300, senior=0, agency=0, establishment=600)
    fixed = simulate(state, NO_INFLOW, 36, runs=2000, seed=4).in_post_fte[:, -1]
    evidence = RateEvidence(leavers={"experienced": 20.0}, leaver_spread=0.2)
    drawn = simulate(replace(state, evidence=evidence), NO_INFLOW, 36, runs=2000, seed=4)
    spread = drawn.in_post_fte[:, -1]
    assert spread.std() > 2 * fixed.std()
    # the rates' mean is unchanged; survivors' mean rises a little (exp(-rt) is convex in r)
    assert 0 < spread.mean() / fixed.mean() - 1 < 0.03


def test_persistent_demand_widens_with_the_horizon(state_factory: StateFactory) -> None:
    """Demand strays from its trend as an AR(1) with a drawn growth error: the band at month 36 is
    several times the band at month 1 (independent monthly noise kept it flat)."""
    from cswork.model.projection.state import Demand

    state = state_factory()
    demand = Demand(
        cases={"CIN": 1000.0},
        weights={"CIN": 1.0},
        trend={"CIN": 0.0},
        noise_sd=0.02,
        persistence=0.9,
        growth_sd=0.03,
    )
    paths = simulate(replace(state, demand=demand), NO_INFLOW, 36, runs=4000, seed=1)
    low, high = np.quantile(paths.cases, [0.1, 0.9], axis=0)
    assert high[36] - low[36] > 3 * (high[1] - low[1])


def test_a_calibrated_demand_trend_fades_and_a_scenarios_growth_holds(
    state_factory: StateFactory,
) -> None:
    """A trend of +12 % a year damped by 0.8 a month adds up to 4 months of it however far ahead,
    where undamped it compounded for 36 months (the surge year carried on for ever); growth the
    scenario sets is what the user plans on, so it is not damped."""
    from cswork.model.projection.state import Demand

    demand = Demand(cases={"CIN": 1000.0}, weights={"CIN": 1.0}, trend={"CIN": 0.12}, damping=0.8)
    state = replace(state_factory(), demand=demand)
    damped = simulate(state, NO_INFLOW, 36, runs=1, seed=1).cases[0]
    monthly = math.log1p(0.12) / 12
    assert damped[1] == pytest.approx(1000 * math.exp(0.8 * monthly))
    assert damped[36] == pytest.approx(1000 * math.exp(4 * (1 - 0.8**36) * monthly))
    assert damped[36] < 1000 * 1.12 ** (5 / 12)
    undamped = replace(state, demand=replace(demand, damping=1.0))
    assert simulate(undamped, NO_INFLOW, 36, runs=1, seed=1).cases[0][36] == pytest.approx(
        1000 * 1.12**3
    )
    planned = replace(NO_INFLOW, demand_growth=0.12)
    assert simulate(state, planned, 36, runs=1, seed=1).cases[0][36] == pytest.approx(
        1000 * 1.12**3
    )


def test_scenarios_with_the_same_seed_share_their_draws(state_factory: StateFactory) -> None:
    """Paired runs: rates and demand come from their own streams, so a scenario with one more
    cohort has exactly the same demand path in every run, and the same rate draws."""
    from cswork.model.projection.state import RateEvidence

    state = replace(
        state_factory(nqsw={2: 5}, noise_sd=0.03),
        evidence=RateEvidence(leavers={"experienced": 30.0}, hires=20.0, leaver_spread=0.2),
    )
    more = replace(BUSY, cohorts=(*BUSY.cohorts, PlannedCohort(date(2026, 7, 6), 15)))
    first = simulate(state, BUSY, 24, runs=300, seed=5)
    second = simulate(state, more, 24, runs=300, seed=5)
    assert np.array_equal(first.cases, second.cases)
    # experienced leavers in month 1 come from the same rates and the same binomial stream
    assert np.array_equal(first.outflows[:, 0, 2], second.outflows[:, 0, 2])


def test_hiring_stops_at_the_funded_posts(state_factory: StateFactory) -> None:
    """Issue 14 item 6: 10 hires a month against 150 funded FTE: FTE in post never passes the
    establishment, and the hires that found no post are counted."""
    state = state_factory(experienced=100, senior=10, agency=0, establishment=150)
    asked = replace(NO_INFLOW, experienced_hires_per_month=10.0)
    for paths in (
        simulate(state, asked, 36, deterministic=True),
        simulate(state, asked, 36, runs=200, seed=3),
    ):
        assert (paths.in_post_fte <= 150 + 1e-9).all()
        assert paths.hires_capped.sum(axis=1).min() > 100
    follows = replace(NO_INFLOW, experienced_hires_per_month=None, vacancy_fill_rate=0.1)
    paths = simulate(state, follows, 36, deterministic=True)
    assert paths.in_post_fte[0, 1] == pytest.approx(110 * math.exp(-0.2 / 12) + 0.1 * 40)
    assert paths.hires_capped.sum() == 0


def test_planned_establishment_changes_move_the_vacancies(state_factory: StateFactory) -> None:
    state = replace(
        state_factory(experienced=100, senior=10, agency=0, establishment=150),
        establishment_steps=((date(2026, 4, 1), 170.0),),
    )
    paths = simulate(state, STILL, 12, deterministic=True)
    assert paths.establishment_fte.tolist()[:8] == [150.0] * 7 + [170.0]
    assert paths.vacancy_fte[0, 6] == pytest.approx(40.0)
    assert paths.vacancy_fte[0, 7] == pytest.approx(60.0)


def test_the_academy_pattern_carries_on_after_the_listed_cohorts() -> None:
    from cswork.model.projection.assumptions import parse_pattern
    from cswork.model.projection.engine import pattern_cohorts

    assumptions = Assumptions(
        cohorts=(PlannedCohort(date(2026, 1, 26), 12),), academy_pattern=parse_pattern("1:10,7:8")
    )
    arrivals = cohort_arrivals(assumptions, date(2025, 9, 30), 24)
    assert [(k, sizes) for k, sizes in enumerate(arrivals) if sizes] == [
        (4, [12]),
        (10, [8]),
        (16, [10]),
        (22, [8]),
    ]
    assumed = pattern_cohorts(assumptions, date(2025, 9, 30), 24)
    assert [(c.start, c.size, c.assumed) for c in assumed] == [
        (date(2026, 7, 6), 8, True),
        (date(2027, 1, 4), 10, True),
        (date(2027, 7, 5), 8, True),
    ]


@pytest.mark.parametrize("stepped", ["simulate", "simulate_months"])
def test_blocks_stepped_together_give_the_runs_each_block_gives_alone(
    state_factory: StateFactory, monkeypatch: pytest.MonkeyPatch, stepped: str
) -> None:
    """Runs are drawn in blocks, each from its own child of the seed; several blocks are stepped as
    one group. A group must give exactly the runs of its blocks stepped one by one (as before
    issue 18): with few people in a slot, a slot empties in some blocks and not others; six
    cohorts in one month reach the spare stream; a route intake draws its own leavers and starts."""
    from cswork.model.projection import engine
    from cswork.model.projection.assumptions import RouteIntake

    state = state_factory(nqsw={2: 3, 7: 1}, early={20: 2, 33: 1}, agency=6, noise_sd=0.04)
    start = date(2025, 11, 3)
    plan = replace(
        BUSY,
        cohorts=(*BUSY.cohorts, *(PlannedCohort(start + timedelta(days=d), 2) for d in range(6))),
        route_intakes=(RouteIntake("international", 30.0, 2, 9000.0),),
        experienced_hires_per_month=None,
    )
    runs = 2 * BLOCK_RUNS + 37

    def run() -> dict[str, np.ndarray]:
        if stepped == "simulate":
            paths = simulate(state, plan, 14, runs=runs, seed=11)
            return {"people": paths.people, "cost": paths.cost, "cases": paths.cases}
        months = list(engine.simulate_months(state, plan, 14, runs, seed=11))
        return {name: np.stack([m[name] for m in months]) for name in ("people", "cost")}

    assert engine._groups(runs, 11)[0][0] == [BLOCK_RUNS, BLOCK_RUNS, 37]
    together = run()
    monkeypatch.setattr(engine, "GROUP_BLOCKS", 1)
    alone = run()
    for name, figures in together.items():
        assert np.array_equal(figures, alone[name]), name
    assert together["people"].std() > 0
