"""Projections: choose or create a scenario, edit it, and see supply against demand with bands.

Editing recalculates in a thread worker (its own connection) after a short pause in typing; a newer
edit cancels the older calculation, and a result for assumptions no longer in the form is dropped.
Save, copy and delete write to the store in workers too; the side-by-side tab projects two stored
scenarios exactly as ``cswork project --compare`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Footer, Label, Select, TabbedContent, TabPane
from textual.worker import get_current_worker

from cswork.export.tables import Cell, write_table
from cswork.model.projection.assumptions import Assumptions
from cswork.render.format import cell
from cswork.render.projection import cost_difference_sentence
from cswork.services.database import Database, open_db
from cswork.services.projection import BASELINE, Comparison, ProjectionResult
from cswork.services.projection_view import (
    FIGURES,
    ProjectionsView,
    compare_scenarios,
    comparison_headers,
    comparison_rows,
    model_skill,
    project_assumptions,
    projections_view,
    table_headers,
    table_rows,
)
from cswork.services.scenarios import create_scenario, delete_scenario, save_scenario
from cswork.tui.dialogs.confirm import ConfirmDialog
from cswork.tui.dialogs.export import ExportDialog
from cswork.tui.dialogs.scenario_name import ScenarioNameDialog
from cswork.tui.screens.base import DataScreen, workforce_notice
from cswork.tui.widgets.band_chart import BandChart
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable
from cswork.tui.widgets.footer import KeyFooter
from cswork.tui.widgets.projection_charts import (
    CHARTS,
    DIFFERENCE_CHARTS,
    chart_data,
    difference_chart_data,
)
from cswork.tui.widgets.scenario_form import ScenarioForm


class ProjectionReady(Message):
    """A projection of ``assumptions``, calculated by a worker."""

    def __init__(self, result: ProjectionResult, assumptions: Assumptions) -> None:
        super().__init__()
        self.result = result
        self.assumptions = assumptions


class SkillChecked(Message):
    """The one-line result of backtesting the model on the authority's past, as at ``as_at``."""

    def __init__(self, line: str, as_at: date) -> None:
        super().__init__()
        self.line = line
        self.as_at = as_at


class ComparisonReady(Message):
    """Two stored scenarios projected side by side."""

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison


