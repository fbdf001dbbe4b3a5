"""Caseload pressure: team × band matrix with utilisation trends, workers over capacity, NQSW check,
and continuity of social worker by team.

A team filter narrows every table to one team; Enter on a team opens its workers, Enter on a
worker shows them on the Staff screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Select, TabbedContent, TabPane

from cswork.model.absence import GroupAbsence
from cswork.model.continuity import TeamContinuity
from cswork.model.pressure import BANDS, Band, WorkerPressure, band_for
from cswork.model.protection import NqswCheck
from cswork.model.team_pressure import GroupPressure
from cswork.model.workforce import ORG_ROLES
from cswork.render.continuity import summary_sentence
from cswork.render.format import number, pct
from cswork.services.continuity import ContinuityReport, build_continuity
from cswork.services.database import Database, count_dates
from cswork.services.overview import breach_text
from cswork.services.pressure import PressureReport, build_pressure, team_names
from cswork.tui.screens.base import DataScreen, fit_tab_labels, workforce_notice
from cswork.tui.screens.drills import team_drill
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.empty import no_caseloads
from cswork.tui.widgets.explore_table import ExploreTable
from cswork.tui.widgets.spark import spark_text

BAND_STYLE = {
    Band.UNDER_85: "green",
    Band.FROM_85_TO_100: "yellow",
    Band.FROM_100_TO_110: "dark_orange",
    Band.OVER_110: "bold red",
}
TREND_MONTHS = 12
TREND_LOW, TREND_HIGH = 0.5, 1.2  # utilisation scale of the trend column: 50 % to 120 %


@dataclass(frozen=True, slots=True)
class TeamRow:
    """A team's pressure now and its utilisation over the last months."""

    group: GroupPressure
    trend: tuple[float | None, ...]


def _band_column(band: Band) -> Column[TeamRow]:
    def show(row: TeamRow) -> Text:
        workers = row.group.band_counts[band]
        return Text(str(workers), style=BAND_STYLE[band] if workers else "", justify="right")

    label = band.value.rstrip("%") + "%"
    return Column(band.value, label, lambda r: r.group.band_counts[band], unit="count", show=show)


def _utilisation_cell(worker: WorkerPressure) -> Text:
    utilisation = worker.utilisation  # worked out once: the band is drawn from it too
    if utilisation is None:
        return Text("–", justify="right")
    return Text(
        f"{utilisation * 100:.0f}%", style=BAND_STYLE[band_for(utilisation)], justify="right"
    )


MATRIX_COLUMNS: tuple[Column[TeamRow], ...] = (
    Column("team", "Team", lambda r: r.group.name),
    Column("utilisation", "Utilisation", lambda r: r.group.utilisation, unit="fraction"),
    *(_band_column(band) for band in BANDS),
    Column(
        "trend",
        f"Trend {TREND_MONTHS}m",
        lambda r: None,
        show=lambda r: spark_text(r.trend, TREND_LOW, TREND_HIGH),
        exported=False,
    ),
)
OVER_COLUMNS: tuple[Column[WorkerPressure], ...] = (
    Column("ref", "Ref", lambda p: p.worker_ref),
    Column("utilisation", "Util", lambda p: p.utilisation, unit="fraction", show=_utilisation_cell),
    Column("team", "Team", lambda p: p.team),
    Column("cases", "Cases", lambda p: p.cases, unit="count"),
    Column("weighted", "Weighted", lambda p: p.weighted_caseload, places=1),
    Column("capacity", "Capacity", lambda p: p.capacity, places=1),
    Column("fte", "FTE", lambda p: p.fte, places=2),
    Column("role", "Role", lambda p: ORG_ROLES.get(p.org_role, str(p.org_role))),
)
NQSW_COLUMNS: tuple[Column[NqswCheck], ...] = (
    Column("ref", "Ref", lambda c: c.worker.worker_ref),
    Column(
        "check",
        "Check",
        lambda c: breach_text(c) if c.breached else "protected",
        show=lambda c: Text(breach_text(c), style="bold red") if c.breached else "protected",
        longest=80,  # the reason in full: it is ours, not a name from a file
    ),
    Column("cases", "Cases", lambda c: c.worker.cases, unit="count"),
    Column("utilisation", "Util", lambda c: c.worker.utilisation, unit="fraction"),
    Column("month", "ASYE month", lambda c: (c.worker.asye_month or 0) + 1, unit="count"),
    Column("team", "Team", lambda c: c.worker.team),
)
ABSENCE_COLUMNS: tuple[Column[GroupAbsence], ...] = (
    Column("team", "Team", lambda g: g.name),
    Column("capacity", "Capacity", lambda g: g.capacity, places=1),
    Column("lost", "Lost", lambda g: g.capacity_lost, places=1),
    Column("lost_share", "Lost %", lambda g: g.lost_share, unit="fraction"),
    Column("fte_lost", "FTE lost", lambda g: g.fte_lost, places=1),
    Column("left", "Left", lambda g: g.available, places=1),
    Column("utilisation", "Util. left", lambda g: g.utilisation, unit="fraction"),
    Column(
        "long_term",
        "Long-term absent",
        lambda g: (
            ", ".join(f"{n} {r.label.lower()}" for r, n in g.long_term.items() if n) or "none"
        ),
    ),
)
ALL_TEAMS = "All teams"
#: The continuity table's scale for each team's trend of the share with 3+ workers: 0 to 40 %.
CONTINUITY_LOW, CONTINUITY_HIGH = 0.0, 0.4


