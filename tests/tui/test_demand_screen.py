"""Demand & performance: measures against a chosen base month, indicators with RAG in words and colour."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable, Select, Static

from cswork.services.demand import demand_report, indicator_report
from cswork.store import Database
from cswork.tui.app import CsworkApp
from cswork.tui.screens.demand import DemandScreen
from tests.tui.conftest import settle


async def _open(app: CsworkApp, pilot: object) -> DemandScreen:
    await pilot.press("6")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, DemandScreen)
    return screen


async def test_measures_against_the_default_base_month(app: CsworkApp, demo_db: Database) -> None:
    report = demand_report(demo_db)
    assert report.base_month == date(2024, 9, 1)  # 12 months before the latest, September 2025
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        sentences = str(screen.query_one("#demand-sentences", Static).render())
        assert sentences.splitlines() == [f"• {m.change.sentence}" for m in report.measures]
        table = screen.query_one("#demand-table", DataTable)
        assert [c.label.plain for c in table.columns.values()][:4] == [
            "Measure",
            "September 2025",
            "September 2024",
            "Change",
        ]
        referrals = table.get_row("referrals")
        change = next(m.change for m in report.measures if m.measure == "referrals")
        assert referrals[1].plain == f"{change.value:,.0f}"
        assert referrals[2].plain == f"{change.base_value:,.0f}"
        assert screen.query_one("#base-month", Select).value == "2024-09"


async def test_choosing_a_base_month_recompares(app: CsworkApp, demo_db: Database) -> None:
    report = demand_report(demo_db, None, date(2020, 4, 1))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        screen.query_one("#base-month", Select).value = "2020-04"
        await settle(pilot)
        sentences = str(screen.query_one("#demand-sentences", Static).render())
        assert "compared with" in sentences and "in April 2020" in sentences
        assert sentences.splitlines() == [f"• {m.change.sentence}" for m in report.measures]
        table = screen.query_one("#demand-table", DataTable)
        assert [c.label.plain for c in table.columns.values()][2] == "April 2020"


async def test_indicators_show_rag_in_words_and_theme_colours(
    app: CsworkApp, demo_db: Database
) -> None:
    report = indicator_report(demo_db)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(app, pilot)
        table = screen.query_one("#indicator-table", DataTable)
        assert table.row_count == len(report.indicators)
        colours = {"green": "success", "amber": "warning", "red": "error"}
        for status in report.indicators:
            row = table.get_row(status.indicator.code)
            assert row[0].plain == status.indicator.definition
            assert row[5].plain == f"{status.indicator.direction.value} is better"
            rag = row[2]  # value and RAG come straight after the indicator, to fit at 80 columns
            assert isinstance(rag, Text)
            assert status.rag is not None
            assert rag.plain == f"● {status.rag.value.capitalize()}"
            dot_style = str(rag.style)
            assert dot_style == app.theme_variables[colours[status.rag.value]]
        # The built-in light and dark themes share their RAG colours; another theme does not.
        app.theme = "nord"
        await settle(pilot)
        first = report.indicators[0]
        assert first.rag is not None
        shown = str(table.get_row(first.indicator.code)[2].style)
        assert shown == app.theme_variables[colours[first.rag.value]]
        assert shown != "#4EBF71"
