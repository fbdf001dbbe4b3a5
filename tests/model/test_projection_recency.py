"""Recency-weighted rates shrunk toward the long run, year-to-year spread, the academy pattern, and
the backtest's simple forecasts."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.assumptions import RecurringIntake
from cswork.model.projection.backtest import coverage, straight_line
from cswork.model.projection.history import MonthRecord
from cswork.model.projection.recency import (
    MIN_SPREAD,
    PRIOR_MONTHS,
    academy_pattern,
    conversion_step,
    fit_rates,
    recency_rate,
    year_to_year_spread,
)


def test_every_month_alike_gives_the_long_run_rate() -> None:
    # 48 months of 10 person-years a year (10/12 a month); 1 leaver a month: 1.2 a person-year
    rate = recency_rate([1.0] * 48, [10 / 12] * 48, None)
    assert rate.long_run == pytest.approx(1.2)
    assert rate.rate == pytest.approx(1.2)
    assert rate.shape == pytest.approx(1.2 * PRIOR_MONTHS * 10 / 12 + 48)
    assert rate.low is not None and rate.high is not None
    assert rate.low < 1.2 < rate.high


def test_a_recent_bad_year_counts_more_but_is_shrunk_toward_the_long_run() -> None:
    events = [1.0] * 36 + [3.0] * 12  # the last year three times as bad
    exposure = [10 / 12] * 48
    long_run = recency_rate(events, exposure, None)
    recent = recency_rate(events, exposure, 6)
    assert long_run.rate == pytest.approx(1.8)
    assert recent.recent is not None and recent.rate is not None
    assert 1.8 < recent.rate < recent.recent < 3.6
    # less evidence behind a short half-life: a wider interval
    assert recent.shape < long_run.shape


def test_no_history_gives_no_rate() -> None:
    assert recency_rate([], [], 12).rate is None
    assert recency_rate([0.0], [0.0], 12).rate is None


def test_year_to_year_spread_is_the_excess_over_chance() -> None:
    steady = year_to_year_spread([10.0] * 48, [10.0] * 48)
    assert steady == MIN_SPREAD
    swinging = year_to_year_spread([5.0] * 12 + [20.0] * 12 + [5.0] * 12 + [20.0] * 12, [10.0] * 48)
    assert swinging > 0.5


def test_the_academy_pattern_is_the_recent_intake_months() -> None:
    cohorts = [
        (date(2022, 1, 24), 8),
        (date(2023, 1, 23), 12),
        (date(2023, 7, 3), 9),
        (date(2024, 1, 22), 10),
        (date(2024, 7, 1), 11),
        (date(2025, 1, 27), 14),
        (date(2019, 9, 2), 6),  # an old autumn intake, not repeated
    ]
    assert academy_pattern(cohorts, date(2025, 9, 30)) == (
        RecurringIntake(1, 12),
        RecurringIntake(7, 10),
    )
    assert academy_pattern(cohorts, date(2028, 9, 30)) == ()


def test_straight_line_and_coverage() -> None:
    assert straight_line([1.0, 2.0, 3.0], 2) == pytest.approx([4.0, 5.0])
    assert straight_line([None, 5.0], 1) == [None]
    assert coverage([1.0, 1.0, None], [2.0, 2.0, 3.0], [1.5, 2.5, 1.0]) == 50.0


def _months(
    flows: list[tuple[int, int]], heads: int = 40, vacant: float = 60.0
) -> list[MonthRecord]:
    """Month records from January 2020, each month's (hires, conversions) as given, with steady
    exposure, leavers, agency workers and vacancies."""
    first = date(2020, 1, 31)
    return [
        MonthRecord(
            end=add_months_keeping_month_end(first, k),
            exposure=(1.0, 5.0, 10.0, 2.0),
            leavers=(0, 1, 1, 0),
            hires=hires,
            conversions=converted,
            agency_heads=heads,
            in_post_fte=200.0,
            vacancy_fte=vacant,
            agency_fte=float(heads),
        )
        for k, (hires, converted) in enumerate(flows)
    ]


def test_a_step_up_in_conversions_with_more_starters_is_followed_at_once() -> None:
    # three years with a conversion a year, then a drive: 3 conversions a month and as many hires
    calm = [(2, 1 if k % 12 == 11 else 0) for k in range(36)]
    records = _months(calm + [(2, 3)] * 6)
    as_at = records[-1].end
    step = conversion_step(records)
    assert step is not None
    assert (step.months, step.conversions) == (6, 18)
    assert step.expected == pytest.approx(6 * 40 * 3 / (35 * 40))
    fit = fit_rates(records, as_at, 12)
    assert fit.conversion_step == step
    # the rate since the step (18 of 240 agency-worker months), not one weighted over the years
    assert fit.conversion.rate == pytest.approx(18 / 240)
    assert fit.conversion.shape == pytest.approx(18)
    weighted = recency_rate(
        [r.conversions for r in records[1:]], [r.agency_heads for r in records[:-1]], 12
    )
    assert weighted.rate is not None and weighted.rate < 0.5 * 18 / 240


def test_more_conversions_that_only_replace_hires_are_no_step() -> None:
    # the same conversions, but the starters as before: hires recorded as coming from agency
    calm = [(4, 1 if k % 12 == 11 else 0) for k in range(36)]
    records = _months(calm + [(1, 3)] * 6)
    assert conversion_step(records) is None
    fit = fit_rates(records, records[-1].end, 12)
    assert fit.conversion_step is None
    assert fit.conversion == recency_rate(
        [r.conversions for r in records[1:]], [r.agency_heads for r in records[:-1]], 12
    )


def test_a_step_needs_a_year_of_history_before_its_window() -> None:
    assert conversion_step(_months([(2, 0)] * 12 + [(4, 3)] * 6)) is None
    assert conversion_step(_months([(2, 0)] * 14 + [(4, 3)] * 6)) is not None
