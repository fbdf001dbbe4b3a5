"""The ``cswork summary`` screen in the terminal: headline figures beside England, then by team."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.reference import SOURCE, EnglandFigures, census_year, no_england_figure
from cswork.render.format import fte, number, pct
from cswork.render.safe import LABEL_WIDTH
from cswork.services.summary import Summary


def headline_table(summary: Summary) -> Table:
    """Our headline figures with the latest England figure beside each rate."""
    total = summary.position.total
    england = summary.england
    year = census_year(summary.position.as_at)
    table = Table(title=f"Workforce as at {summary.position.as_at:%d %B %Y}", title_justify="left")
    table.add_column("Measure")
    table.add_column("Ours", justify="right")
    table.add_column(f"England {year}", justify="right", style="dim")

    def eng(pick: Callable[[EnglandFigures], float], shown: Callable[[float], str]) -> str:
        return "no figure" if england is None else shown(pick(england))

    table.add_row(
        "Social workers in post (FTE)", fte(total.in_post_fte), eng(lambda e: e.inpost_fte, fte)
    )
    table.add_row("  headcount", str(total.in_post_headcount), "")
    table.add_row("Agency workers (FTE)", fte(total.agency_fte), eng(lambda e: e.agency_fte, fte))
    table.add_row("Vacancies (FTE)", fte(total.vacancy_fte), eng(lambda e: e.vacancy_fte, fte))
    table.add_row("Vacancy rate", pct(total.vacancy_rate), eng(lambda e: e.vacancy_rate, pct))
    table.add_row("Agency rate", pct(total.agency_rate), eng(lambda e: e.agency_rate, pct))
    table.add_row(
        "Turnover rate (12 months)", pct(total.turnover_rate), eng(lambda e: e.turnover_rate, pct)
    )
    table.add_row(
        "Agency cover of vacancies",
        pct(total.agency_cover_rate),
        eng(lambda e: e.agency_cover_rate, pct),
    )
    table.add_row(
        "Caseload per case-holding FTE", number(total.caseload), eng(lambda e: e.caseload, number)
    )
    table.add_row("Workers over capacity", str(summary.over_capacity), "")
    return table


#: Below this width the team table leaves out the agency and vacancy FTE columns (the rates stay).
WIDE_ENOUGH = 100


def team_table(summary: Summary, width: int = WIDE_ENOUGH) -> Table:
    """The same figures for each team; narrower terminals get the rates without the FTE columns."""
    wide = width >= WIDE_ENOUGH
    table = Table(
        title="By team",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
        caption="FTE; turnover over the 12 months to the date; over cap. = utilisation > 100 %",
        caption_justify="left",
    )
    table.add_column("Team", no_wrap=True, max_width=LABEL_WIDTH, overflow="ellipsis")
    headings = ["In post", "Agency", "Vacant"] if wide else ["In post"]
    headings += ["Vacancy\nrate", "Agency\nrate", "Turnover", "Caseload", "Over\ncap."]
    for heading in headings:
        table.add_column(heading, justify="right", min_width=max(map(len, heading.split())))
    for name, figures in summary.position.teams.items():
        counts = [fte(figures.in_post_fte)]
        if wide:
            counts += [fte(figures.agency_fte), fte(figures.vacancy_fte)]
        table.add_row(
            name,
            *counts,
            pct(figures.vacancy_rate),
            pct(figures.agency_rate),
            pct(figures.turnover_rate),
            number(figures.caseload),
            str(summary.over_capacity_in(name)),
        )
    return table


class _TeamTableToFit:
    """Chooses the team table's columns for the width it is rendered at."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        yield team_table(self.summary, options.max_width)


def summary_renderable(summary: Summary) -> RenderableType:
    """The whole summary."""
    return Group(
        headline_table(summary),
        Text(""),
        _TeamTableToFit(summary),
        Text(
            f"England: {SOURCE}, {summary.england.year}."
            if summary.england is not None
            else f"England: {no_england_figure(summary.position.as_at)} is held.",
            style="dim",
        ),
    )
