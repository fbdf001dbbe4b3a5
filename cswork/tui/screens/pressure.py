"""Caseload pressure: team × band matrix with utilisation trends, workers over capacity, NQSW check."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, TabbedContent, TabPane

from cswork.model.pressure import BANDS, Band
from cswork.model.workforce import ORG_ROLES
from cswork.render.format import share
from cswork.render.safe import user_label
from cswork.services.database import Database, count_dates
from cswork.services.overview import breach_text
from cswork.services.pressure import PressureReport, build_pressure
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.widgets.empty import no_caseloads
from cswork.tui.widgets.spark import spark_text

BAND_STYLE = {
    Band.UNDER_85: "green",
    Band.FROM_85_TO_100: "yellow",
    Band.FROM_100_TO_110: "dark_orange",
    Band.OVER_110: "bold red",
}
TREND_MONTHS = 12
TREND_LOW, TREND_HIGH = 0.5, 1.2  # utilisation scale of the trend column: 50 % to 120 %


def _right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right")


def _band_cell(band: Band, workers: int) -> Text:
    return _right(str(workers), BAND_STYLE[band] if workers else "")


class PressureScreen(DataScreen[PressureReport]):
    """Are caseloads safe, team by team and worker by worker?"""

    MODE = "pressure"
    AUTO_FOCUS = "#over-capacity"
    CSS_PATH = "pressure.tcss"

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="band-matrix", cursor_type="row", zebra_stripes=True)
        with TabbedContent(id="pressure-lists"):
            with TabPane("Over capacity", id="over-capacity-pane"):
                yield DataTable(id="over-capacity", cursor_type="row", zebra_stripes=True)
            with TabPane("NQSW protection", id="nqsw-pane"):
                yield DataTable(id="nqsw", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        matrix = self.query_one("#band-matrix", DataTable)
        matrix.add_column("Team", key="team")
        for band in BANDS:
            matrix.add_column(_right(band.value.rstrip("%")), key=band.value)
        matrix.add_column(_right("Util"), key="utilisation")
        matrix.add_column(f"Trend {TREND_MONTHS}m", key="trend")
        self.query_one("#over-capacity", DataTable).add_columns(
            "Ref", "Team", "Role", "FTE", "Cases", "Weighted", "Capacity", "Util"
        )
        self.query_one("#nqsw", DataTable).add_columns(
            "Ref", "Team", "ASYE month", "Cases", "Util", "Check"
        )
        super().on_mount()

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        if (notice := workforce_notice(db, as_at)) is not None:
            return notice
        # Without a count every worker would look under 85 % and every NQSW protected.
        counted = count_dates(db)
        if counted and counted[0] <= as_at:
            return None
        return no_caseloads(as_at, counted[0] if counted else None)

    def fetch(self, db: Database, as_at: date) -> PressureReport:
        return build_pressure(db, as_at)

    def show(self, data: PressureReport) -> None:
        self._show_matrix(data)
        self._show_over_capacity(data)
        self._show_nqsw(data)

    def _show_matrix(self, data: PressureReport) -> None:
        matrix = self.query_one("#band-matrix", DataTable)
        matrix.clear()
        first = None
        for team in data.teams:
            trend = data.trend_of(team.name)
            points = trend.points[-TREND_MONTHS:] if trend else ()
            first = first or (points[0].on if points else None)
            matrix.add_row(
                user_label(team.name),
                *(_band_cell(band, team.band_counts[band]) for band in BANDS),
                _right(share(team.utilisation)),
                spark_text([p.pressure.utilisation for p in points], TREND_LOW, TREND_HIGH),
                key=team.name,
            )
        matrix.border_title = f"Workers by utilisation band (%), as at {data.as_at:%d %b %Y}"
        unmeasurable = len(data.unmeasurable)
        since = f"from {first:%b %Y}" if first else "no counts"
        matrix.border_subtitle = f"trend: utilisation 50–120%, {since}" + (
            f"; {unmeasurable} hold cases without capacity" if unmeasurable else ""
        )

    def _show_over_capacity(self, data: PressureReport) -> None:
        over = self.query_one("#over-capacity", DataTable)
        over.clear()
        for p in data.over_capacity:
            over.add_row(
                user_label(p.worker_ref),
                user_label(p.team),
                ORG_ROLES.get(p.org_role, str(p.org_role)),
                _right(f"{p.fte:.2f}"),
                _right(str(p.cases)),
                _right(f"{p.weighted_caseload:.1f}"),
                _right(f"{p.capacity:.1f}"),
                _right(share(p.utilisation), BAND_STYLE[p.band] if p.band else ""),
                key=p.worker_ref,
            )
        over.border_title = "Enter: show the worker on the Staff screen"
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("over-capacity-pane").label = f"Over capacity ({len(data.over_capacity)})"

    def _show_nqsw(self, data: PressureReport) -> None:
        nqsw = self.query_one("#nqsw", DataTable)
        nqsw.clear()
        for check in data.nqsw_checks:
            p = check.worker
            nqsw.add_row(
                user_label(p.worker_ref),
                user_label(p.team),
                _right(str((p.asye_month or 0) + 1)),
                _right(str(p.cases)),
                _right(share(p.utilisation)),
                Text(breach_text(check), style="bold red") if check.breached else "protected",
                key=p.worker_ref,
            )
        nqsw.border_title = f"Protected to {data.settings.nqsw_protected_cases} cases in the ASYE"
        tabs = self.query_one(TabbedContent)
        tabs.get_tab(
            "nqsw-pane"
        ).label = f"NQSW protection ({len(data.breaches)} of {len(data.nqsw_checks)} breached)"

    @on(DataTable.RowSelected, "#over-capacity, #nqsw")
    def _worker_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.cswork.show_worker(str(event.row_key.value))
