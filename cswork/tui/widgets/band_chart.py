"""A chart of projected figures: each series' median as a line inside its p10–p90 band, by month.

Drawn with Textual primitives rather than a plotting library: a band between two curves (p10 to
p90) is the point of the chart and plotext has no fill-between; colours come from component classes
styled with theme variables, so the chart follows the light and dark themes; and the output is plain
styled text, deterministic for snapshots. The median is drawn with braille dots (four per cell
vertically), the band with shade blocks. When the widget is too small to read as a chart it shows
the same figures as a compact table instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

Figure = float | None

#: Below this size (cells) the chart shows a table instead.
MIN_CHART_WIDTH = 44
MIN_CHART_HEIGHT = 9
#: Braille dots for each of the four sub-rows of a cell, filling both dot columns.
_BRAILLE_ROWS = (0x09, 0x12, 0x24, 0xC0)
_BRAILLE_BASE = 0x2800
_BAND = "░"


@dataclass(frozen=True, slots=True)
class BandSeries:
    """One projected figure: its label and per-month p10, p50 and p90 (``None`` where undefined)."""

    label: str
    p10: tuple[Figure, ...]
    p50: tuple[Figure, ...]
    p90: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What a chart shows: a title, the unit of the y axis, month labels and up to two series."""

    title: str
    unit: str
    months: tuple[str, ...]
    series: tuple[BandSeries, ...]

    def bounds(self) -> tuple[float, float] | None:
        """The lowest p10 and highest p90 of every series, or ``None`` with no figures."""
        values = [
            v for s in self.series for v in (*s.p10, *s.p50, *s.p90) if v is not None and _finite(v)
        ]
        if not values:
            return None
        low, high = min(values), max(values)
        if high - low < 1e-9:
            low, high = low - 1.0, high + 1.0
        return low, high


def _finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))


def _figure(value: Figure, digits: int = 1) -> str:
    return "–" if value is None or not _finite(value) else f"{value:,.{digits}f}"


def _digits(value: Figure) -> int:
    """Whole numbers from 100 up, one decimal place below (rates and caseloads)."""
    return 0 if value is not None and _finite(value) and abs(value) >= 100 else 1


def axis_ticks(low: float, high: float, count: int) -> list[float]:
    """Up to ``count`` round tick values covering ``low``..``high`` (steps of 1, 2 or 5 × 10ⁿ)."""
    span = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(span)) if span > 0 else 1.0
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= span)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    if not ticks:  # no round value falls inside a narrow range: take those either side of it
        ticks = [math.floor(low / step) * step, math.ceil(high / step) * step]
    return ticks


