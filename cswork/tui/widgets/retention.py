"""A retention chart drawn with block characters: share of a cohort in post, month by month.

Drawn with Textual's own rendering (a widget returning Rich text sized to the widget) rather than
textual-plotext: one bar chart does not justify a new dependency, and text blocks snapshot exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cswork.model.usertext import printable

EIGHTHS = " ▁▂▃▄▅▆▇█"
MAX_BAR = 4  # widest a month's bar is drawn
AXIS_WIDTH = 5  # "100% " on the y axis


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

    def render(self) -> Text:
        height = max(self.size.height - 2, 1)
        width = max(self.size.width - AXIS_WIDTH, 1)
        text = Text(printable(self.caption) + "\n", style="bold")
        body = retention_rows(self.values, width, height)
        for index, row in enumerate(body):
            label = "100%" if index == 0 else "  0%" if index == len(body) - 1 else ""
            text.append(f"{label:>4} ", style="dim")
            text.append(row + "\n")
        if self.values:
            months = len(self.values) - 1
            text.append(" " * AXIS_WIDTH + f"month 0 → month {months}", style="dim")
        return text
