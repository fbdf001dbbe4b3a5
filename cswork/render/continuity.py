"""The ``cswork continuity`` output: children by the number of social workers they had in the last
12 months, by team with the authority's total, and the trend of the share with three or more.

Team names are data: they go into ``Text``, never into markup.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from cswork.model.continuity import TeamContinuity
from cswork.render.format import count, pct
from cswork.render.pressure import sparkline
from cswork.render.safe import LABEL_WIDTH, user_label
from cswork.services.continuity import ContinuityReport

#: The definition, under the team table and in the app.
DEFINITION = (
    "Children allocated at the month end, by the number of different social workers allocated to "
    "them in the 12 months to it; a child is counted in the team holding them at the month end. "
    "Worker left: reallocated in the 12 months because their worker left the authority."
)


def _table(title: str, caption: str | None = None) -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )


def _cells(row: TeamContinuity) -> list[str]:
    return [
        count(row.children),
        *(count(n) for n in row.by_workers),
        pct(None if row.three_plus_share is None else 100 * row.three_plus_share),
        count(row.worker_left),
    ]


def team_table(report: ContinuityReport, trend: bool = True) -> Table:
    """Each team at the month end, then the total, with each team's 12-month trend of the share
    unless ``trend`` is false."""
    assert report.month_end is not None
    table = _table(
        f"Children by social workers in 12 months, {report.month_end:%d %B %Y}", DEFINITION
    )
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    for label in ("Children", "1", "2", "3", "4+", "3+ %", "Worker\nleft"):
        table.add_column(label, justify="right", no_wrap=True)
    if trend:
        table.add_column("3+ trend", no_wrap=True)
    for row in report.teams:
        spark = [sparkline(report.team_trends.get(row.team, ()))] if trend else []
        table.add_row(user_label(row.team), *_cells(row), *spark)
    if report.team is None:
        table.add_section()
        spark = [sparkline([r.three_plus_share for r in report.trend])] if trend else []
        table.add_row(Text(report.total.team, style="bold"), *_cells(report.total), *spark)
    return table


class _TeamTableToFit:
    """The team table with its trend column where that fits, else without it: every count and
    share whole rather than cut to "1…" (the authority's trend follows in its own table)."""

    def __init__(self, report: ContinuityReport) -> None:
        self.report = report

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        table = team_table(self.report)
        unbounded = options.update_width(10_000)
        if Measurement.get(console, unbounded, table).maximum > options.max_width:
            table = team_table(self.report, trend=False)
        yield table


def trend_table(report: ContinuityReport) -> Table:
    """The total at each month end of the trend: children, three or more workers, the share."""
    scope = report.team or "all teams"
    table = _table(f"Children with 3 or more workers in 12 months, {scope}")
    table.min_width = 64
    table.add_column("Month end", no_wrap=True)
    for label in ("Children", "3+", "3+ %", "Worker left\nin month"):
        table.add_column(label, justify="right", no_wrap=True)
    for row in report.trend:
        share = row.three_plus_share
        table.add_row(
            f"{row.month_end:%b %Y}",
            count(row.children),
            count(row.three_plus),
            pct(None if share is None else 100 * share),
            count(row.worker_left_month),
        )
    return table


def summary_sentence(report: ContinuityReport) -> str:
    """The figure in words: '412 of 2,950 children (14.0 %) had three or more social workers ...'."""
    total = report.total
    share = total.three_plus_share
    shown = pct(None if share is None else 100 * share)
    sentence = (
        f"{count(total.three_plus)} of {count(total.children)} children allocated on "
        f"{report.month_end:%d %B %Y} ({shown}) had three or more social workers in the last "
        f"12 months"
    )
    before = report.year_earlier
    if before is not None and before.three_plus_share is not None:
        earlier = pct(100 * before.three_plus_share)
        sentence += f", compared with {earlier} at {before.month_end:%B %Y}"
    return sentence + "."


def continuity_renderable(report: ContinuityReport) -> RenderableType:
    """The whole continuity report."""
    heading = Text(summary_sentence(report), style="bold")
    return Group(heading, Text(""), _TeamTableToFit(report), trend_table(report))
