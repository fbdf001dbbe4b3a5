"""Planned recruitment by route in the engine: lead times, cost per hire, the route's own leaver
rate, the funded-posts cap, and people conserved."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from cswork.model.projection.assumptions import (
    AssumptionError,
    Assumptions,
    RouteIntake,
    from_dict,
    parse_field,
)
from cswork.model.projection.engine import WEEKS_PER_YEAR, simulate
from cswork.model.projection.state import StartingState

StateFactory = Callable[..., StartingState]

#: Nobody leaves, nobody is hired, no agency: only the planned routes move anything.
STILL = Assumptions(
    experienced_hires_per_month=0.0,
    agency_conversion_rate=0.0,
    agency_share_of_vacancies=0.0,
    leaver_rate_nqsw=0.0,
    leaver_rate_early_career=0.0,
    leaver_rate_experienced=0.0,
    leaver_rate_senior=0.0,
)


def test_a_route_with_a_six_month_lead_time_starts_nobody_before_month_six(
    state_factory: StateFactory,
) -> None:
    state = state_factory(experienced=100, senior=10, agency=0, establishment=200)
    plan = replace(STILL, route_intakes=(RouteIntake("international", 12.0, 6, 8000.0),))
    for paths in (
        simulate(state, plan, 12, deterministic=True),
        simulate(state, plan, 12, runs=300, seed=5),
    ):
        inflow = paths.inflows[:, :, 2]  # international recruits join as experienced
        assert (inflow[:, :5] == 0).all()  # months 1-5
        assert (paths.in_post_fte[:, :6] == 110).all()
    expected = simulate(state, plan, 12, deterministic=True)
    # from month 6 on, 12 a year is one a month
    assert expected.inflows[0, 5:, 2].tolist() == [1.0] * 7
    assert expected.in_post_fte[0, -1] == pytest.approx(110 + 7)


def test_cost_per_hire_is_counted_in_the_month_they_start(state_factory: StateFactory) -> None:
    state = state_factory(experienced=100, senior=10, agency=0, establishment=200)
    without = simulate(state, STILL, 4, deterministic=True)
    plan = replace(STILL, route_intakes=(RouteIntake("experienced", 24.0, 2, 5000.0),))
    paths = simulate(state, plan, 4, deterministic=True)
    monthly_pay = STILL.permanent_cost_per_fte / 12
    extra = paths.cost[0] - without.cost[0]
    # two starters a month from month 2: £5,000 each when they start, then their pay
    assert extra.tolist() == pytest.approx(
        [0, 0, 2 * 5000 + 2 * monthly_pay, 2 * 5000 + 4 * monthly_pay, 2 * 5000 + 6 * monthly_pay]
    )
    assert WEEKS_PER_YEAR == 52.0


def test_starters_leave_at_their_route_rate(state_factory: StateFactory) -> None:
    """120 a year arrive in month 1 only as a batch is not how routes work, so a route with no
    further arrivals is checked by decay: its starters leave at exp(−rate × t / 12)."""
    state = state_factory(experienced=0, senior=0, agency=0, establishment=1000)
    plan = replace(
        STILL,
        route_intakes=(RouteIntake("international", 120.0, 1, 0.0),),
        route_leaver_rates=(("international", 0.3),),
    )
    paths = simulate(state, plan, 2, deterministic=True)
    # month 1: 10 start; month 2: they lose 1 − exp(−0.3/12) of themselves, and 10 more start
    assert paths.people[0, 1].sum() == pytest.approx(10)
    assert paths.people[0, 2].sum() == pytest.approx(10 * math.exp(-0.3 / 12) + 10)
    assert paths.outflows[0, 1, 2] == pytest.approx(10 * (1 - math.exp(-0.3 / 12)))
    # without a route rate they follow the band rates (experienced, here 0)
    plain = simulate(state, replace(plan, route_leaver_rates=()), 2, deterministic=True)
    assert plain.people[0, 2].sum() == pytest.approx(20)


def test_qualifying_routes_start_in_the_asye_and_progress(state_factory: StateFactory) -> None:
    state = state_factory(experienced=0, senior=0, agency=0, establishment=1000)
    plan = replace(STILL, route_intakes=(RouteIntake("apprenticeship", 12.0, 36, 0.0),))
    paths = simulate(state, plan, 50, deterministic=True)
    people = paths.people[0]
    assert people[35].sum() == 0 and people[36, 0] == 1  # the first qualifies at month 36
    assert people[47, 0] == 12 and people[48, 0] == 12 and people[48, 1] == 1
    # NQSWs carry the ASYE's protected caseload: less capacity than an experienced FTE
    assert paths.capacity[0, 36] == pytest.approx(18.0 * 0.6)


def test_route_starts_stop_at_the_funded_posts(state_factory: StateFactory) -> None:
    state = state_factory(experienced=100, senior=10, agency=0, establishment=115)
    plan = replace(STILL, route_intakes=(RouteIntake("international", 120.0, 1, 1000.0),))
    for paths in (
        simulate(state, plan, 12, deterministic=True),
        simulate(state, plan, 12, runs=100, seed=2),
    ):
        assert (paths.in_post_fte <= 115 + 1e-9).all()
        assert paths.hires_capped.sum(axis=1).min() > 60
    paths = simulate(state, plan, 12, deterministic=True)
    assert paths.hires_capped.sum() == pytest.approx(120 - 5)
    # only those who started are paid for: 5 posts, so 5 hires at £1,000
    without = simulate(state, STILL, 12, deterministic=True)
    recruited = (paths.cost[0] - without.cost[0]).sum() - (
        (paths.in_post_fte[0] - 110).sum() * STILL.permanent_cost_per_fte / 12
    )
    assert recruited == pytest.approx(5 * 1000)


def test_people_are_conserved_with_routes(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={20: 5}, agency=20, establishment=400)
    plan = Assumptions(
        experienced_hires_per_month=1.0,
        agency_conversion_rate=0.2,
        route_intakes=(
            RouteIntake("step_up", 10.0, 3, 0.0),
            RouteIntake("international", 8.0, 2, 9000.0),
        ),
        route_leaver_rates=(("international", 0.4),),
    )
    paths = simulate(state, plan, 48, runs=100, seed=4)
    assert np.array_equal(
        paths.people[:, 1:], paths.people[:, :-1] + paths.inflows - paths.outflows
    )
    assert (paths.people >= 0).all()


def test_no_route_intakes_change_nothing(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={20: 5}, agency=20)
    plan = Assumptions(experienced_hires_per_month=1.0, agency_conversion_rate=0.2)
    rates_only = replace(plan, route_leaver_rates=(("academy", 0.5),))
    first = simulate(state, plan, 24, runs=50, seed=9)
    second = simulate(state, rates_only, 24, runs=50, seed=9)
    assert np.array_equal(first.people, second.people)
    assert np.array_equal(first.cost, second.cost)


def test_route_intakes_as_typed_and_stored() -> None:
    changed = parse_field(Assumptions(), "route_intakes", "International:10:6:£8000, step-up:4:18")
    assert changed.route_intakes == (
        RouteIntake("international", 10.0, 6, 8000.0),
        RouteIntake("step_up", 4.0, 18, 0.0),
    )
    rated = parse_field(changed, "route_leaver_rates", "international:0.25")
    assert rated.route_leaver_rate("international") == 0.25
    assert rated.route_leaver_rate("academy") is None
    assert from_dict(rated.to_dict()) == rated
    for text, message in (
        ("pigeon:1:2:3", "unknown recruitment route 'pigeon'; known: academy, step_up"),
        ("international:10", "route_intakes: 'international:10' is not ROUTE:PER_YEAR"),
        ("international:10:6.5:100", "route_intakes: 'international:10:6.5:100' is not"),
        ("international:-1:6:100", "route_intakes: per_year must be between 0 and 1000"),
    ):
        with pytest.raises(AssumptionError, match=message.replace("(", r"\(")):
            parse_field(Assumptions(), "route_intakes", text)
    with pytest.raises(AssumptionError, match="route_leaver_rates must be between 0 and 5"):
        parse_field(Assumptions(), "route_leaver_rates", "academy:9")


def test_absence_reduces_capacity_every_month(state_factory: StateFactory) -> None:
    state = state_factory(nqsw={3: 8}, early={20: 5}, agency=20)
    plan = Assumptions(experienced_hires_per_month=1.0)
    with_absence = simulate(state, replace(plan, absence_rate=0.1), 12, deterministic=True)
    without = simulate(state, plan, 12, deterministic=True)
    assert np.allclose(with_absence.capacity, without.capacity * 0.9)
    assert np.array_equal(with_absence.band_fte, without.band_fte)  # people are the same


def test_leavers_going_to_agency_come_back_as_cover(state_factory: StateFactory) -> None:
    """110 in post filling 110 funded posts, leaving at 0.2 a year: month 1's leavers L leave L
    vacant; agency is sought for all of it. Without the flow agency closes a quarter of the gap;
    with every leaver going to agency, the gap is filled at once."""
    state = state_factory(experienced=100, senior=10, agency=0, establishment=110)
    plan = replace(STILL, agency_share_of_vacancies=1.0, **{
        f"leaver_rate_{band}": 0.2 for band in ("nqsw", "early_career", "experienced", "senior")
    })  # fmt: skip
    left = 110 * (1 - math.exp(-0.2 / 12))
    without = simulate(state, plan, 3, deterministic=True)
    assert without.agency_fte[0, 1] == pytest.approx(0.25 * left)
    flowing = simulate(state, replace(plan, leaver_agency_share=1.0), 3, deterministic=True)
    assert flowing.agency_fte[0, 1] == pytest.approx(left)
    half = simulate(state, replace(plan, leaver_agency_share=0.5), 3, deterministic=True)
    assert half.agency_fte[0, 1] == pytest.approx(0.5 * left + 0.25 * 0.5 * left)
    assert (flowing.cost[0, 1:] > without.cost[0, 1:]).all()  # dearer agency cover, sooner