@dataclass(frozen=True, slots=True)
class ContinuityRow:
    """A team's (or the total's) continuity at the month end, and its share with 3+ over the year."""

    counts: TeamContinuity
    trend: tuple[float | None, ...]


CONTINUITY_COLUMNS: tuple[Column[ContinuityRow], ...] = (
    Column("team", "Team", lambda r: r.counts.team),
    Column("children", "Children", lambda r: r.counts.children, unit="count"),
    Column("one", "1", lambda r: r.counts.one, unit="count"),
    Column("two", "2", lambda r: r.counts.two, unit="count"),
    Column("three", "3", lambda r: r.counts.three, unit="count"),
    Column("four_plus", "4+", lambda r: r.counts.four_plus, unit="count"),
    Column(
        "three_plus_share",
        "3+ %",
        lambda r: r.counts.three_plus_share,
        unit="fraction",
        places=1,
    ),
    Column("worker_left", "Worker left", lambda r: r.counts.worker_left, unit="count"),
    Column(
        "worker_left_month", "Left in month", lambda r: r.counts.worker_left_month, unit="count"
    ),
    Column(
        "trend",
        "3+ trend",
        lambda r: None,
        show=lambda r: spark_text(r.trend, CONTINUITY_LOW, CONTINUITY_HIGH),
        exported=False,
    ),
)


@dataclass(frozen=True, slots=True)
class PressureView:
    """The pressure report, and every team the filter can choose from."""

    report: PressureReport
    teams: tuple[str, ...]
    continuity: ContinuityReport


