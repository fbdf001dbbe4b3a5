"""Demand measures: change against a base month in figures and words, gaps, rolling averages."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.demand import (
    DemandSeries,
    MeasureChange,
    build_series,
    change_pct,
    format_change,
    format_count,
    measure_change,
    measure_label,
    measure_order,
)

APRIL_2020 = date(2020, 4, 1)
JAN_2021 = date(2021, 1, 1)


def test_the_board_paper_sentence() -> None:
    # 613 against 279: (613 - 279) / 279 = 334 / 279 = 1.19713... → 119.7 %, 120 % in words.
    change = MeasureChange("referrals", JAN_2021, 613, APRIL_2020, 279)
    assert change.change_pct == pytest.approx(119.713, abs=0.001)
    assert change.sentence == "Referrals: 613, compared with 279 in April 2020, +120 %"


def test_children_in_need_from_the_design_brief() -> None:
    # 2010 against 1225: 785 / 1225 = 0.64081... → +64 %, and thousands are separated.
    change = MeasureChange("cin", JAN_2021, 2010, APRIL_2020, 1225)
    assert change.sentence == "Children in need: 2,010, compared with 1,225 in April 2020, +64 %"


@pytest.mark.parametrize(
    ("pct", "words"),
    [
        (119.713, "+120 %"),
        (0.5, "+1 %"),  # half up, not to even
        (2.5, "+3 %"),
        (0.49, "0 %"),
        (-0.4, "0 %"),
        (-15.5, "-16 %"),  # halves round away from zero
        (None, "–"),
    ],
)
def test_change_in_words_is_a_whole_percent_rounded_half_up(pct: float | None, words: str) -> None:
    assert format_change(pct) == words


def test_a_fall_reads_with_a_minus_sign() -> None:
    # 85 against 100: -15 %.
    change = MeasureChange("s47", JAN_2021, 85, APRIL_2020, 100)
    assert change.sentence == "Section 47 enquiries: 85, compared with 100 in April 2020, -15 %"


def test_change_is_undefined_from_zero_or_a_missing_figure() -> None:
    assert change_pct(10, 0) is None
    assert change_pct(None, 10) is None
    assert change_pct(10, None) is None
    assert change_pct(0, 10) == -100.0
    zero = MeasureChange("cla", JAN_2021, 4, APRIL_2020, 0)
    assert zero.change_pct is None
    assert zero.sentence == "Children looked after: 4, compared with 0 in April 2020"


def test_missing_months_say_so_rather_than_reading_as_zero() -> None:
    series = DemandSeries("referrals", {JAN_2021: 613.0})
    no_base = measure_change(series, JAN_2021, APRIL_2020)
    assert no_base.base_value is None
    assert no_base.change_pct is None
    assert no_base.sentence == "Referrals: 613; no figure for April 2020 to compare with"
    no_month = measure_change(series, date(2021, 2, 1), JAN_2021)
    assert no_month.value is None
    assert no_month.sentence == "Referrals: no figure for February 2021"


def test_monthly_series_fills_gaps_with_none() -> None:
    series = DemandSeries("contacts", {date(2021, 1, 1): 10.0, date(2021, 3, 1): 30.0})
    monthly = series.monthly(date(2020, 12, 1), date(2021, 3, 1))
    assert [(mv.month.month, mv.value) for mv in monthly] == [
        (12, None),
        (1, 10.0),
        (2, None),
        (3, 30.0),
    ]


def test_rolling_mean_needs_all_twelve_months() -> None:
    # Months 1..12 of 2021 hold 1..12: the mean is 78 / 12 = 6.5.
    values = {date(2021, m, 1): float(m) for m in range(1, 13)}
    series = DemandSeries("contacts", values)
    assert series.rolling_mean(date(2021, 12, 1)) == 6.5
    assert series.rolling_mean(date(2021, 11, 1)) is None  # December 2020 is missing
    assert series.rolling_mean(date(2021, 12, 1), window=3) == 11.0
    gappy = DemandSeries("contacts", {m: v for m, v in values.items() if m.month != 6})
    assert gappy.rolling_mean(date(2021, 12, 1)) is None


def test_labels_and_order() -> None:
    assert measure_label("s47") == "Section 47 enquiries"
    assert measure_label("cp_plans") == "Child protection plans"
    assert measure_label("early_help") == "Early help"
    assert measure_order(["cla", "zeta", "contacts", "alpha"]) == [
        "contacts",
        "cla",
        "alpha",
        "zeta",
    ]


def test_build_series_groups_points_by_measure_in_board_paper_order() -> None:
    series = build_series([("cla", JAN_2021, 5.0), ("contacts", JAN_2021, 7.0)])
    assert list(series) == ["contacts", "cla"]
    assert series["cla"].value_at(JAN_2021) == 5.0
    assert series["cla"].label == "Children looked after"


def test_counts_are_written_as_board_papers_write_them() -> None:
    assert format_count(613.0) == "613"
    assert format_count(1225.0) == "1,225"
    assert format_count(12.25) == "12.3"
