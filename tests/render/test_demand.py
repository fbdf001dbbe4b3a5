"""The demand and indicator renderables: sparklines, and tables that fit the terminal."""

from __future__ import annotations

from datetime import date

from rich.console import Console, RenderableType

from cswork.model.demand import MeasureChange, MonthValue
from cswork.model.indicators import (
    Direction,
    Indicator,
    IndicatorStatus,
    IndicatorValue,
    Rag,
    Trend,
)
from cswork.render.demand import demand_renderable, indicators_renderable, spark_months, sparkline
from cswork.services.demand import DemandReport, IndicatorReport, MeasureReport

APRIL_2020, JAN_2021 = date(2020, 4, 1), date(2021, 1, 1)


def _text(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_sparkline_scales_between_lowest_and_highest_and_leaves_gaps() -> None:
    assert sparkline([0, 7, 14]) == "▁▅█"
    assert sparkline([1, None, 1]) == "▅ ▅"
    assert sparkline([None, None]) == ""
    assert sparkline([]) == ""


def test_spark_months_by_width() -> None:
    assert spark_months(120) == 24
    assert spark_months(80) == 12
    assert spark_months(60) == 0


def _demand_report() -> DemandReport:
    series = tuple(MonthValue(date(2020, m, 1), float(m)) for m in range(4, 13))
    change = MeasureChange("referrals", JAN_2021, 613, APRIL_2020, 279)
    return DemandReport(
        JAN_2021, APRIL_2020, APRIL_2020, JAN_2021, (MeasureReport(change, series, series),)
    )


def test_demand_table_and_sentence_at_80_and_120_columns() -> None:
    narrow, wide = (
        _text(demand_renderable(_demand_report()), 80),
        _text(demand_renderable(_demand_report()), 120),
    )
    for text in (narrow, wide):
        assert "Demand in January 2021 against April 2020" in text
        assert "• Referrals: 613, compared with 279 in April 2020, +120 %" in text
        assert "+120 %" in text.split("•")[0]
    assert "Last 12" in narrow
    assert "Last 24" in wide
    assert max(len(line) for line in narrow.splitlines()) <= 80


def _indicator_report() -> IndicatorReport:
    indicator = Indicator("re-referrals", "% re-referrals within 12 months", Direction.LOWER, "%")
    latest, previous = IndicatorValue("2025-09", 23.0, 22.0), IndicatorValue("2025-08", 21.0, 22.0)
    status = IndicatorStatus(
        indicator, latest, previous, Rag.AMBER, Trend.WORSENING, (previous, latest)
    )
    return IndicatorReport(5.0, (status,))


def test_indicator_table_shows_target_with_its_direction_and_rag_in_words() -> None:
    for width in (80, 140):
        text = _text(indicators_renderable(_indicator_report()), width)
        assert "% re-referrals within 12" in text
        assert "23.0%" in text
        assert "≤ 22.0%" in text
        assert "Amber" in text
        assert "▲ worsening" in text  # the value rose (21 → 23), and lower is better
        assert max(len(line) for line in text.splitlines()) <= width
    assert "Last" not in _text(indicators_renderable(_indicator_report()), 80)
