"""Calibration on hand-built histories, and backtest scoring."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from cswork.model.months import add_months
from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.backtest import mape, score
from cswork.model.projection.calibration import (
    DEMAND_DAMPING,
    MIN_DEMAND_GROWTH_SD,
    damped_months,
    demand_trend,
    leaver_rate,
    no_show_rate,
    poisson_interval,
)
from cswork.model.projection.history import MonthRecord, monthly_history
from cswork.model.settings import Settings
from cswork.model.workforce import Contract, RoleSpell

AS_AT = date(2025, 9, 30)


def test_two_leavers_in_ten_person_years_is_a_rate_of_point_two() -> None:
    rate = leaver_rate("experienced", leavers=2, exposure_years=10.0)
    assert rate.rate == pytest.approx(0.2)
    # Garwood's exact 95 % limits for 2 events are 0.2422 and 7.2247 (chi-square tables)
    assert rate.low == pytest.approx(0.02422, abs=1e-4)
    assert rate.high == pytest.approx(0.72247, abs=1e-4)
    assert rate.low is not None and rate.high is not None
    assert rate.low < 0.2 < rate.high


def test_poisson_interval_for_no_events_starts_at_zero() -> None:
    low, high = poisson_interval(0, 1.0)
    assert low == 0.0
    assert high == pytest.approx(-math.log(0.025), abs=1e-6)  # 3.689
    with pytest.raises(ValueError, match="exposure must be positive"):
        poisson_interval(1, 0.0)


def test_a_band_without_exposure_has_no_rate() -> None:
    rate = leaver_rate("senior", 0, 0.0)
    assert (rate.rate, rate.low, rate.high) == (None, None, None)


def _experienced(ref: str, start: date, end: date | None = None, org_role: int = 5) -> RoleSpell:
    return RoleSpell(
        ref, "Team A", org_role, Contract.PERMANENT, 1.0, start, end, qualified=date(2010, 1, 1)
    )


def _history(spells: list[RoleSpell]) -> tuple[MonthRecord, ...]:
    return monthly_history(spells, (), AS_AT, Settings(), {})


def _window(records: tuple[MonthRecord, ...], months: int = 24) -> tuple[MonthRecord, ...]:
    """The last ``months`` records: the 24 months to 30 September 2025."""
    return records[-months:]


def test_leavers_and_exposure_from_a_hand_built_history() -> None:
    # Exposure is counted at monthly snapshots, 1/12 year each: five experienced workers in post
    # throughout give 10 person-years over the 24 months to 30 Sep 2025. Two more leave on
    # 15 Oct 2023: inside those months, before their first snapshot.
    spells = [_experienced(f"E{i}", date(2015, 1, 1)) for i in range(5)]
    spells += [_experienced(f"L{i}", date(2015, 1, 1), date(2023, 10, 15)) for i in range(2)]
    window = _window(_history(spells))
    experienced = BANDS.index("experienced")
    assert sum(r.leavers[experienced] for r in window) == 2
    assert sum(r.exposure[experienced] for r in window) == pytest.approx(10.0)
    assert sum(r.exposure[BANDS.index("nqsw")] for r in window) == 0.0
    rate = leaver_rate("experienced", 2, 10.0)
    assert rate.rate == pytest.approx(0.2)


def test_a_manager_leaving_counts_in_the_senior_band() -> None:
    spells = [
        _experienced("E1", date(2015, 1, 1)),
        _experienced("M1", date(2015, 1, 1), date(2024, 6, 30), org_role=3),
    ]
    window = _window(_history(spells))
    assert sum(r.leavers[BANDS.index("senior")] for r in window) == 1
    assert sum(r.leavers[BANDS.index("experienced")] for r in window) == 0


def test_hires_exclude_academy_starters_and_conversions() -> None:
    spells = [
        _experienced("E1", date(2015, 1, 1)),
        _experienced("H1", date(2024, 3, 4)),
        RoleSpell("N1", "Academy", 5, Contract.PERMANENT, 1.0, date(2024, 7, 1), cohort="Cohort 9"),
        RoleSpell("C1", "Team A", 5, Contract.AGENCY, 1.0, date(2023, 1, 1), date(2024, 4, 30)),
        _experienced("C1", date(2024, 5, 13)),
    ]
    window = _window(_history(spells))
    assert sum(r.hires for r in window) == 1
    assert sum(r.conversions for r in window) == 1


def test_no_show_rate_compares_starters_with_planned_places() -> None:
    assert no_show_rate({"C1": 10, "C2": 10}, {"C1": 9, "C2": 7}) == pytest.approx(0.2)
    assert no_show_rate({}, {}) == 0.0


def test_demand_trend_recovers_exponential_growth_with_no_noise() -> None:
    dates = [add_months(date(2023, 10, 31), k) for k in range(24)]
    series = {d: {"CIN": 1000 * 1.05 ** (k / 12), "CP": 200.0} for k, d in enumerate(dates)}
    trend = demand_trend(series, {"CIN": 1.0, "CP": 1.5}, dates[-1])
    assert trend.growth["CIN"] == pytest.approx(0.05, abs=2e-3)  # month lengths vary slightly
    assert trend.growth["CP"] == pytest.approx(0.0, abs=1e-12)
    assert trend.noise_sd < 2e-3
    assert demand_trend({}, {}, AS_AT).growth == {}


def test_damped_months_add_up_the_trend_to_come() -> None:
    months = np.array([0.0, 1.0, 2.0, 12.0, 600.0])
    assert damped_months(months, 0.8) == pytest.approx([0.0, 0.8, 1.44, 4 * (1 - 0.8**12), 4.0])
    assert damped_months(months, 1.0) == pytest.approx(months)
    assert damped_months(months, 0.0) == pytest.approx([0.0] * 5)


def test_demand_growth_uncertainty_comes_from_how_far_a_years_change_strays() -> None:
    """A calm series still gets the floor (a year it has not seen can come). A series growing at
    +20 % a year for a year, then falling at -20 % for a year, and so on, has yearly changes that
    run evenly between +0.2 and -0.2 (log), an sd of 0.2 / sqrt(3) = 0.115: it gets about that,
    not the line's standard error."""
    dates = [add_months(date(2020, 10, 31), k) for k in range(60)]
    calm = {d: {"CIN": 1000 * 1.03 ** (k / 12)} for k, d in enumerate(dates)}
    trend = demand_trend(calm, {"CIN": 1.0}, dates[-1])
    assert trend.growth_sd == MIN_DEMAND_GROWTH_SD
    assert trend.damping == DEMAND_DAMPING
    level, swinging = 1000.0, {}
    for k, on in enumerate(dates):
        swinging[on] = {"CIN": level}
        level *= math.exp((0.2 if (k // 12) % 2 == 0 else -0.2) / 12)
    spread = demand_trend(swinging, {"CIN": 1.0}, dates[-1]).growth_sd
    assert 0.09 < spread < 0.13
    assert demand_trend(swinging, {"CIN": 1.0}, dates[30]).growth_sd > MIN_DEMAND_GROWTH_SD


def test_mape_and_scores() -> None:
    assert mape([110.0, 90.0], [100.0, 100.0]) == pytest.approx(10.0)
    assert mape([1.0], [0.0]) is None
    scores = score(
        ["2025-01", "2025-02"], {"x": [102.0, 104.0]}, {"x": [100.0, 105.0]}, {"x": 100.0}
    )
    assert scores[0].model_mape == pytest.approx(100 * (0.02 + 1 / 105) / 2)
    assert scores[0].naive_mape == pytest.approx(100 * (0 + 5 / 105) / 2)
    assert scores[0].beats_naive is True