class ScenarioStored(Message):
    """A scenario was saved, copied or deleted; show ``scenario`` next."""

    def __init__(self, scenario: str, note: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.note = note


def _picker(index: int) -> Callable[[list[Cell]], Cell]:
    def pick(row: list[Cell]) -> Cell:
        return row[index]

    return pick


def _band_column(index: int) -> Column[list[Cell]]:
    figure = FIGURES[index]
    first = 1 + 3 * index

    def show(row: list[Cell]) -> Text:
        p50, p10, p90 = row[first : first + 3]
        return _band_text(p50, p10, p90, 2 if p10 != p90 else 1)

    return Column(figure.output, f"{figure.heading} (p10–p90)", _picker(first), places=1, show=show)


PROJECTION_COLUMNS: tuple[Column[list[Cell]], ...] = (
    Column("month", "Month", _picker(0)),
    *(_band_column(index) for index in range(len(FIGURES))),
)


class ProjectionsScreen(DataScreen[ProjectionsView]):
    """Scenario editor, charts with p10–p90 bands, the figures as a table, and two side by side."""

    MODE = "projections"
    CSS_PATH = "projections.tcss"
    #: Seconds of quiet after an edit before recalculating (0: on the next tick).
    DEBOUNCE_SECONDS: ClassVar[float] = 0.3
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("f3", "copy", "Copy"),
        Binding("f8", "delete", "Delete"),
        Binding("f6", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenario = BASELINE
        self.scenarios: tuple[str, ...] = ()
        self.result: ProjectionResult | None = None
        self.comparison: Comparison | None = None
        self.saved: Assumptions | None = None
        self._debounce: Timer | None = None
        self._skill_as_at: date | None = None  # the date the skill line on screen is for
        self._skill_running = False
        self._skill_wanted: date | None = None  # asked for while a check was running
        self._calculating = False
        self._export_when_shown = False
        self._fetched_early = False
        self._side_by_side_made: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        # The figures are fetched while the screen is built (its data arrive once it is mounted),
        # not after: at fifty times the demo the fetch takes seconds and the building a third of
        # one. The reload on mount then only shows the loading indicator.
        self._fetched_early = True
        self._shown_version = self.cswork.data_version
        self._load(self.cswork.db_path, self.cswork.as_at, self.cswork.today)
        for widget in super().compose():
            yield KeyFooter() if isinstance(widget, Footer) else widget

    def reload(self) -> None:
        """Fetch the screen's data again (on mount, show the fetch begun while composing)."""
        if self._fetched_early:
            self._fetched_early = False
            self.query_one("#body").loading = True
            return
        super().reload()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="proj-bar"):
            yield Select[str]([], prompt="Scenario", id="proj-scenario", compact=True)
            yield Select[str]([], prompt="Compare with…", id="proj-compare", compact=True)
            yield Label("", id="proj-status")
        yield Label("", id="proj-skill")
        with Horizontal(id="proj-main"):
            yield ScenarioForm(id="proj-form")
            with TabbedContent(id="proj-tabs"):
                with TabPane("Charts", id="tab-charts"), Grid(id="proj-charts"):
                    for chart in CHARTS:
                        yield BandChart(id=f"chart-{chart.key}")
                with TabPane("Table", id="tab-table"):
                    yield ExploreTable[list[Cell]](
                        PROJECTION_COLUMNS,
                        lambda row: str(row[0]),
                        title="projection",
                        id="proj-table",
                    )
                yield TabPane("Side by side", id="tab-compare")  # filled when first wanted

    def _side_by_side(self) -> AwaitMount:
        """Make the side-by-side tab's caption, charts and table the first time they are wanted
        (the tab shown, or a comparison arrived): most looks at the screen never open it."""
        if self._side_by_side_made is None:
            self._side_by_side_made = self.query_one("#tab-compare", TabPane).mount_all(
                [
                    Label("Choose a scenario to compare with.", id="compare-caption"),
                    Horizontal(
                        *(BandChart(id=f"chart-{chart.key}") for chart in DIFFERENCE_CHARTS),
                        id="compare-charts",
                    ),
                    ExploreTable[list[Cell]](
                        [], lambda row: str(row[0]), title="side by side", id="compare-table"
                    ),
                ]
            )
        return self._side_by_side_made

    @on(TabbedContent.TabActivated, pane="#tab-compare")
    def _side_by_side_shown(self) -> None:
        self._side_by_side()

    def nothing_to_show(self, db: Database, as_at: date) -> str | None:
        return workforce_notice(db, as_at)

    def fetch(self, db: Database, as_at: date) -> ProjectionsView:
        worker, scenario = get_current_worker(), self.scenario
        view = projections_view(
            db,
            as_at,
            scenario,
            self.cswork.own_writes,
            working_out=lambda: self.cswork.work_out_elsewhere(
                as_at, scenario, lambda: worker.is_cancelled
            ),
        )
        if view.stored_baseline:
            self.cswork.seen_own_write()
        return view

    def show(self, data: ProjectionsView) -> None:
        self.scenario, self.scenarios, self.saved = data.scenario, data.scenarios, data.assumptions
        with self.prevent(Select.Changed):
            chooser = self.query_one("#proj-scenario", Select)
            chooser.set_options((name, name) for name in data.scenarios)
            chooser.value = data.scenario
            other = self.query_one("#proj-compare", Select)
            previous = other.value
            others = [name for name in data.scenarios if name != data.scenario]
            other.set_options((name, name) for name in others)
            if previous in others:
                other.value = previous
        self.query_one(ScenarioForm).load(data.assumptions, data.calibrated)
        if self._skill_as_at != data.as_at:
            self.query_one("#proj-skill", Label).update(
                Text("Checking the model against the authority's own past…", style="italic")
            )
        self._ask_skill(data.as_at)
        self._show_result(data.result)
        self._compare()

    def _ask_skill(self, as_at: date) -> None:
        """Check the model's skill as at ``as_at`` (quick when the history has not changed since
        the last check); one check at a time, the latest request last."""
        if self._skill_running:
            self._skill_wanted = as_at
            return
        self._skill_running, self._skill_wanted = True, None
        self._check_skill(self.cswork.db_path, as_at)

    @work(thread=True, exit_on_error=False, group="skill")
    def _check_skill(self, path: Path, as_at: date) -> None:
        """Backtest the model from every past start (seconds on a big authority), after the
        projection is on screen."""
        line = "The check against the authority's past could not be made."
        try:
            worker = get_current_worker()
            self.cswork.wait_for_skill_line(as_at, lambda: worker.is_cancelled)
            db = open_db(path, create=False)
            try:
                line = model_skill(db, as_at, self.cswork.own_writes).line
            finally:
                db.close()
        finally:
            self.post_message(SkillChecked(line, as_at))

    @on(SkillChecked)
    def _skill_checked(self, message: SkillChecked) -> None:
        self._skill_running = False
        if self._skill_wanted is not None:
            self._ask_skill(self._skill_wanted)
            return
        self._skill_as_at = message.as_at
        self.query_one("#proj-skill", Label).update(Text(message.line))

    # Recalculation ---------------------------------------------------------------------------

    @on(ScenarioForm.Edited)
    def _edited(self, event: ScenarioForm.Edited) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._calculating = True
        self._status()
        if self.DEBOUNCE_SECONDS > 0:
            self._debounce = self.set_timer(self.DEBOUNCE_SECONDS, self._recalculate)
        else:
            self.call_later(self._recalculate)

    def _recalculate(self) -> None:
        as_at = self._shown_as_at or self.cswork.today
        assumptions = self.query_one(ScenarioForm).assumptions
        self._project(self.cswork.db_path, self.scenario, assumptions, as_at)

    @work(thread=True, exclusive=True, exit_on_error=False, group="projection")
    def _project(self, path: Path, scenario: str, assumptions: Assumptions, as_at: date) -> None:
        db = open_db(path, create=False)
        try:
            result = project_assumptions(db, scenario, assumptions, as_at)
        finally:
            db.close()
        if not get_current_worker().is_cancelled:
            self.post_message(ProjectionReady(result, assumptions))

    @on(ProjectionReady)
    def _projection_ready(self, message: ProjectionReady) -> None:
        if message.assumptions == self.query_one(ScenarioForm).assumptions:
            self._calculating = False
            self._show_result(message.result)

    def _show_result(self, result: ProjectionResult) -> None:
        self.result = result
        for chart in CHARTS:
            self.query_one(f"#chart-{chart.key}", BandChart).data = chart_data(chart, result)
        table = self.query_one("#proj-table", ExploreTable)
        table.show_rows(table_rows(result))
        self._status()
        if self._export_when_shown:
            self.action_export()

    def _status(self) -> None:
        result = self.result
        parts = [self.scenario]
        if result is not None:
            how = "expected values" if result.runs == 1 else f"median of {result.runs:,} runs"
            parts.append(f"{how}, from {result.as_at:%d %b %Y}")
        unsaved = self.saved is not None and self.query_one(ScenarioForm).assumptions != self.saved
        if unsaved:
            parts.append(
                "what-if, not saved (read-only)" if self.cswork.read_only else "unsaved changes"
            )
        # Quitting asks first while edits that could be saved are not.
        self.cswork.unsaved_scenario = (
            self.scenario if unsaved and not self.cswork.read_only else None
        )
        if self._calculating:
            parts.append("calculating…")
        if result is not None and result.warnings:
            parts.append("hiring capped at funded posts")
        self.query_one("#proj-status", Label).update(" · ".join(parts))

    # Choosing and comparing ------------------------------------------------------------------

    @on(Select.Changed, "#proj-scenario")
    def _scenario_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.scenario:
            self.scenario = event.value
            self.reload()

    @on(Select.Changed, "#proj-compare")
    def _compare_chosen(self) -> None:
        self._compare()

    def _compare(self) -> None:
        other = self.query_one("#proj-compare", Select).value
        if isinstance(other, str):
            as_at = self._shown_as_at or self.cswork.today
            self._load_comparison(self.cswork.db_path, [self.scenario, other], as_at)

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def _load_comparison(self, path: Path, names: list[str], as_at: date) -> None:
        db = open_db(path, create=False)
        try:
            comparison = compare_scenarios(db, names, as_at)
        finally:
            db.close()
        self.post_message(ComparisonReady(comparison))

    @on(ComparisonReady)
    async def _comparison_ready(self, message: ComparisonReady) -> None:
        await self._side_by_side()
        comparison = self.comparison = message.comparison
        first, second = comparison.base.scenario, comparison.other.scenario
        for chart in DIFFERENCE_CHARTS:
            self.query_one(f"#chart-{chart.key}", BandChart).data = difference_chart_data(
                chart, comparison
            )
        table = self.query_one("#compare-table", ExploreTable)
        headers = comparison_headers(first, second)
        table.set_columns(
            [
                Column(f"c{index}", heading, _picker(index), places=None if index == 0 else 1)
                for index, heading in enumerate(headers)
            ]
        )
        table.show_rows(comparison_rows(comparison))
        self.query_one("#compare-caption", Label).update(
            Text(
                f"{cost_difference_sentence(comparison)} Medians of {second} beside {first}; the "
                f"difference ({second} − {first}) is of paired runs, as 'cswork project --scenario "
                f"{first} --compare {second}' gives it."
            )
        )

    # Save, copy, delete, export --------------------------------------------------------------

    def action_save(self) -> None:
        """Store the form's assumptions under the scenario's name."""
        assumptions = self.query_one(ScenarioForm).assumptions
        self._store(self.cswork.db_path, "save", self.scenario, assumptions)

    def action_copy(self) -> None:
        """Store the form's assumptions as a new scenario and switch to it."""
        assumptions = self.query_one(ScenarioForm).assumptions

        def chosen(name: str | None) -> None:
            if name is not None:
                self._store(self.cswork.db_path, "copy", name, assumptions)

        dialog = ScenarioNameDialog(
            f"Copy {self.scenario!r} (as edited) to a new scenario called",
            f"{self.scenario} copy",
            self.scenarios,
        )
        self.app.push_screen(dialog, chosen)

    def action_delete(self) -> None:
        """Delete the scenario, after confirmation."""
        name = self.scenario
        detail = (
            "The calibrated baseline will be worked out again from history next time."
            if name == BASELINE
            else "Its assumptions are lost; projections of other scenarios are not affected."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._store(self.cswork.db_path, "delete", name, None)

        self.app.push_screen(
            ConfirmDialog(f"Delete scenario {name!r}?", detail, "Delete"), confirmed
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="scenario")
    def _store(self, path: Path, action: str, name: str, assumptions: Assumptions | None) -> None:
        db = open_db(path, create=False)
        try:
            if assumptions is None:
                delete_scenario(db, name)
                message = ScenarioStored(BASELINE, f"Deleted scenario {name!r}.")
            elif action == "copy":
                create_scenario(db, name, assumptions)
                message = ScenarioStored(name, f"Created scenario {name!r}.")
            else:
                save_scenario(db, name, assumptions)
                message = ScenarioStored(name, f"Saved scenario {name!r}.")
        finally:
            db.close()
        self.post_message(message)

    @on(ScenarioStored)
    def _stored(self, message: ScenarioStored) -> None:
        self.notify(message.note)
        self.scenario = message.scenario
        self.reload()

    def action_export(self) -> None:
        """Export the projection table, every month and figure with its band, to CSV or XLSX."""
        result = self.result
        if result is None:
            self._export_when_shown = True  # asked for from the palette before the data arrived
            return
        self._export_when_shown = False
        focused = self.focused
        if isinstance(focused, ExploreTable) and focused.id == "compare-table":
            super().action_export()  # the side-by-side table, as shown
            return
        rows = self.query_one("#proj-table", ExploreTable).shown or table_rows(result)
        about = [
            ("cswork", f"Projections: scenario {result.scenario}"),
            ("As at", f"{result.as_at:%d %b %Y}"),
            ("Runs", f"{result.runs:,}" + (" (expected values)" if result.runs == 1 else "")),
        ]
        stem = f"projection-{result.scenario}-{result.as_at.isoformat()}"
        suggested = self.cswork.export_dir / f"{stem}.csv"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.cswork.remember_export_dir(path.parent)
                self._export(path, list(rows), about)

        what = f"the projection of {result.scenario!r} ({len(rows)} months)"
        self.app.push_screen(ExportDialog(what, suggested), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self, path: Path, rows: list[list[Cell]], about: list[tuple[str, str]]) -> None:
        formats = [None] + ["#,##0.0"] * (len(table_headers()) - 1)
        count = write_table(
            path, table_headers(), rows, sheet="Projection", about=about, formats=formats
        )
        self.app.call_from_thread(self.notify, f"Exported {count} months to {path}")


def _band_text(p50: Cell, p10: Cell, p90: Cell, runs: int) -> Text:
    text = Text(cell(p50), justify="right")
    if runs > 1:
        text.append(f" ({cell(p10)}–{cell(p90)})", style="dim")
    return text
