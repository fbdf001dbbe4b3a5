"""Academy: every cohort's starters, in post, through ASYE and left, its retention at 6, 12, 18,
24 and 36 months, and its retention chart.

On terminals narrower than 100 columns three retention columns show at a time (the latest three
first) and ``r`` cycles through them. Enter on a cohort opens its members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from cswork.model.cohorts import AcademyCohort, CohortMember, CohortOutcome
from cswork.model.usertext import printable
from cswork.render.format import reason_label
from cswork.services.cohorts import CohortReport, build_cohorts, has_cohorts
from cswork.services.database import Database
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.screens.drill import Drill, DrillScreen
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable
from cswork.tui.widgets.retention import RetentionChart

#: Months at which retention is shown, and how many fit beside the counts at 80 columns.
RETENTION_MONTHS = (6, 12, 18, 24, 36)
NARROW_RETENTION = 3
#: Below this width only :data:`NARROW_RETENTION` retention columns show at once.
WIDE_ENOUGH = 100


@dataclass(frozen=True, slots=True)
class CohortRow:
    """A cohort as the table shows it: planned (no outcome yet) or started."""

    cohort: AcademyCohort
    outcome: CohortOutcome | None

    @property
    def planned(self) -> bool:
        """Not started by the date."""
        return self.outcome is None

    def count(self, pick: str) -> int | None:
        """One of the outcome's counts, ``None`` while planned."""
        return None if self.outcome is None else int(getattr(self.outcome, pick))


def _retention(months: int) -> Column[CohortRow]:
    return Column(
        f"r{months}",
        f"{months}m",
        lambda r: None if r.outcome is None else r.outcome.retention_at(months),
        unit="fraction",
    )


def _name(row: CohortRow) -> Text:
    return Text(row.cohort.name, style="italic" if row.planned else "")


COUNT_COLUMNS: tuple[Column[CohortRow], ...] = (
    Column("cohort", "Cohort", lambda r: r.cohort.name, show=_name),
    Column("start", "Start", lambda r: r.cohort.start, unit="month"),
    Column("plan", "Plan", lambda r: r.cohort.planned_size, unit="count"),
    Column(
        "starters",
        "Starters",
        lambda r: r.count("starters"),
        unit="count",
        show=lambda r: (
            Text("planned", style="italic", justify="right")
            if r.planned
            else Text(str(r.count("starters")), justify="right")
        ),
    ),
    Column("in_post", "In post", lambda r: r.count("in_post"), unit="count"),
    Column("left", "Left", lambda r: r.count("left"), unit="count"),
    Column("passed", "Passed", lambda r: r.count("completed_asye"), unit="count"),
    Column("in_asye", "In ASYE", lambda r: r.count("in_asye"), unit="count"),
)
RETENTION_COLUMNS = {months: _retention(months) for months in RETENTION_MONTHS}
#: Counts shown after the retention columns on a narrow terminal.
LATER_WHEN_NARROW = frozenset({"plan", "in_asye"})

MEMBER_COLUMNS: tuple[Column[CohortMember], ...] = (
    Column("ref", "Ref", lambda m: m.worker_ref),
    Column("start", "Start", lambda m: m.start, unit="date"),
    Column("outcome", "Outcome", lambda m: "in post" if m.in_post else "left"),
    Column(
        "asye",
        "ASYE",
        lambda m: "passed" if m.completed_asye else "in ASYE" if m.in_asye else "did not finish",
    ),
    Column("progressed", "Progressed", lambda m: "yes" if m.progressed else "no"),
    Column(
        "left_on", "Left on", lambda m: m.departure.left_on if m.departure else None, unit="date"
    ),
    Column(
        "months",
        "Months in post",
        lambda m: m.departure.months_in_post if m.departure else None,
        unit="count",
    ),
    Column(
        "reason",
        "Leaving reason",
        # Stored codes in words: "moved_within_la" reads "moved within LA".
        lambda m: reason_label(m.departure.reason) if m.departure and m.departure.reason else None,
    ),
)


def retention_window(first: int) -> tuple[int, ...]:
    """The retention months shown from position ``first`` at narrow widths."""
    return RETENTION_MONTHS[first : first + NARROW_RETENTION]


