"""The report's charts as drawn: where a month's point sits against the date axis, and legends
clear of the lines."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from matplotlib.dates import num2date

from cswork.report.charts import _figure
from cswork.report.document import Chart, Panel, Series


def _month_ends(first_year: int, first_month: int, count: int) -> tuple[date, ...]:
    days = []
    year, month = first_year, first_month
    for _ in range(count):
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(days)


def _drawn_x(figure: Any) -> list[date]:
    line = figure.axes[0].lines[0]
    return [num2date(x).date() for x in line.convert_xunits(line.get_xdata())]


def _chart(panel: Panel) -> Chart:
    return Chart(key="test", title="Test", alt="A test chart.", panels=(panel,))


def test_a_month_end_is_drawn_on_its_own_month_not_the_next() -> None:
    # On the axis a month's tick is its first day: 30 September drawn as it is sits on the
    # 'Oct' tick, and a board member reads September's figure as October's.
    days = _month_ends(2024, 9, 13)
    panel = Panel("Share", days, "Month end", "Per cent", (Series("All", (15.0,) * 13),))
    figure = _figure(_chart(panel))
    assert _drawn_x(figure) == [day.replace(day=1) for day in days]


def test_months_given_as_their_first_day_are_drawn_there() -> None:
    months = tuple(date(2025, m, 1) for m in range(1, 13))
    panel = Panel("Count", months, "", "Count", (Series("Month", tuple(range(12))),))
    figure = _figure(_chart(panel))
    assert _drawn_x(figure) == list(months)


def _inside(box: Any, points: Any) -> int:
    return sum(1 for x, y in points if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1)


def test_the_legend_does_not_sit_on_the_lines() -> None:
    # The workforce chart's shape: one line high across the panel, two low, axis from zero.
    days = _month_ends(2023, 10, 24)
    panel = Panel(
        "Staff (FTE)",
        days,
        "Month end",
        "FTE",
        (
            Series("In post", tuple(265.0 + (i % 5) for i in range(24))),
            Series("Agency", tuple(60.0 - i / 2 for i in range(24))),
            Series("Vacancies", tuple(65.0 - i / 3 for i in range(24))),
        ),
        y_from_zero=True,
    )
    figure = _figure(_chart(panel))
    figure.canvas.draw()
    ax = figure.axes[0]
    box = ax.get_legend().get_window_extent()
    for line in ax.lines:
        points = ax.transData.transform(line.get_xydata())
        assert _inside(box, points) == 0, line.get_label()


def test_three_years_of_months_draw_without_a_warning_on_the_terminal() -> None:
    # An outlook of 36 months left matplotlib unable to space its ticks: a UserWarning on stderr.
    import warnings

    months = tuple(date(2026 + (9 + i) // 12, (9 + i) % 12 + 1, 1) for i in range(37))
    panel = Panel("In post (FTE)", months, "Month", "FTE", (Series("median", (1.0,) * 37),))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = _figure(_chart(panel))
        figure.canvas.draw()
    ticks = [num2date(t).date() for t in figure.axes[0].get_xticks()]
    assert 3 <= len(ticks) <= 7
