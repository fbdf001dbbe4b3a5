"""Indicators: targets written as text, RAG status at the band's edges, and direction-aware trend."""

from __future__ import annotations

import pytest

from cswork.model.indicators import (
    Direction,
    Indicator,
    IndicatorValue,
    Rag,
    Target,
    TargetError,
    Trend,
    indicator_status,
    parse_direction,
    parse_target,
    rag_status,
    resolve_direction,
    trend,
)

HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("<19%", Target(19.0, LOWER, "%")),
        ("< 19 %", Target(19.0, LOWER, "%")),
        ("<=19%", Target(19.0, LOWER, "%")),
        ("≤ 4", Target(4.0, LOWER, None)),
        (">=80", Target(80.0, HIGHER, None)),
        (">85%", Target(85.0, HIGHER, "%")),
        ("≥90%", Target(90.0, HIGHER, "%")),
        ("19 %", Target(19.0, None, "%")),
        ("18", Target(18.0, None, None)),
        (" 17.5 ", Target(17.5, None, None)),
    ],
)
def test_targets_as_people_write_them(text: str, target: Target) -> None:
    assert parse_target(text) == target


@pytest.mark.parametrize("text", ["", "nineteen", "19%%", "<", "<>19", "19 % or less", "=19"])
def test_what_is_not_a_target_is_rejected(text: str) -> None:
    with pytest.raises(TargetError, match=r"^not a target; write a number"):
        parse_target(text)


def test_directions_in_words() -> None:
    assert parse_direction("Higher") is HIGHER
    assert parse_direction("lower is better") is LOWER
    with pytest.raises(TargetError, match=r"^not a direction; write higher or lower"):
        parse_direction("sideways")


def test_direction_comes_from_the_target_or_the_column_and_they_must_agree() -> None:
    assert resolve_direction(parse_target("<19%"), None) is LOWER
    assert resolve_direction(parse_target("19%"), HIGHER) is HIGHER
    assert resolve_direction(parse_target(">=80"), HIGHER) is HIGHER
    with pytest.raises(
        TargetError, match="the target says lower is better but the direction says higher"
    ):
        resolve_direction(parse_target("<19%"), HIGHER)
    with pytest.raises(TargetError, match="no direction"):
        resolve_direction(parse_target("19%"), None)
    with pytest.raises(TargetError, match="no direction"):
        resolve_direction(None, None)


# Lower is better, target 22, amber band 5 % of 22 = 1.1: green to 22, amber to 23.1, red above.
@pytest.mark.parametrize(
    ("value", "rag"),
    [
        (0.0, Rag.GREEN),
        (21.9, Rag.GREEN),
        (22.0, Rag.GREEN),
        (22.01, Rag.AMBER),
        (23.1, Rag.AMBER),
        (23.11, Rag.RED),
        (40.0, Rag.RED),
    ],
)
def test_rag_when_lower_is_better(value: float, rag: Rag) -> None:
    assert rag_status(value, 22.0, LOWER, 5.0) is rag


# Higher is better, target 90, band 5 % of 90 = 4.5: green from 90, amber down to 85.5, red below.
@pytest.mark.parametrize(
    ("value", "rag"),
    [
        (100.0, Rag.GREEN),
        (90.0, Rag.GREEN),
        (89.99, Rag.AMBER),
        (85.5, Rag.AMBER),
        (85.49, Rag.RED),
        (0.0, Rag.RED),
    ],
)
def test_rag_when_higher_is_better(value: float, rag: Rag) -> None:
    assert rag_status(value, 90.0, HIGHER, 5.0) is rag


def test_the_band_edge_survives_floating_point() -> None:
    # 18 × 1.05 is 18.900000000000002 in binary floating point; 18.9 is still amber.
    assert rag_status(18.9, 18.0, LOWER, 5.0) is Rag.AMBER


def test_band_width_is_a_parameter_and_zero_means_no_amber() -> None:
    assert rag_status(23.5, 22.0, LOWER, 10.0) is Rag.AMBER  # 10 % of 22 = 2.2, up to 24.2
    assert rag_status(22.01, 22.0, LOWER, 0.0) is Rag.RED
    assert rag_status(0.1, 0.0, LOWER, 5.0) is Rag.RED  # a target of zero has no amber band


def test_no_target_no_rag() -> None:
    assert rag_status(10.0, None, LOWER) is None


@pytest.mark.parametrize(
    ("current", "previous", "direction", "expected"),
    [
        (20.0, 22.0, LOWER, Trend.IMPROVING),
        (24.0, 22.0, LOWER, Trend.WORSENING),
        (92.0, 90.0, HIGHER, Trend.IMPROVING),
        (88.0, 90.0, HIGHER, Trend.WORSENING),
        (22.04, 22.0, LOWER, Trend.FLAT),  # equal to one decimal place, as shown
        (22.05, 22.0, LOWER, Trend.WORSENING),  # 22.1 against 22.0 when shown
        (22.0, None, LOWER, None),
    ],
)
def test_trend_follows_the_direction(
    current: float, previous: float | None, direction: Direction, expected: Trend | None
) -> None:
    assert trend(current, previous, direction) is expected


def test_status_takes_the_latest_period_and_the_one_before() -> None:
    indicator = Indicator("re-referrals", "% re-referrals within 12 months", LOWER, "%")
    values = [
        IndicatorValue("2025-09", 23.0, 22.0),
        IndicatorValue("2025-07", 19.0, 22.0),
        IndicatorValue("2025-08", 21.0, 22.0),
    ]
    status = indicator_status(indicator, values, 5.0)
    assert status is not None
    assert status.latest.period == "2025-09"
    assert status.previous is not None
    assert status.previous.period == "2025-08"
    assert status.rag is Rag.AMBER  # 23 is within 1.1 of 22
    assert status.trend is Trend.WORSENING
    assert [v.period for v in status.history] == ["2025-07", "2025-08", "2025-09"]
    assert indicator_status(indicator, [], 5.0) is None
