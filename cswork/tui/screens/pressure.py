"""Caseload pressure: team × band matrix with utilisation trends, workers over capacity, NQSW check."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, TabbedContent, TabPane

from cswork.model.pressure import BANDS, Band
from cswork.model.workforce import ORG_ROLES
from cswork.render.format import MISSING
from cswork.services.caseload_pressure import CaseloadPressure, build_caseload_pressure
from cswork.store import Database
from cswork.tui.screens.base import DataScreen
from cswork.tui.widgets.spark import spark_text

BAND_STYLE = {
    Band.UNDER_85: "green",
    Band.FROM_85_TO_100: "yellow",
    Band.FROM_100_TO_110: "dark_orange",
    Band.OVER_110: "bold red",
}
TREND_LOW, TREND_HIGH = 0.5, 1.2  # utilisation scale of the trend column: 50 % to 120 %


def _pct(value: float | None) -> str:
    return MISSING if value is None else f"{value * 100:.0f}%"


class PressureScreen(DataScreen[CaseloadPressure]):
    """Are caseloads safe, team by team and worker by worker?"""

    MODE = "pressure"
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
            matrix.add_column(Text(band.value.rstrip("%"), justify="right"), key=band.value)
        matrix.add_column(Text("Util", justify="right"), key="utilisation")
        matrix.add_column("Trend 12m", key="trend")
        self.query_one("#over-capacity", DataTable).add_columns(
            "Ref", "Team", "Role", "FTE", "Cases", "Weighted", "Capacity", "Util"
        )
        self.query_one("#nqsw", DataTable).add_columns(
            "Ref", "Team", "ASYE month", "Cases", "Protected to", "Check"
        )
        super().on_mount()

    def fetch(self, db: Database, as_at: date) -> CaseloadPressure:
        return build_caseload_pressure(db, as_at)

    def show(self, data: CaseloadPressure) -> None:
        matrix = self.query_one("#band-matrix", DataTable)
        matrix.clear()
        for team in data.teams:
            matrix.add_row(
                team.team,
                *(
                    Text(
                        str(team.bands[band]),
                        style=BAND_STYLE[band] if team.bands[band] else "",
                        justify="right",
                    )
                    for band in BANDS
                ),
                Text(_pct(team.utilisation), justify="right"),
                spark_text(team.trend, TREND_LOW, TREND_HIGH),
                key=team.team,
            )
        unmeasurable = sum(team.unmeasurable for team in data.teams)
        matrix.border_title = f"Workers by utilisation band (%), as at {data.as_at:%d %b %Y}"
        matrix.border_subtitle = (
            f"trend: utilisation 50–120%, {data.months[0]:%b %Y}–{data.months[-1]:%b %Y}"
            + (f"; {unmeasurable} hold cases without capacity" if unmeasurable else "")
        )
        over = self.query_one("#over-capacity", DataTable)
        over.clear()
        for p in data.over_capacity:
            over.add_row(
                p.worker_ref,
                p.team,
                ORG_ROLES.get(p.org_role, str(p.org_role)),
                Text(f"{p.fte:.2f}", justify="right"),
                Text(str(p.cases), justify="right"),
                Text(f"{p.weighted_caseload:.1f}", justify="right"),
                Text(f"{p.capacity:.1f}", justify="right"),
                Text(
                    _pct(p.utilisation), style=BAND_STYLE[p.band] if p.band else "", justify="right"
                ),
                key=p.worker_ref,
            )
        over.border_title = "Enter: show the worker on the Staff screen"
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("over-capacity-pane").label = f"Over capacity ({len(data.over_capacity)})"
        nqsw = self.query_one("#nqsw", DataTable)
        nqsw.clear()
        for check in sorted(data.nqsw, key=lambda c: (not c.breached, c.pressure.worker_ref)):
            p = check.pressure
            nqsw.add_row(
                p.worker_ref,
                p.team,
                Text(str((p.asye_month or 0) + 1), justify="right"),
                Text(str(p.cases), justify="right"),
                Text(f"{check.limit:g}", justify="right"),
                Text("BREACHED", style="bold red") if check.breached else Text("protected"),
                key=p.worker_ref,
            )
        breached = sum(1 for c in data.nqsw if c.breached)
        tabs.get_tab(
            "nqsw-pane"
        ).label = f"NQSW protection ({breached} of {len(data.nqsw)} breached)"

    @on(DataTable.RowSelected, "#over-capacity, #nqsw")
    def _worker_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.cswork.show_worker(str(event.row_key.value))
