"""Academy: every cohort's starters, in post, through ASYE and left, and its retention chart."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from cswork.model.cohorts import AcademyCohort, CohortOutcome
from cswork.model.usertext import printable
from cswork.render.format import MISSING, share
from cswork.render.safe import user_label
from cswork.services.cohorts import CohortReport, build_cohorts, has_cohorts
from cswork.services.database import Database
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.widgets.retention import RetentionChart


def _right(value: object) -> Text:
    return Text(MISSING if value is None else str(value), justify="right")


def _pct(fraction: float | None) -> Text:
    return _right(None if fraction is None else share(fraction))


class AcademyScreen(DataScreen[CohortReport]):
    """How the academy intakes are doing."""

    MODE = "academy"
    CSS_PATH = "academy.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: dict[str, CohortOutcome] = {}
        self.planned: dict[str, AcademyCohort] = {}

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="cohorts", cursor_type="row", zebra_stripes=True)
        yield RetentionChart(id="retention")

    def on_mount(self) -> None:
        self.query_one("#cohorts", DataTable).add_columns(
            "Cohort", "Start", "Plan", "Starters", "In post", "Left", "Passed", "In ASYE", "12m"
        )
        super().on_mount()

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        # Planned cohorts can be imported before any staff, and are worth showing then.
        return None if has_cohorts(db) else workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> CohortReport:
        return build_cohorts(db, as_at)

    def show(self, data: CohortReport) -> None:
        outcomes = [*data.cohorts, data.pooled] if data.cohorts else []
        self.outcomes = {o.cohort.name: o for o in outcomes}
        self.planned = {cohort.name: cohort for cohort in data.planned}
        table = self.query_one("#cohorts", DataTable)
        table.clear()
        for cohort in reversed(data.planned):
            table.add_row(
                user_label(cohort.name, style="italic"),
                f"{cohort.start:%b %Y}",
                _right(cohort.planned_size),
                Text("planned", style="italic", justify="right"),
                *(_right(None) for _ in range(5)),
                key=cohort.name,
            )
        for outcome in reversed(outcomes):
            cohort = outcome.cohort
            table.add_row(
                user_label(cohort.name),
                f"{cohort.start:%b %Y}",
                _right(cohort.planned_size),
                _right(outcome.starters),
                _right(outcome.in_post),
                _right(outcome.left),
                _right(outcome.completed_asye),
                _right(outcome.in_asye),
                _pct(outcome.retention_at(12)),
                key=cohort.name,
            )
        table.border_title = data.headline
        table.border_subtitle = (
            "Passed: in post at the end of the ASYE; 12m: retention at 12 months"
        )
        if outcomes:
            table.move_cursor(row=len(data.planned))
            self._chart(outcomes[-1])
        else:
            chart = self.query_one(RetentionChart)
            chart.caption = f"No cohort had started by {data.as_at:%d %b %Y}: no retention yet."
            chart.values = ()

    @on(DataTable.RowHighlighted, "#cohorts")
    def _cohort_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = str(event.row_key.value)
        chart = self.query_one(RetentionChart)
        if name in self.outcomes:
            self._chart(self.outcomes[name])
        elif name in self.planned:
            chart.caption = f"{name} is planned to start on {self.planned[name].start:%d %b %Y}"
            chart.values = ()

    def _chart(self, outcome: CohortOutcome) -> None:
        chart = self.query_one(RetentionChart)
        chart.caption = f"{printable(outcome.cohort.name)}: % of {outcome.starters} starters in post, by month (Kaplan–Meier)"
        chart.values = tuple(
            100 * point.retention for point in outcome.curve if point.retention is not None
        )
