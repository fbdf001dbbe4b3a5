"""Demand & performance: each demand measure against a chosen base month, in figures and in words,
and the performance indicators against their targets with RAG status and trend.

RAG colours come from the theme (success, warning, error) and every status is also written out, so
colour is never the only cue; the table is redrawn when the theme changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.theme import Theme
from textual.widgets import Label, Select, Static

from cswork.export.tables import Cell
from cswork.model.demand import format_change
from cswork.model.indicators import IndicatorStatus, Rag
from cswork.model.months import (
    calendar_months_apart,
    month_key,
    month_name,
    parse_month,
    shift_months,
)
from cswork.render.demand import sparkline, trend_mark, trend_text
from cswork.render.format import indicator_target, indicator_value, number
from cswork.services.database import Database
from cswork.services.demand import (
    DemandError,
    DemandReport,
    IndicatorReport,
    MeasureReport,
    demand_report,
    has_demand_figures,
    indicator_report,
)
from cswork.tui.screens.base import DataScreen
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable

#: Months of history in each sparkline.
SPARK_MONTHS = 24
#: The theme variable colouring each RAG status.
RAG_COLOURS: dict[Rag, str] = {Rag.GREEN: "success", Rag.AMBER: "warning", Rag.RED: "error"}
#: Width of the indicator column, so value and RAG fit beside it at 80 columns.
INDICATOR_WIDTH = 34


def _figure_of(status: IndicatorStatus) -> Cell:
    value = status.latest.value
    return None if value is None else value / 100 if status.indicator.unit == "%" else value


@dataclass(frozen=True, slots=True)
class DemandView:
    """The demand report (or why there is none) and the indicator report."""

    demand: DemandReport | None
    problem: str | None
    indicators: IndicatorReport


NO_FIGURES = (
    "No demand or performance figures yet.\n\n"
    "Import monthly demand counts ('cswork import demand FILE') or performance indicators "
    "('cswork import indicators FILE') in a terminal, or here on the Imports screen "
    "(key 7, then i to import a file)."
)
NO_INDICATORS = (
    "No performance indicators held: import some with 'cswork import indicators FILE', "
    "or on the Imports screen (key 7)."
)


class DemandScreen(DataScreen[DemandView]):
    """Demand over time against a base month; indicators against targets."""

    MODE = "demand"
    CSS_PATH = "demand.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "pick_base", "Base month"),
        Binding("p", "indicators", "Indicators"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.base_month: date | None = None
        self.view: DemandView | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="demand-bar"):
            yield Label("Compare with", id="base-label")
            yield Select[str]([], prompt="Base month", id="base-month", compact=True)
            yield Label("", id="demand-span")
        with VerticalScroll(id="demand-main"):
            yield ExploreTable[MeasureReport](
                [], lambda m: m.measure, title="demand", id="demand-table"
            )
            yield Static("", id="demand-sentences")
            yield ExploreTable[IndicatorStatus](
                self._indicator_columns(),
                lambda s: s.indicator.code,
                title="performance indicators",
                id="indicator-table",
            )
            yield Label("", id="indicator-caption")

    def _indicator_columns(self) -> list[Column[IndicatorStatus]]:
        return [
            Column(
                "indicator",
                "Indicator",
                lambda s: s.indicator.definition,
                width=INDICATOR_WIDTH,
            ),
            Column(
                "value",
                "Value",
                _figure_of,
                show=lambda s: Text(
                    indicator_value(s.latest.value, s.indicator.unit), justify="right"
                ),
                places=1,
            ),
            Column("rag", "RAG", lambda s: s.rag.value if s.rag else None, show=self._rag),
            Column("trend", "Trend", trend_mark, show=trend_text),
            Column(
                "target",
                "Target",
                lambda s: indicator_target(
                    s.latest.target, s.indicator.direction, s.indicator.unit
                ),
            ),
            Column("better", "Better", lambda s: f"{s.indicator.direction.value} is better"),
            Column("period", "Period", lambda s: s.latest.period),
            Column(
                "history",
                "History",
                lambda s: None,
                show=lambda s: sparkline([v.value for v in s.history[-SPARK_MONTHS:]]),
                exported=False,
            ),
        ]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        super().on_mount()

    def action_indicators(self) -> None:
        """Go to the performance indicators."""
        table = self.query_one("#indicator-table", ExploreTable)
        table.focus()
        table.scroll_visible()

    def export_filters(self) -> list[tuple[str, str]]:
        """The base month demand is compared with."""
        report = self.view.demand if self.view else None
        return [("Compared with", month_name(report.base_month))] if report else []

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return None if has_demand_figures(db) else NO_FIGURES

    def fetch(self, db: Database, as_at: date) -> DemandView:
        indicators = indicator_report(db)
        try:
            demand = demand_report(db, None, self.base_month)
        except DemandError as exc:
            return DemandView(None, str(exc), indicators)
        return DemandView(demand, None, indicators)

    def show(self, data: DemandView) -> None:
        self.view = data
        self._show_demand(data.demand, data.problem)
        self._show_indicators(data.indicators)

    def _show_demand(self, report: DemandReport | None, problem: str | None) -> None:
        table = self.query_one("#demand-table", ExploreTable)
        sentences = self.query_one("#demand-sentences", Static)
        # Without demand figures, only the reason shows: no base month to pick, no empty table.
        self.query_one("#demand-bar").display = table.display = report is not None
        if report is None:
            sentences.update(problem or "No demand figures.")
            return
        with self.prevent(Select.Changed):
            chooser = self.query_one("#base-month", Select)
            held = calendar_months_apart(report.first_month, report.month)
            months = [shift_months(report.first_month, k) for k in range(held)]
            chooser.set_options((month_name(m), month_key(m)) for m in reversed(months))
            chooser.value = month_key(report.base_month)
        self.query_one("#demand-span", Label).update(
            f"{month_name(report.month)} against {month_name(report.base_month)}; "
            f"figures held {month_name(report.first_month)} to {month_name(report.last_month)}"
        )
        columns: list[Column[MeasureReport]] = [
            Column("measure", "Measure", lambda m: m.label),
            Column(
                month_key(report.month),
                month_name(report.month),
                lambda m: m.change.value,
                places=0,
            ),
            Column(
                month_key(report.base_month),
                month_name(report.base_month),
                lambda m: m.change.base_value,
                places=0,
            ),
            Column(
                "change",
                "Change",
                lambda m: m.change.change_pct,
                unit="percent",
                show=lambda m: Text(format_change(m.change.change_pct), justify="right"),
            ),
            Column(
                "rolling",
                "12-month avg change",
                lambda m: m.rolling_change_pct,
                unit="percent",
                show=lambda m: Text(format_change(m.rolling_change_pct), justify="right"),
            ),
            Column(
                "spark",
                f"Last {SPARK_MONTHS} months",
                lambda m: None,
                show=lambda m: sparkline([mv.value for mv in m.series[-SPARK_MONTHS:]]),
                exported=False,
            ),
        ]
        table.set_columns(columns)
        table.show_rows(report.measures)
        table.border_title = "Demand"
        sentences.update("\n".join(f"• {m.change.sentence}" for m in report.measures))

    def _rag(self, status: IndicatorStatus) -> Text:
        if status.rag is None:
            return Text("no target")
        colour = self.app.theme_variables.get(RAG_COLOURS[status.rag], "")
        text = Text("● ", style=colour)
        text.append(status.rag.value.capitalize(), style="bold")
        return text

    def _show_indicators(self, report: IndicatorReport) -> None:
        table = self.query_one("#indicator-table", ExploreTable)
        table.show_rows(report.indicators)
        table.border_title = "Performance indicators (p)"
        caption = self.query_one("#indicator-caption", Label)
        if not report.indicators:
            caption.update(NO_INDICATORS)
            return
        caption.update(
            f"Amber: missing the target by no more than {number(report.amber_band, 1)} % of it. "
            "Trend against the previous period: the arrow shows the value rose (▲) or fell (▼), "
            "the word whether that is better or worse."
        )

    def _theme_changed(self, _theme: Theme) -> None:
        if self.view is not None:
            # After the refresh, when the app's theme variables hold the new theme's colours.
            self.call_after_refresh(self._show_indicators, self.view.indicators)

    @on(Select.Changed, "#base-month")
    def _base_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            chosen = parse_month(event.value)
            if chosen != self.base_month:
                self.base_month = chosen
                self.reload()

    def action_pick_base(self) -> None:
        """Open the base month list."""
        chooser = self.query_one("#base-month", Select)
        chooser.focus()
        chooser.expanded = True
