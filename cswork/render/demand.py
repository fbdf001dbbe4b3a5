"""``cswork demand`` and ``cswork indicators`` in the terminal: tables, sparklines and sentences."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.model.demand import format_change
from cswork.model.indicators import IndicatorStatus, Rag, Trend
from cswork.model.months import month_name
from cswork.render.format import MISSING, count, indicator_target, indicator_value, number
from cswork.services.demand import DemandReport, IndicatorReport

_BLOCKS = "▁▂▃▄▅▆▇█"

#: Months shown in each sparkline: two years when the terminal is wide, one when narrower.
SPARK_MONTHS = 24
WIDE_ENOUGH = 100
NARROW = 76


def spark_months(width: int) -> int:
    """Months of sparkline that fit beside the figures at ``width`` columns (0: leave it out)."""
    if width >= WIDE_ENOUGH:
        return SPARK_MONTHS
    return SPARK_MONTHS // 2 if width >= NARROW else 0


#: The indicator's definition wraps but keeps at least this width.
DEFINITION_WIDTH = 20

RAG_STYLES = {Rag.GREEN: "bold green", Rag.AMBER: "bold yellow", Rag.RED: "bold red"}
TREND_STYLES = {Trend.IMPROVING: "green", Trend.WORSENING: "red", Trend.FLAT: ""}


def trend_mark(status: IndicatorStatus) -> str:
    """The change since the previous period: an arrow that follows the value (▲ it rose, ▼ it
    fell) and a word saying whether that is better (improving) or worse (worsening)."""
    if status.trend is None:
        return MISSING
    now = status.latest.value
    before = status.previous.value if status.previous else None
    if status.trend is Trend.FLAT or now is None or before is None or now == before:
        return "▶ flat"
    return f"{'▲' if now > before else '▼'} {status.trend.value}"


def trend_text(status: IndicatorStatus) -> Text:
    """:func:`trend_mark` coloured green when better, red when worse."""
    return Text(
        trend_mark(status), style=TREND_STYLES.get(status.trend, "") if status.trend else ""
    )


def sparkline(values: Sequence[float | None]) -> str:
    """One block character per value, scaled between the smallest and largest; a gap where missing."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif span == 0:
            marks.append(_BLOCKS[len(_BLOCKS) // 2])
        else:
            marks.append(_BLOCKS[round((value - low) / span * (len(_BLOCKS) - 1))])
    return "".join(marks)


def demand_table(report: DemandReport, width: int = WIDE_ENOUGH) -> Table:
    """Each measure at the month and the base month, the change, and a sparkline of recent months
    as long as ``width`` allows."""
    months = spark_months(width)
    table = Table(
        title=f"Demand in {month_name(report.month)} against {month_name(report.base_month)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=(
            "Change to a whole percent, rounded half up; 12-month change compares the average of "
            "the 12 months to each month; – where there is no figure."
        ),
        caption_justify="left",
    )
    table.add_column("Measure", no_wrap=True)
    for heading in (
        report.month.strftime("%b\n%Y"),
        report.base_month.strftime("%b\n%Y"),
        "Change",
        "12-month\nchange",
    ):
        table.add_column(heading, justify="right", no_wrap=True)
    if months:
        table.add_column(f"Last {months}\nmonths", no_wrap=True)
    for measure in report.measures:
        change = measure.change
        cells = [
            measure.label,
            count(change.value),
            count(change.base_value),
            format_change(change.change_pct),
            format_change(measure.rolling_change_pct),
        ]
        if months:
            cells.append(sparkline([mv.value for mv in measure.series[-months:]]))
        table.add_row(*cells)
    return table


class _DemandTableToFit:
    """Chooses the sparkline's length for the width the table is rendered at."""

    def __init__(self, report: DemandReport) -> None:
        self.report = report

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield demand_table(self.report, options.max_width)


def demand_renderable(report: DemandReport) -> RenderableType:
    """The demand table, then the changes in words for a board paper."""
    sentences = Text("\n".join(f"• {m.change.sentence}" for m in report.measures))
    return Group(_DemandTableToFit(report), Text(""), sentences)


def indicator_table(report: IndicatorReport, width: int = WIDE_ENOUGH) -> Table:
    """Each indicator's latest value, target, RAG status and trend, with its history if it fits."""
    months = spark_months(width - DEFINITION_WIDTH)
    table = Table(
        title="Performance indicators",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=(
            f"Amber: missing the target by no more than {number(report.amber_band, 1)} % of it. "
            "Trend against the previous period."
        ),
        caption_justify="left",
    )
    table.add_column("Indicator", min_width=DEFINITION_WIDTH, ratio=1)
    table.add_column("Period", no_wrap=True)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    if months:
        table.add_column(f"Last {months}", no_wrap=True)
    for status in report.indicators:
        rag = (
            Text(status.rag.value.capitalize(), style=RAG_STYLES[status.rag])
            if status.rag
            else Text(MISSING)
        )
        cells: list[RenderableType] = [
            status.indicator.definition,
            status.latest.period,
            indicator_value(status.latest.value, status.indicator.unit),
            indicator_target(
                status.latest.target, status.indicator.direction, status.indicator.unit
            ),
            rag,
            trend_text(status),
        ]
        if months:
            cells.append(sparkline([v.value for v in status.history[-months:]]))
        table.add_row(*cells)
    return table


class _IndicatorTableToFit:
    """Chooses whether the history fits for the width the table is rendered at."""

    def __init__(self, report: IndicatorReport) -> None:
        self.report = report

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield indicator_table(self.report, options.max_width)


def indicators_renderable(report: IndicatorReport) -> RenderableType:
    """The indicator table, fitted to the terminal's width."""
    return _IndicatorTableToFit(report)