class AcademyScreen(DataScreen[CohortReport]):
    """How the academy intakes are doing."""

    MODE = "academy"
    CSS_PATH = "academy.tcss"
    AUTO_FOCUS = "#cohorts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "cycle_retention", "More retention"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: dict[str, CohortOutcome] = {}
        self.planned: dict[str, AcademyCohort] = {}
        self.pooled: CohortOutcome | None = None
        #: Where the narrow window of retention columns starts (the latest three first).
        self.window_start = len(RETENTION_MONTHS) - NARROW_RETENTION
        self.narrow = True

    def compose_body(self) -> ComposeResult:
        yield ExploreTable(self._columns(), lambda r: r.cohort.name, title="cohorts", id="cohorts")
        yield RetentionChart(id="retention")

    def _columns(self) -> list[Column[CohortRow]]:
        if not self.narrow:
            return [*COUNT_COLUMNS, *(RETENTION_COLUMNS[m] for m in RETENTION_MONTHS)]
        # At 80 columns the retention figures come before the plan and ASYE counts, which stay
        # within reach of the column cursor.
        first = [c for c in COUNT_COLUMNS if c.key not in LATER_WHEN_NARROW]
        later = [c for c in COUNT_COLUMNS if c.key in LATER_WHEN_NARROW]
        window = retention_window(self.window_start)
        return [*first, *(RETENTION_COLUMNS[m] for m in window), *later]

    def on_resize(self, event: events.Resize) -> None:
        """All five retention columns from 100 columns wide; three below."""
        narrow = event.size.width < WIDE_ENOUGH
        if narrow != self.narrow:
            self.narrow = narrow
            self.query_one("#cohorts", ExploreTable).set_columns(self._columns())
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``r`` only where some retention columns are hidden."""
        if action == "cycle_retention" and not self.narrow:
            return False
        return super().check_action(action, parameters)

    def action_cycle_retention(self) -> None:
        """Show the next three retention columns (back to the first after the last)."""
        self.window_start = (self.window_start + 1) % (len(RETENTION_MONTHS) - NARROW_RETENTION + 1)
        self.query_one("#cohorts", ExploreTable).set_columns(self._columns())
        self._caption()

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        # Planned cohorts can be imported before any staff, and are worth showing then.
        return None if has_cohorts(db) else workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> CohortReport:
        return build_cohorts(db, as_at)

    def show(self, data: CohortReport) -> None:
        outcomes = [*data.cohorts, data.pooled] if data.cohorts else []
        self.outcomes = {o.cohort.name: o for o in outcomes}
        self.pooled = data.pooled
        self.planned = {cohort.name: cohort for cohort in data.planned}
        rows = [CohortRow(cohort, None) for cohort in reversed(data.planned)]
        rows += [CohortRow(o.cohort, o) for o in reversed(outcomes)]
        table = self.query_one("#cohorts", ExploreTable)
        table.show_rows(rows)
        table.border_title = data.headline
        self._caption()
        if outcomes:
            table.move_cursor(row=len(data.planned))
            self._chart(outcomes[-1])
        else:
            chart = self.query_one(RetentionChart)
            chart.caption = f"No cohort had started by {data.as_at:%d %b %Y}: no retention yet."
            chart.values = ()
            chart.start = None

    def _caption(self) -> None:
        table = self.query_one("#cohorts", ExploreTable)
        cycle = " · r: more months" if self.narrow else ""
        table.border_subtitle = (
            f"Passed: in post at the end of the ASYE; 6m–36m: retention{cycle} · Enter: members"
        )

    @on(ExploreTable.RowHighlighted, "#cohorts")
    def _cohort_highlighted(self, event: ExploreTable.RowHighlighted) -> None:
        name = str(event.row_key.value)
        chart = self.query_one(RetentionChart)
        if name in self.outcomes:
            self._chart(self.outcomes[name])
        elif name in self.planned:
            chart.caption = f"{name} is planned to start on {self.planned[name].start:%d %b %Y}"
            chart.values = ()
            chart.start = None

    @on(ExploreTable.RowSelected, "#cohorts")
    def _cohort_opened(self, event: ExploreTable.RowSelected) -> None:
        outcome = self.outcomes.get(str(event.row_key.value))
        if outcome is not None and self._shown_as_at is not None:
            self.app.push_screen(members_drill(outcome, self._shown_as_at))

    def _chart(self, outcome: CohortOutcome) -> None:
        chart = self.query_one(RetentionChart)
        chart.caption = f"{printable(outcome.cohort.name)}: % of {outcome.starters} starters in post, by month (Kaplan–Meier)"
        chart.values = tuple(
            100 * point.retention for point in outcome.curve if point.retention is not None
        )
        # The pooled curve puts each member on their own start: months, not dates.
        chart.start = None if outcome is self.pooled else outcome.cohort.start


def members_drill(outcome: CohortOutcome, as_at: date) -> DrillScreen:
    """A cohort's members: references, where they are now, their ASYE and any departure."""
    members = outcome.members

    def load(db: Database, when: date) -> Sequence[CohortMember]:
        return members

    def note(rows: Sequence[CohortMember]) -> str:
        return (
            f"{outcome.starters} starters: {outcome.in_post} in post, {outcome.left} left, "
            f"{outcome.completed_asye} passed the ASYE (in post at its end)."
        )

    return DrillScreen(
        Drill(
            title=f"{outcome.cohort.name}: members",
            definition=(
                "Everyone who started in the cohort, where they are on the date, and any "
                "departure. Passed: in post at the end of the ASYE."
            ),
            columns=MEMBER_COLUMNS,
            row_key=lambda m: m.worker_ref,
            load=load,
            as_at=as_at,
            filters=(("Cohort", outcome.cohort.name),),
            note=note,
            sort_by="ref",
        )
    )
