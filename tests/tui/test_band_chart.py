"""The band chart: round axis ticks, a chart with month and unit labels, a table when small, theme."""

from __future__ import annotations

from rich.console import Console
from textual.app import App, ComposeResult

from cswork.tui.widgets.band_chart import BandChart, BandSeries, ChartData, axis_ticks

MONTHS = ("2025-09", "2025-10", "2025-11", "2025-12", "2026-01")
DATA = ChartData(
    "In post vs needed",
    "FTE",
    MONTHS,
    (
        BandSeries(
            "In post",
            (100.0, 98, 96, 94, 92),
            (100.0, 100, 100, 100, 100),
            (100.0, 102, 104, 106, 108),
        ),
        BandSeries(
            "Needed",
            (110.0, 110, 110, 110, 110),
            (110.0, 111, 112, 113, 114),
            (110.0, 112, 114, 116, 118),
        ),
    ),
)


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BandChart(DATA)


def _plain(chart: BandChart, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(chart.render())
    return console.export_text()


def test_ticks_are_round_steps_covering_the_range() -> None:
    assert axis_ticks(0, 10, 6) == [0, 2, 4, 6, 8, 10]
    assert axis_ticks(92, 118, 4) == [100, 110]  # span 26 / 3 = 8.7 -> step 10
    assert axis_ticks(13.2, 14.8, 5) == [13.5, 14.0, 14.5]


def test_bounds_span_every_band() -> None:
    assert DATA.bounds() == (92.0, 118.0)
    flat = ChartData("x", "%", ("2025-09",), (BandSeries("x", (5.0,), (5.0,), (5.0,)),))
    assert flat.bounds() == (4.0, 6.0)
    empty = ChartData("x", "%", ("2025-09",), (BandSeries("x", (None,), (None,), (None,)),))
    assert empty.bounds() is None


async def test_a_large_chart_labels_months_units_and_values() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        chart = app.query_one(BandChart)
        assert not chart.shows_table
        text = _plain(chart, 80)
        lines = text.splitlines()
        assert lines[0].startswith("In post vs needed (FTE)")
        assert "In post" in lines[0] and "Needed" in lines[0] and "p10–p90" in lines[0]
        assert lines[-1].split() == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
        axis = [line.split("┤")[0].strip() for line in lines if "┤" in line]
        assert axis == ["110", "100"]
        assert "░" in text and any("⠀" < c <= "⣿" for c in text)


async def test_a_small_chart_degrades_to_a_table_of_the_same_figures() -> None:
    app = ChartApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        chart = app.query_one(BandChart)
        assert chart.shows_table
        text = _plain(chart, 40)
        assert "median (p10–p90)" in text
        assert "2026-01" in text
        assert "100 (92–108)" in text  # in post at the last month: p50 (p10–p90)
        assert "114 (110–118)" in text


async def test_colours_follow_the_theme() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one(BandChart)
        app.theme = "textual-dark"
        await pilot.pause()
        dark = chart.get_component_rich_style("band-chart--line-0")
        app.theme = "textual-light"
        await pilot.pause()
        light = chart.get_component_rich_style("band-chart--line-0")
        assert dark.color != light.color


async def test_without_data_it_says_so() -> None:
    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield BandChart()

    app = Empty()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert "No projection yet." in _plain(app.query_one(BandChart), 80)
