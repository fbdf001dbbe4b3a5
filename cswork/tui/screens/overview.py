"""Overview: the headline tiles with trends and England beside ours, today's alerts, and by team.

Enter on a tile opens its breakdown by team with its definition; Enter on a team in the by-team
table opens that team's workers. ``e`` exports the by-team table when it has the focus, and
otherwise the tiles: each figure, its unit, last month's, the change and England's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from cswork.model.usertext import printable
from cswork.services.breakdown import TeamSummary, overview_and_teams, overview_in_stages
from cswork.services.database import Database, count_dates
from cswork.services.overview import Alert, Overview, Tile
from cswork.tui.screens.base import DataScreen, workforce_notice
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


#: What each tile's figure is measured in, as an export says it.
TILE_UNITS = {
    "fte": "FTE",
    "pct": "%",
    "cases": "cases per case-holding FTE",
    "count": "workers",
    "money": "£ a year",
}


def _previous(tile: Tile) -> float | None:
    return tile.trend[-2] if len(tile.trend) > 1 else None


def _england_words(tile: Tile) -> str:
    return "" if tile.england is not None else tile.note


TILE_COLUMNS: tuple[Column[Tile], ...] = (
    Column("figure", "Figure", lambda t: t.label),
    Column("value", "Value", lambda t: t.value, places=1),
    Column("unit", "Unit", lambda t: TILE_UNITS.get(t.unit, t.unit)),
    Column("previous", "Previous month end", _previous, places=1),
    Column("change", "Change", lambda t: t.change, places=1),
    Column("england", "England", lambda t: t.england, places=1),
    Column("note", "Note", _england_words),
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

    _overview: Overview | None = None
    #: The lists below the tiles, once mounted (after the first figures are drawn).
    _lists_mounted = False
    #: What the lists are to show when they are mounted.
    _waiting: OverviewView | None = None
    #: The alerts on show, and whether counts were held: the trends' stage brings the same ones,
    #: and laying out hundreds of lines again (a pooled authority's) took a tenth of a second.
    _alerts_shown: tuple[tuple[Alert, ...], bool] | None = None

    def compose_body(self) -> ComposeResult:
        with Grid(id="tiles"):
            for key in TILE_KEYS:
                yield FigureTile(key)

    def compose_lists(self) -> ComposeResult:
        """What comes below the tiles: mounted once the first figures are drawn, since building
        and styling it first (two tables and tabs) kept the figures off the screen for longer."""
        # The tiles as a table, never drawn: what ``e`` exports when the by-team table is not
        # focused, in the order the tiles are shown.
        tiles = ExploreTable(TILE_COLUMNS, lambda t: t.key, title="headline figures", id="headline")
        tiles.display = False
        yield tiles
        yield Static("", id="alerts-title")
        with TabbedContent(id="overview-lists"):
            with TabPane("Alerts", id="alerts-pane"), VerticalScroll(id="alerts"):
                yield Static("", id="alert-list")
            with TabPane("By team", id="teams-pane"):
                yield ExploreTable(
                    TEAM_COLUMNS, lambda t: t.team, sort_by="team", title="by team", id="by-team"
                )

    async def _mount_lists(self) -> None:
        """Mount the lists below the tiles, and show in them what has arrived meanwhile."""
        await self.query_one("#body").mount_compose(self.compose_lists())
        if not self.is_attached or not self.query("#alert-list"):
            return  # the app was closed meanwhile: nothing (or not all) was mounted
        self._lists_mounted = True
        if self._waiting is not None:
            self._show_lists(self._waiting)
            self._waiting = None

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> OverviewView:
        overview, teams = overview_and_teams(db, as_at)
        return OverviewView(overview, _counted(db, as_at), tuple(teams))

    def fetch_stages(self, db: Database, as_at: date) -> Iterator[OverviewView]:
        """This month's figures and last month's first, then the teams and 24-month trends."""
        counted = _counted(db, as_at)
        for overview, teams in overview_in_stages(db, as_at):
            yield OverviewView(overview, counted, tuple(teams))

    def show(self, view: OverviewView) -> None:
        data = view.overview
        self._overview = data
        tiles = {tile.key: tile for tile in data.tiles}
        for key in TILE_KEYS:
            span = (data.months[0], data.months[-1]) if len(data.months) > 1 else None
            self.query_one(f"#tile-{key}", FigureTile).show(tiles[key], span)
        if self._lists_mounted:
            self._show_lists(view)
        else:
            if self._waiting is None:
                self.call_after_refresh(self._mount_lists)
            self._waiting = view

    def _show_lists(self, view: OverviewView) -> None:
        """Fill the lists below the tiles: the tiles' table, the alerts and the teams."""
        data = view.overview
        tiles = {tile.key: tile for tile in data.tiles}
        self.query_one("#headline", ExploreTable).show_rows([tiles[key] for key in TILE_KEYS])
        self.query_one("#alerts-title", Static).update(
            f"{data.england_note} · changes since {data.months[-2]:%d %b %Y}"
        )
        if self._alerts_shown != (data.alerts, view.counted):
            self._alerts_shown = (data.alerts, view.counted)
            self.query_one("#alert-list", Static).update(_alert_text(data.alerts, view.counted))
        lists = self.query_one(TabbedContent)
        lists.get_tab("alerts-pane").label = f"Alerts ({len(data.alerts):,})"
        if view.teams:
            teams = self.query_one("#by-team", ExploreTable)
            teams.show_rows(view.teams)
            teams.border_title = "Enter: the team's workers"
            lists.get_tab("teams-pane").label = f"By team ({len(view.teams):,})"

    def export_target(self) -> ExploreTable[Any] | None:
        """The by-team table when it has the focus, else the tiles (none before they are)."""
        focused = self.focused
        if isinstance(focused, ExploreTable):
            return focused
        return self.query_one("#headline", ExploreTable) if self._lists_mounted else None

    def export_filters(self) -> list[tuple[str, str]]:
        """An Overview has no filters; the England year compared is said instead."""
        if self._overview is None:
            return []
        return [("Filters", "none"), ("England", self._overview.england_note)]

    @on(FigureTile.Opened)
    def _tile_opened(self, event: FigureTile.Opened) -> None:
        if self._shown_as_at is not None:
            from cswork.tui.screens.drills import tile_drill

            tile = event.tile
            self.app.push_screen(tile_drill(tile.key, tile.label, tile.unit, self._shown_as_at))

    @on(ExploreTable.RowSelected, "#by-team")
    def _team_opened(self, event: ExploreTable.RowSelected) -> None:
        if event.row_key.value is not None and self._shown_as_at is not None:
            from cswork.tui.screens.drills import team_drill

            self.app.push_screen(team_drill(self, str(event.row_key.value), self._shown_as_at))


def _alert_text(alerts: tuple[Alert, ...], counted: bool) -> Text:
    """The alerts, one a line with a coloured bullet, or why there are none."""
    text = Text()
    for alert in alerts:
        text.append("● ", style=ALERT_STYLE.get(alert.kind, "bold"))
        text.append(printable(alert.message) + "\n")
    if not alerts:
        text.append(NO_ALERTS if counted else NO_COUNTS)
    return text


def _counted(db: Database, as_at: date) -> bool:
    counted = count_dates(db)
    return bool(counted) and counted[0] <= as_at
