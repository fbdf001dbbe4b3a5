"""Overview: the headline tiles with trends and England beside ours, today's alerts, and by team.

Enter on a tile opens its breakdown by team with its definition; Enter on a team in the by-team
table opens that team's workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from cswork.model.usertext import printable
from cswork.services.breakdown import TeamSummary, team_summaries
from cswork.services.database import Database, count_dates
from cswork.services.overview import Overview, build_overview
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.screens.drills import team_drill, tile_drill
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable
from cswork.tui.widgets.tile import FigureTile

TILE_KEYS = (
    "in_post",
    "agency",
    "vacancies",
    "over_capacity",
    "vacancy_rate",
    "agency_rate",
    "turnover_rate",
    "caseload",
    "agency_spend",
)
ALERT_STYLE = {"asye": "bold yellow", "team": "bold red", "agency": "bold magenta"}
NO_ALERTS = "No alerts: NQSWs protected, no team over its utilisation alert."
NO_COUNTS = (
    "No caseload counts on or before this date, so nothing to say about NQSW protection or teams "
    "over capacity: import a caseload report (key 7, then i)."
)


TEAM_COLUMNS: tuple[Column[TeamSummary], ...] = (
    Column("team", "Team", lambda t: t.team),
    Column("in_post", "In post FTE", lambda t: t.in_post_fte, places=1),
    Column("utilisation", "Utilisation", lambda t: t.utilisation, unit="fraction"),
    Column("over", "Over capacity", lambda t: t.over_capacity, unit="count"),
    Column("caseload", "Caseload", lambda t: t.caseload, places=1),
    Column("vacancy", "Vacancy rate", lambda t: t.vacancy_rate, unit="percent"),
    Column("agency_fte", "Agency FTE", lambda t: t.agency_fte, places=1),
    Column("agency", "Agency rate", lambda t: t.agency_rate, unit="percent"),
    Column("turnover", "Turnover", lambda t: t.turnover_rate, unit="percent"),
)


@dataclass(frozen=True, slots=True)
class OverviewView:
    """The overview, whether any caseload count is held on or before its date, and by team."""

    overview: Overview
    counted: bool
    teams: tuple[TeamSummary, ...] = ()


class OverviewScreen(DataScreen[OverviewView]):
    """Where the service stands as at the date."""

    MODE = "overview"
    CSS_PATH = "overview.tcss"
    # Taller terminals get taller tiles, so the 24-month sparklines have room to show a shape.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (50, "-tall")]  # noqa: RUF012 (Textual declares it)

    def compose_body(self) -> ComposeResult:
        with Grid(id="tiles"):
            for key in TILE_KEYS:
                yield FigureTile(key)
        yield Static("", id="alerts-title")
        with TabbedContent(id="overview-lists"):
            with TabPane("Alerts", id="alerts-pane"), VerticalScroll(id="alerts"):
                yield Static("", id="alert-list")
            with TabPane("By team", id="teams-pane"):
                yield ExploreTable(
                    TEAM_COLUMNS, lambda t: t.team, sort_by="team", title="by team", id="by-team"
                )

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> OverviewView:
        teams = tuple(team_summaries(db, as_at))
        return OverviewView(build_overview(db, as_at), _counted(db, as_at), teams)

    def fetch_stages(self, db: Database, as_at: date) -> Iterator[OverviewView]:
        """This month's figures and last month's first, then the teams and 24-month trends."""
        counted = _counted(db, as_at)
        yield OverviewView(build_overview(db, as_at, months=2), counted)
        yield self.fetch(db, as_at)

    def show(self, view: OverviewView) -> None:
        data = view.overview
        tiles = {tile.key: tile for tile in data.tiles}
        for key in TILE_KEYS:
            self.query_one(f"#tile-{key}", FigureTile).show(tiles[key])
        text = Text()
        for alert in data.alerts:
            text.append("● ", style=ALERT_STYLE.get(alert.kind, "bold"))
            text.append(printable(alert.message) + "\n")
        if not data.alerts:
            text.append(NO_ALERTS if view.counted else NO_COUNTS)
        self.query_one("#alerts-title", Static).update(
            f"{data.england_note} · changes since {data.months[-2]:%d %b %Y}"
        )
        self.query_one("#alert-list", Static).update(text)
        lists = self.query_one(TabbedContent)
        lists.get_tab("alerts-pane").label = f"Alerts ({len(data.alerts)})"
        if view.teams:
            teams = self.query_one("#by-team", ExploreTable)
            teams.show_rows(view.teams)
            teams.border_title = "Enter: the team's workers"
            lists.get_tab("teams-pane").label = f"By team ({len(view.teams)})"

    @on(FigureTile.Opened)
    def _tile_opened(self, event: FigureTile.Opened) -> None:
        if self._shown_as_at is not None:
            tile = event.tile
            self.app.push_screen(tile_drill(tile.key, tile.label, tile.unit, self._shown_as_at))

    @on(ExploreTable.RowSelected, "#by-team")
    def _team_opened(self, event: ExploreTable.RowSelected) -> None:
        if event.row_key.value is not None and self._shown_as_at is not None:
            self.app.push_screen(team_drill(self, str(event.row_key.value), self._shown_as_at))


def _counted(db: Database, as_at: date) -> bool:
    counted = count_dates(db)
    return bool(counted) and counted[0] <= as_at
