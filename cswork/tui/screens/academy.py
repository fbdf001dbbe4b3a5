"""Academy: every cohort's starters, retained, through ASYE and left, and its retention chart."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from cswork.render.format import MISSING
from cswork.services.academy import CohortRow, build_cohorts_view
from cswork.store import Database
from cswork.tui.screens.base import DataScreen
from cswork.tui.widgets.retention import RetentionChart


def _right(value: object) -> Text:
    return Text(MISSING if value is None else str(value), justify="right")


class AcademyScreen(DataScreen[list[CohortRow]]):
    """How the academy intakes are doing."""

    MODE = "academy"
    CSS_PATH = "academy.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.cohorts: dict[str, CohortRow] = {}

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="cohorts", cursor_type="row", zebra_stripes=True)
        yield RetentionChart(id="retention")

    def on_mount(self) -> None:
        self.query_one("#cohorts", DataTable).add_columns(
            "Cohort", "Start", "Plan", "Starters", "Retained", "ASYE done", "Left", "Retained %"
        )
        super().on_mount()

    def fetch(self, db: Database, as_at: date) -> list[CohortRow]:
        return build_cohorts_view(db, as_at)

    def show(self, data: list[CohortRow]) -> None:
        self.cohorts = {row.name: row for row in data}
        table = self.query_one("#cohorts", DataTable)
        table.clear()
        for row in reversed(data):
            rate = row.retention_rate
            table.add_row(
                row.name,
                row.start.isoformat(),
                _right(row.planned),
                _right(row.starters),
                _right(row.retained),
                _right(row.through_asye),
                _right(row.left),
                _right(None if rate is None else f"{rate:.0f}%"),
                key=row.name,
            )
        table.border_title = f"{len(data)} cohorts, newest first"
        if data:
            self._chart(data[-1])

    @on(DataTable.RowHighlighted, "#cohorts")
    def _cohort_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.cohorts.get(str(event.row_key.value))
        if row is not None:
            self._chart(row)

    def _chart(self, row: CohortRow) -> None:
        chart = self.query_one(RetentionChart)
        chart.caption = (
            f"{row.name}: share of {row.starters} starters in post, month by month since "
            f"{row.start:%d %b %Y}"
        )
        chart.values = row.retention