class BandChart(Widget):
    """Median lines in p10–p90 bands over months; a table of the same figures when small."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "band-chart--axis",
        "band-chart--title",
        "band-chart--band-0",
        "band-chart--line-0",
        "band-chart--band-1",
        "band-chart--line-1",
    }
    DEFAULT_CSS = """
    BandChart { height: 1fr; min-height: 5; }
    BandChart > .band-chart--axis { color: $text-muted; }
    BandChart > .band-chart--title { color: $text; text-style: bold; }
    BandChart > .band-chart--band-0 { color: $primary 60%; }
    BandChart > .band-chart--line-0 { color: $primary; text-style: bold; }
    BandChart > .band-chart--band-1 { color: $warning 60%; }
    BandChart > .band-chart--line-1 { color: $warning; text-style: bold; }
    """

    data: reactive[ChartData | None] = reactive(None, layout=False)

    def __init__(
        self, data: ChartData | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(BandChart.data, data)

    @property
    def shows_table(self) -> bool:
        """Whether the widget is too small for a chart and shows a table instead."""
        size = self.content_size
        return size.width < MIN_CHART_WIDTH or size.height < MIN_CHART_HEIGHT

    def render(self) -> RenderableType:
        if self.data is None:
            return Text("No projection yet.", style=self._style("axis"))
        if self.shows_table:
            return self._table(self.data, self.content_size.height)
        return self._chart(self.data, self.content_size.width, self.content_size.height)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"band-chart--{name}", partial=True)

    def _legend(self, data: ChartData, width: int) -> Text:
        legend = Text(no_wrap=True, overflow="crop")
        legend.append(f"{data.title} ({data.unit})", style=self._style("title"))
        for index, series in enumerate(data.series):
            legend.append("  ")
            legend.append("⣿", style=self._style(f"line-{index}"))
            legend.append(_BAND, style=self._style(f"band-{index}"))
            legend.append(f" {series.label}")
        legend.append("  median, p10–p90", style=self._style("axis"))
        legend.truncate(width)
        return legend

    def _table(self, data: ChartData, height: int) -> Table:
        """Every few months' median and band, as many rows as fit."""
        table = Table(
            title=f"{data.title} ({data.unit})",
            caption="median (p10–p90)",
            caption_style=self._style("axis"),
            box=None,
            padding=(0, 1),
            collapse_padding=True,
            pad_edge=False,
            show_edge=False,
            title_style=self._style("title"),
            header_style=self._style("axis"),
        )
        table.add_column("Month", no_wrap=True, min_width=7)
        for series in data.series:
            table.add_column(series.label, justify="right", no_wrap=True)
        rows = max(height - 3, 1)  # title, header, caption
        count = len(data.months)
        step = max(1, math.ceil((count - 1) / max(rows - 1, 1))) if count > 1 else 1
        indexes = list(range(0, count, step))
        if indexes and indexes[-1] != count - 1:
            indexes[-1] = count - 1
        for index in indexes[:rows]:
            cells = [data.months[index]]
            for series in data.series:
                digits = _digits(series.p50[index])
                cells.append(
                    f"{_figure(series.p50[index], digits)} "
                    f"({_figure(series.p10[index], digits)}–{_figure(series.p90[index], digits)})"
                )
            table.add_row(*cells)
        return table

    def _chart(self, data: ChartData, width: int, height: int) -> Text:
        bounds = data.bounds()
        if bounds is None or not data.months:
            return Text("No figures to chart.", style=self._style("axis"))
        plot_height = height - 3  # legend, x axis, month labels
        ticks = axis_ticks(*bounds, max(2, plot_height // 3))
        low, high = min(ticks[0], bounds[0]), max(ticks[-1], bounds[1])
        labels = [_figure(t, 0 if all(float(t).is_integer() for t in ticks) else 1) for t in ticks]
        gutter = max(len(label) for label in labels) + 1
        plot_width = width - gutter - 1
        grid: list[list[tuple[str, Style | None]]] = [
            [(" ", None)] * plot_width for _ in range(plot_height)
        ]

        def row_of(value: float) -> float:
            """Fractional row from the top (0) to the bottom (plot_height)."""
            return (high - value) / (high - low) * plot_height

        def month_at(column: int) -> int:
            if len(data.months) == 1:
                return 0
            return round(column * (len(data.months) - 1) / max(plot_width - 1, 1))

        for index, series in enumerate(data.series):
            band, line = self._style(f"band-{index}"), self._style(f"line-{index}")
            for column in range(plot_width):
                month = month_at(column)
                p10, p50, p90 = series.p10[month], series.p50[month], series.p90[month]
                if p10 is not None and p90 is not None and _finite(p10) and _finite(p90):
                    top = math.floor(row_of(p90))
                    bottom = min(math.ceil(row_of(p10)), plot_height)
                    for row in range(max(top, 0), max(bottom, top + 1)):
                        if row < plot_height and grid[row][column][0] in (" ", _BAND):
                            grid[row][column] = (_BAND, band)
                if p50 is not None and _finite(p50):
                    position = min(row_of(p50), plot_height - 1e-6)
                    row, sub = int(position), min(int((position % 1) * 4), 3)
                    grid[row][column] = (chr(_BRAILLE_BASE + _BRAILLE_ROWS[sub]), line)

        axis = self._style("axis")
        tick_rows = {
            min(round(row_of(t)), plot_height - 1): label
            for t, label in zip(ticks, labels, strict=True)
        }
        text = Text(no_wrap=True, overflow="crop")
        text.append_text(self._legend(data, width))
        text.append("\n")
        for row in range(plot_height):
            text.append(tick_rows.get(row, "").rjust(gutter - 1), style=axis)
            text.append("┤" if row in tick_rows else "│", style=axis)
            for char, style in grid[row]:
                text.append(char, style=style)
            text.append("\n")
        text.append(" " * (gutter - 1) + "└" + "─" * plot_width + "\n", style=axis)
        text.append(" " * gutter + self._month_axis(data.months, plot_width), style=axis)
        return text

    @staticmethod
    def _month_axis(months: Sequence[str], width: int) -> str:
        """Month labels spaced evenly along the x axis, the first at the origin."""
        line = [" "] * width
        count = len(months)
        label_width = len(months[0]) + 2
        slots = max(1, width // label_width)
        step = max(1, math.ceil((count - 1) / max(slots - 1, 1))) if count > 1 else 1
        for index in range(0, count, step):
            column = 0 if count == 1 else round(index * (width - 1) / (count - 1))
            start = min(column, width - len(months[index]))
            if start >= 0 and all(
                c == " " for c in line[max(start - 1, 0) : start + len(months[index]) + 1]
            ):
                line[start : start + len(months[index])] = months[index]
        return "".join(line)