class PressureScreen(DataScreen[PressureView]):
    """Are caseloads safe, team by team and worker by worker?"""

    MODE = "pressure"
    AUTO_FOCUS = "#over-capacity"
    CSS_PATH = "pressure.tcss"

    def __init__(self) -> None:
        super().__init__()
        #: The team every table is narrowed to, or ``None`` for all.
        self.team: str | None = None
        #: Each list tab's label in full and short, the short ones used when the full ones would
        #: not all fit across the screen (at 80 columns the fourth tab lay past the edge).
        self.tab_labels: dict[str, tuple[str, str]] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="pressure-bar"):
            yield Label("Team", id="pressure-team-label")
            yield Select[str]([], prompt=ALL_TEAMS, id="pressure-team", compact=True)
            yield Label("", id="pressure-count")
        yield ExploreTable(
            MATRIX_COLUMNS,
            lambda r: r.group.name,
            title="teams by utilisation band",
            id="band-matrix",
        )
        with TabbedContent(id="pressure-lists"):
            with TabPane("Over capacity", id="over-capacity-pane"):
                yield ExploreTable(
                    OVER_COLUMNS,
                    lambda p: p.worker_ref,
                    title="workers over capacity",
                    id="over-capacity",
                )
            with TabPane("NQSW protection", id="nqsw-pane"):
                yield ExploreTable(
                    NQSW_COLUMNS, lambda c: c.worker.worker_ref, title="NQSW checks", id="nqsw"
                )
            with TabPane("Absence", id="absence-pane"):
                yield ExploreTable(
                    ABSENCE_COLUMNS,
                    lambda g: g.name,
                    title="capacity lost to absence",
                    id="absence",
                )
            with TabPane("Continuity", id="continuity-pane"):
                yield Label("", id="continuity-note")
                yield ExploreTable(
                    CONTINUITY_COLUMNS,
                    lambda r: r.counts.team,
                    title="continuity of social worker by team",
                    id="continuity",
                )

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        if (notice := workforce_notice(db, as_at)) is not None:
            return notice
        # Without a count every worker would look under 85 % and every NQSW protected.
        counted = count_dates(db)
        if counted and counted[0] <= as_at:
            return None
        return no_caseloads(as_at, counted[0] if counted else None)

    def fetch(self, db: Database, as_at: date) -> PressureView:
        teams = tuple(team_names(db))
        continuity = build_continuity(db, as_at, self.team)
        report = build_pressure(db, as_at, self.team, recent_points=TREND_MONTHS)
        return PressureView(report, teams, continuity)

    def show(self, view: PressureView) -> None:
        data = view.report
        with self.prevent(Select.Changed):
            chooser = self.query_one("#pressure-team", Select)
            chooser.set_options((name, name) for name in view.teams)
            if data.team is not None:
                chooser.value = data.team
        counted = f"caseloads counted {data.count_date:%d %b %Y}" if data.count_date else ""
        self.query_one("#pressure-count", Label).update(counted)
        self._show_matrix(data)
        self._show_over_capacity(data)
        self._show_nqsw(data)
        self._show_absence(data)
        self._show_continuity(view.continuity)

    def export_filters(self) -> list[tuple[str, str]]:
        """The team filter, if one is chosen."""
        return [("Team", self.team)] if self.team else []

    def _show_matrix(self, data: PressureReport) -> None:
        matrix = self.query_one("#band-matrix", ExploreTable)
        rows = []
        first = None
        for team in data.teams:
            trend = data.trend_of(team.name)
            points = trend.points[-TREND_MONTHS:] if trend else ()
            first = first or (points[0].on if points else None)
            rows.append(TeamRow(team, tuple(p.pressure.utilisation for p in points)))
        matrix.show_rows(rows)
        matrix.border_title = (
            f"Workers by utilisation band, as at {data.as_at:%d %b %Y} · Enter: the team's workers"
        )
        unmeasurable = len(data.unmeasurable)
        since = f"from {first:%b %Y}" if first else "no counts"
        matrix.border_subtitle = f"trend: utilisation 50–120%, {since}" + (
            f"; {unmeasurable} hold cases without capacity" if unmeasurable else ""
        )

    def _show_over_capacity(self, data: PressureReport) -> None:
        over = self.query_one("#over-capacity", ExploreTable)
        over.show_rows(data.over_capacity)
        over.border_title = "Enter: show the worker on the Staff screen"
        count = f"{len(data.over_capacity):,}"
        self._label_tab("over-capacity-pane", f"Over capacity ({count})", f"Over cap ({count})")

    def _show_nqsw(self, data: PressureReport) -> None:
        nqsw = self.query_one("#nqsw", ExploreTable)
        nqsw.show_rows(data.nqsw_checks)
        nqsw.border_title = f"Protected to {data.settings.nqsw_protected_cases} cases in the ASYE"
        breached = f"{len(data.breaches):,} of {len(data.nqsw_checks):,}"
        self._label_tab("nqsw-pane", f"NQSW protection ({breached} breached)", f"NQSW ({breached})")

    def _show_absence(self, data: PressureReport) -> None:
        table = self.query_one("#absence", ExploreTable)
        total = data.absence_total
        if total is None:
            table.show_rows([])
        else:
            table.show_rows([total] if data.team is not None else [*data.absence, total])
        if total is None:
            table.border_title = "No absence recorded ('cswork import absence FILE')"
            self._label_tab("absence-pane", "Absence", "Absence")
            return
        table.border_title = (
            "Capacity lost: all of it on long-term absence, else the last 12 months' days lost"
        )
        share = "–" if total.lost_share is None else number(100 * total.lost_share, 1) + "%"
        self._label_tab("absence-pane", f"Absence ({share} lost)", f"Absence ({share})")

    def _show_continuity(self, report: ContinuityReport) -> None:
        table = self.query_one("#continuity", ExploreTable)
        note = self.query_one("#continuity-note", Label)
        if not report.held:
            table.show_rows([])
            note.update(
                "No continuity counts: import an allocation history "
                "(cswork import allocations FILE, or the Imports screen)."
            )
            self._label_tab("continuity-pane", "Continuity", "Continuity")
            return
        rows = [ContinuityRow(r, report.team_trends.get(r.team, ())) for r in report.teams]
        if report.team is None:
            rows.append(
                ContinuityRow(report.total, tuple(t.three_plus_share for t in report.trend))
            )
        table.show_rows(rows)
        table.title = f"continuity of social worker by team, {report.month_end:%d %b %Y}"
        note.update(
            f"{summary_sentence(report)} Worker left: children reallocated in the year because "
            f"their worker left. Trend: the 3+ share (0–40%) at {len(report.trend)} month ends."
        )
        share = pct(
            None if report.total.three_plus_share is None else 100 * report.total.three_plus_share
        )
        self._label_tab("continuity-pane", f"Continuity ({share} 3+)", f"Continuity ({share})")

    def _label_tab(self, pane: str, full: str, short: str) -> None:
        self.tab_labels[pane] = (full, short)
        self._fit_tab_labels()

    def _fit_tab_labels(self) -> None:
        fit_tab_labels(self.query_one(TabbedContent), self.tab_labels, self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        """The tab labels for the new width."""
        if self.tab_labels:
            self._fit_tab_labels()

    @on(Select.Changed, "#pressure-team")
    def _team_chosen(self, event: Select.Changed) -> None:
        team = None if event.value is Select.NULL else str(event.value)
        if team != self.team:
            self.team = team
            self.reload()

    @on(ExploreTable.RowSelected, "#over-capacity, #nqsw")
    def _worker_chosen(self, event: ExploreTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.cswork.show_worker(str(event.row_key.value))

    @on(ExploreTable.RowSelected, "#band-matrix")
    def _team_opened(self, event: ExploreTable.RowSelected) -> None:
        if event.row_key.value is not None and self._shown_as_at is not None:
            self.app.push_screen(team_drill(self, str(event.row_key.value), self._shown_as_at))
