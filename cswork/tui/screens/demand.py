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
from textual.widgets import DataTable, Label, Select, Static

from cswork.model.demand import format_change
from cswork.model.indicators import IndicatorStatus, Rag
from cswork.model.months import (
    calendar_months_apart,
    month_key,
    month_name,
    parse_month,
    shift_months,
)
from cswork.render.demand import sparkline
from cswork.render.format import count, indicator_target, indicator_value, number, trend
from cswork.render.safe import user_text
from cswork.services.database import Database
from cswork.services.demand import (
    DemandError,
    DemandReport,
    IndicatorReport,
    demand_report,
    has_demand_figures,
    indicator_report,
)
from cswork.tui.screens.base import DataScreen

#: Months of history in each sparkline.
SPARK_MONTHS = 24
#: The theme variable colouring each RAG status.
RAG_COLOURS: dict[Rag, str] = {Rag.GREEN: "success", Rag.AMBER: "warning", Rag.RED: "error"}


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
    BINDINGS: ClassVar[list[BindingType]] = [Binding("b", "pick_base", "Base month")]

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
            yield DataTable(id="demand-table", zebra_stripes=True, cursor_type="row")
            yield Static("", id="demand-sentences")
            yield DataTable(id="indicator-table", zebra_stripes=True, cursor_type="row")
            yield Label("", id="indicator-caption")

    def on_mount(self) -> None:
        self.query_one("#indicator-table", DataTable).add_columns(
            "Indicator", "Period", "Value", "Target", "Better", "RAG", "Trend", "History"
        )
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        super().on_mount()

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
        table = self.query_one("#demand-table", DataTable)
        table.clear(columns=True)
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
        table.add_columns(
            "Measure",
            month_name(report.month),
            month_name(report.base_month),
            "Change",
            "12-month avg change",
            f"Last {SPARK_MONTHS} months",
        )
        for measure in report.measures:
            change = measure.change
            table.add_row(
                measure.label,
                Text(count(change.value), justify="right"),
                Text(count(change.base_value), justify="right"),
                Text(format_change(change.change_pct), justify="right"),
                Text(format_change(measure.rolling_change_pct), justify="right"),
                sparkline([mv.value for mv in measure.series[-SPARK_MONTHS:]]),
                key=measure.measure,
            )
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
        table = self.query_one("#indicator-table", DataTable)
        table.clear()
        for status in report.indicators:
            unit = status.indicator.unit
            table.add_row(
                user_text(status.indicator.definition),
                status.latest.period,
                Text(indicator_value(status.latest.value, unit), justify="right"),
                Text(indicator_target(status.latest.target, status.indicator.direction, unit)),
                f"{status.indicator.direction.value} is better",
                self._rag(status),
                trend(status.trend),
                sparkline([v.value for v in status.history[-SPARK_MONTHS:]]),
                key=status.indicator.code,
            )
        table.border_title = "Performance indicators"
        caption = self.query_one("#indicator-caption", Label)
        if not report.indicators:
            caption.update(NO_INDICATORS)
            return
        caption.update(
            f"Amber: missing the target by no more than {number(report.amber_band, 1)} % of it. "
            "Trend against the previous period."
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
