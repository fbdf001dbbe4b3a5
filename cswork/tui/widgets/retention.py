"""A retention chart drawn with block characters: share of a cohort in post, month by month.

Drawn with Textual's own rendering (a widget returning Rich text sized to the widget) rather than
textual-plotext: one bar chart does not justify a new dependency, and text blocks snapshot exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cswork.model.months import shift_months
from cswork.model.usertext import printable

EIGHTHS = " ▁▂▃▄▅▆▇█"
MAX_BAR = 4  # widest a month's bar is drawn
AXIS_WIDTH = 5  # "100% " on the y axis


def column_months(count: int, width: int) -> list[int]:
    """The month (0 = the start) each drawn column of a chart of ``count`` months shows, as
    :func:`retention_rows` draws them."""
    if count <= 0 or width <= 0:
        return []
    if count > width:
        step = (count - 1) / max(width - 1, 1)
        return [round(i * step) for i in range(width)]
    repeat = min(width // count, MAX_BAR)
    return [month for month in range(count) for _ in range(repeat)]


def _place(line: list[str], at: int, label: str) -> bool:
    """Write ``label`` into ``line`` from column ``at`` if it fits with a space either side."""
    end = at + len(label)
    if at < 0 or end > len(line) or any(c != " " for c in line[max(at - 1, 0) : end + 1]):
        return False
    line[at:end] = label
    return True


def month_axis(count: int, width: int, start: date | None = None) -> list[str]:
    """The x axis under a chart of ``count`` months drawn in ``width`` columns: months since the
    start every 12 months (and the last), then, when the start month is known, the dates of the
    first and last months and of each year between that fits. No line is wider than ``width``."""
    columns = column_months(count, width)
    if not columns:
        return []
    last = columns[-1]
    ticks = [*range(0, last, 12), last]
    # Where each tick is drawn: the first column showing that month or a later one.
    first_column = {m: next(i for i, shown in enumerate(columns) if shown >= m) for m in ticks}
    numbers = [" "] * len(columns)
    for month in ticks:
        label = str(month)
        at = first_column[month] if month != last else len(columns) - len(label)
        _place(numbers, at, label)
    numbered = "".join(numbers).rstrip()
    for title in ("  months since the start", "  months"):
        if len(numbered) + len(title) <= width:
            numbered += title
            break
    lines = [numbered]
    if start is not None:
        dates = [" "] * len(columns)
        end_label = f"{shift_months(start, last):%b %Y}"
        _place(dates, 0, f"{start:%b %Y}")
        _place(dates, len(columns) - len(end_label), end_label)
        for month in ticks[1:-1]:
            _place(dates, first_column[month], f"{shift_months(start, month):%b %Y}")
        lines.append("".join(dates).rstrip())
    return lines


def retention_rows(values: Sequence[float], width: int, height: int) -> list[str]:
    """The chart body: ``height`` text rows of up to ``width`` columns, values 0–100 (%).

    With more months than columns, each column shows the month at its position (sampled evenly),
    so the chart always runs from the cohort's start to the as-at date; with fewer, each month is
    drawn up to ``MAX_BAR`` columns wide.
    """
    if not values or width <= 0 or height <= 0:
        return []
    if len(values) > width:
        step = (len(values) - 1) / max(width - 1, 1)
        values = [values[round(i * step)] for i in range(width)]
    else:
        repeat = min(width // len(values), MAX_BAR)
        values = [value for value in values for _ in range(repeat)]
    rows = []
    for level in range(height, 0, -1):
        row = []
        for value in values:
            filled = min(max(value, 0.0), 100.0) / 100 * height * 8
            eighths = int(min(max(filled - (level - 1) * 8, 0), 8))
            row.append(EIGHTHS[eighths])
        rows.append("".join(row))
    return rows


class RetentionChart(Widget):
    """Bars of the share (%) of a cohort's starters in post at each month since it began."""

    DEFAULT_CSS = """
    RetentionChart { height: 1fr; color: $accent; }
    """

    values: reactive[tuple[float, ...]] = reactive(())
    caption: reactive[str] = reactive("")
    #: The month the cohort started (month 0), so the x axis can give dates; ``None`` for cohorts
    #: pooled on each member's own start.
    start: reactive[date | None] = reactive(None)

    def render(self) -> Text:
        caption = printable(self.caption)
        # The caption (as wrapped) and the x axis come first; the bars have what is left.
        caption_rows = max(1, -(-len(caption) // max(self.size.width, 1)))
        axis_rows = 2 if self.start is not None else 1
        height = max(self.size.height - caption_rows - axis_rows, 1)
        width = max(self.size.width - AXIS_WIDTH, 1)
        text = Text(caption + "\n", style="bold")
        body = retention_rows(self.values, width, height)
        middle = len(body) // 2 if len(body) >= 5 else -1
        for index, row in enumerate(body):
            label = (
                "100%"
                if index == 0
                else "  0%"
                if index == len(body) - 1
                else " 50%"
                if index == middle
                else ""
            )
            text.append(f"{label:>4} ", style="dim")
            text.append(row + "\n")
        axis = month_axis(len(self.values), width, self.start)
        text.append("\n".join(" " * AXIS_WIDTH + line for line in axis), style="dim")
        return text
