"""The one module of figure formatting: what each figure looks like, wherever it is shown."""

from __future__ import annotations

from datetime import date

from cswork.model.indicators import Direction, Trend
from cswork.render.format import (
    MISSING,
    cell,
    count,
    indicator_target,
    indicator_value,
    number,
    pct,
    share,
    trend,
)


def test_rates_round_half_up_and_shares_as_computed() -> None:
    assert pct(12.25) == "12.3%"
    assert number(1234.45, 1) == "1,234.5"
    assert share(0.855) == "86%"
    assert share(0.1234, 1) == "12.3%"
    assert share(None) == pct(None) == number(None) == MISSING


def test_counts_are_whole_unless_they_are_not() -> None:
    assert count(1225.0) == "1,225"
    assert count(12.25) == "12.3"
    assert count(None) == MISSING


def test_cells_show_decimals_dates_and_text() -> None:
    assert cell(1234.56) == "1,234.6"
    assert cell(1234.56, 0) == "1,235"
    assert cell(1234.56, None) == "1234.56"
    assert cell(7) == "7"
    assert cell(date(2025, 9, 30)) == "2025-09-30"
    assert cell("a") == "a"
    assert cell(None) == MISSING


def test_indicator_values_and_targets_carry_unit_and_direction() -> None:
    assert indicator_value(19.04, "%") == "19.0%"
    assert indicator_value(80, None) == "80.0"
    assert indicator_target(19, Direction.LOWER, "%") == "≤ 19.0%"
    assert indicator_target(80, Direction.HIGHER, "cases") == "≥ 80.0"
    assert indicator_target(None, Direction.HIGHER, None) == MISSING


def test_trends_are_an_arrow_and_a_word() -> None:
    assert trend(Trend.IMPROVING) == "▲ improving"
    assert trend(Trend.FLAT) == "► flat"
    assert trend(None) == MISSING


def test_a_leaving_reason_reads_as_words_with_la_in_capitals() -> None:
    from cswork.model.workforce import LeavingReason
    from cswork.render.format import reason_label

    assert reason_label(LeavingReason.MOVED_WITHIN_LA) == "moved within LA"
    assert reason_label("not_yet_collected") == "not yet collected"
    assert reason_label("resignation") == "resignation"
