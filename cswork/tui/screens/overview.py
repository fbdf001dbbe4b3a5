"""Overview: the headline tiles with trends and England beside ours, and today's alerts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Label, Static

from cswork.model.usertext import printable
from cswork.services.database import Database, count_dates
from cswork.services.overview import Overview, build_overview
from cswork.tui.screens.base import DataScreen, workforce_notice
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
)
ALERT_STYLE = {"asye": "bold yellow", "team": "bold red", "agency": "bold magenta"}
NO_ALERTS = "No alerts: NQSWs protected, no team over its utilisation alert."
NO_COUNTS = (
    "No caseload counts on or before this date, so nothing to say about NQSW protection or teams "
    "over capacity: import a caseload report (key 7, then i)."
)


@dataclass(frozen=True, slots=True)
class OverviewView:
    """The overview, and whether any caseload count is held on or before its date."""

    overview: Overview
    counted: bool


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
        yield Label("Alerts", id="alerts-title")
        with VerticalScroll(id="alerts"):
            yield Static("", id="alert-list")

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> OverviewView:
        return OverviewView(build_overview(db, as_at), _counted(db, as_at))

    def fetch_stages(self, db: Database, as_at: date) -> Iterator[OverviewView]:
        """This month's figures and last month's first, then the 24-month trends."""
        counted = _counted(db, as_at)
        yield OverviewView(build_overview(db, as_at, months=2), counted)
        yield OverviewView(build_overview(db, as_at), counted)

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
        self.query_one("#alerts-title", Label).update(
            f"Alerts ({len(data.alerts)}) · England {data.england.year} beside ours · "
            f"changes since {data.months[-2]:%d %b %Y}"
        )
        self.query_one("#alert-list", Static).update(text)


def _counted(db: Database, as_at: date) -> bool:
    counted = count_dates(db)
    return bool(counted) and counted[0] <= as_at
