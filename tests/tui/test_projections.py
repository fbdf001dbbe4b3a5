"""The Projections screen: edit and recalculate off the UI thread, side by side, save/copy/delete, export."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable, Input, Label, Select, TabbedContent
from typer.testing import CliRunner

from cswork.cli import app as cli
from cswork.services.database import Database
from cswork.services.projection_view import (
    ProjectionsView,
    comparison_rows,
    project_assumptions,
    table_headers,
)
from cswork.store import open_db
from cswork.store.scenarios import get_scenario
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.dialogs.scenario_name import ScenarioNameDialog
from cswork.tui.screens.projections import ProjectionsScreen
from cswork.tui.widgets.band_chart import BandChart
from cswork.tui.widgets.scenario_form import ScenarioForm
from tests.tui.conftest import TODAY, settle

AS_AT = date(2025, 9, 30)


@pytest.fixture(autouse=True)
def _no_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recalculate on the next tick, so tests wait for workers rather than for a timer."""
    monkeypatch.setattr(ProjectionsScreen, "DEBOUNCE_SECONDS", 0.0)


@pytest.fixture
def projections_app(demo_copy: Path) -> CsworkApp:
    """The app on a writable copy of the demo authority (the baseline scenario is stored)."""
    return make_app(demo_copy, today=TODAY)


async def _open(app: CsworkApp, pilot: object) -> ProjectionsScreen:
    await pilot.press("5")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ProjectionsScreen)
    return screen


def _in_post_last(screen: ProjectionsScreen) -> tuple[float, str]:
    chart = screen.query_one("#chart-fte", BandChart)
    assert chart.data is not None
    in_post = chart.data.series[0]
    assert in_post.label == "In post"
    table = screen.query_one("#proj-table", DataTable)
    cell = table.get_row_at(table.row_count - 1)[1]
    value = in_post.p50[-1]
    assert value is not None
    return value, cell.plain


async def test_opening_fetches_the_figures_once(
    projections_app: CsworkApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fetch begun while the screen is built is the one shown, not begun again on mount."""
    fetched: list[str] = []
    fetch = ProjectionsScreen.fetch

    def counted(screen: ProjectionsScreen, db: Database, as_at: date) -> ProjectionsView:
        fetched.append(screen.scenario)
        return fetch(screen, db, as_at)

    monkeypatch.setattr(ProjectionsScreen, "fetch", counted)
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        assert screen.result is not None
        assert not screen.query_one("#body").loading
        assert fetched == ["baseline"]


async def test_the_side_by_side_tab_is_made_when_first_shown(projections_app: CsworkApp) -> None:
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        assert not screen.query("#compare-caption")  # not made for a look at the charts
        screen.query_one("#proj-tabs", TabbedContent).active = "tab-compare"
        await pilot.pause()
        caption = screen.query_one("#compare-caption", Label)
        assert str(caption.render()) == "Choose a scenario to compare with."
        assert caption.region.height == 1
        assert len(screen.query("#compare-charts BandChart")) == 3
        assert screen.query_one("#compare-table", DataTable).region.height > 0


async def test_editing_a_cohort_size_changes_in_post_in_the_chart_and_table(
    projections_app: CsworkApp, demo_copy: Path
) -> None:
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        before, before_cell = _in_post_last(screen)
        form = screen.query_one(ScenarioForm)
        first = form.assumptions.cohorts[0]
        size = form.cohort_rows()[0].query_one(".cohort-size", Input)
        size.value = str(first.size + 20)
        await settle(pilot)
        after, after_cell = _in_post_last(screen)
        assert form.assumptions.cohorts[0].size == first.size + 20
        # Twenty more NQSWs starting in the horizon leave more in post at its end.
        assert after > before
        assert after_cell != before_cell
        db = open_db(demo_copy, create=False)
        expected = project_assumptions(db, "baseline", form.assumptions, AS_AT)
        assert after == expected.value("in_post_fte", len(expected.months) - 1)
        assert after_cell.startswith(f"{round(after, 2):,.1f} (")
        status = str(screen.query_one("#proj-status", Label).render())
        assert "unsaved changes" in status and "calculating" not in status
        # Not saved until asked.
        stored = get_scenario(db, "baseline")
        assert stored is not None and stored.assumptions.cohorts[0].size == first.size


async def test_typing_stays_responsive_during_a_10000_run_recalculation(
    projections_app: CsworkApp,
) -> None:
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        form = screen.query_one(ScenarioForm)
        form.field_input("horizon_months").value = "120"
        form.field_input("runs").value = "10000"
        for _ in range(3):  # the edit's message, then the call that starts the worker
            await pilot.pause(0)
        in_flight = [
            w for w in projections_app.workers if w.group == "projection" and not w.is_finished
        ]
        assert in_flight, "the recalculation should be under way in a worker"
        slow = in_flight[-1]
        hires = form.field_input("experienced_hires_per_month")
        hires.focus()
        hires.value = ""
        # Keys go in as a terminal sends them; pilot.press would wait for the CPU to go idle,
        # which it does not while the projection runs in its thread.
        for name, character in (("3", "3"), ("full_stop", "."), ("5", "5")):
            projections_app.post_message(events.Key(name, character))
            await pilot.pause(0)
        assert hires.value == "3.5"
        # The keys were handled while the 10,000-run projection had not yet been shown.
        assert screen.result is not None and screen.result.runs == 1000
        assert slow.is_cancelled, "a newer edit cancels the older calculation"
        await settle(pilot)
        assert screen.result is not None
        assert screen.result.runs == 10_000
        assert len(screen.result.months) == 121
        assert screen.result.assumptions.experienced_hires_per_month == 3.5


async def test_side_by_side_equals_the_cli_compare(
    projections_app: CsworkApp, demo_copy: Path
) -> None:
    runner = CliRunner()
    db = ["--db", str(demo_copy)]
    for args in (
        ["scenario", "new", "bigger intake", *db, "--as-at", "2025-09-30"],
        ["scenario", "set", "bigger intake", "cohorts", "2026-01-26:20,2026-07-06:20", *db],
        ["scenario", "set", "bigger intake", "runs", "300", *db],
    ):
        assert runner.invoke(cli, args).exit_code == 0
    out = runner.invoke(
        cli,
        ["project", "--compare", "bigger intake", "--format", "json", "--as-at", "2025-09-30", *db],
    )
    assert out.exit_code == 0, out.output
    cli_json = json.loads(out.stdout)
    both = cli_json["projections"]
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        screen.query_one("#proj-compare", Select).value = "bigger intake"
        await settle(pilot)
        assert screen.comparison is not None
        rows = comparison_rows(screen.comparison)
        table = screen.query_one("#compare-table", DataTable)
        assert table.row_count == len(both["baseline"]) == len(rows)
        for row, one, two, gap in zip(
            rows, both["baseline"], both["bigger intake"], cli_json["difference"], strict=True
        ):
            assert row[0] == one["month"]
            # the difference is the median of the paired runs' differences, as the CLI gives it
            assert row[1:4] == [
                one["in_post_fte"]["p50"],
                two["in_post_fte"]["p50"],
                gap["in_post_fte"]["p50"],
            ]
            assert row[7:10] == [
                one["vacancy_rate"]["p50"],
                two["vacancy_rate"]["p50"],
                gap["vacancy_rate"]["p50"],
            ]
            assert row[-3:] == [
                one["cumulative_cost"]["p50"],
                two["cumulative_cost"]["p50"],
                gap["cumulative_cost"]["p50"],
            ]
        caption = str(screen.query_one("#compare-caption", Label).render())
        assert "Over 36 months, bigger intake costs £" in caption
        assert "than baseline (10–90 % range £" in caption
        chart = screen.query_one("#chart-diff-cumulative", BandChart)
        assert chart.data is not None
        last = cli_json["cost_difference"]
        assert chart.data.series[0].p50[-1] == pytest.approx(last["p50"] / 1e6, abs=1e-6)
        shown = [cell.plain if hasattr(cell, "plain") else cell for cell in table.get_row_at(0)]
        first = both["baseline"][0]
        assert shown[0] == first["month"]
        assert shown[1] == f"{first['in_post_fte']['p50']:,.1f}"


async def test_save_copy_and_delete_scenarios(projections_app: CsworkApp, demo_copy: Path) -> None:
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        form = screen.query_one(ScenarioForm)
        form.field_input("runs").value = "150"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        db = open_db(demo_copy, create=False)
        saved = get_scenario(db, "baseline")
        assert saved is not None and saved.assumptions.runs == 150

        await pilot.press("f3")
        await pilot.pause()
        dialog = projections_app.screen
        assert isinstance(dialog, ScenarioNameDialog)
        name = dialog.query_one(Input)
        name.value = "baseline"
        await pilot.press("enter")
        assert str(dialog.query_one("#name-error", Label).render()) == (
            "scenario 'baseline' already exists"
        )
        name.value = "plan/b"
        await pilot.press("enter")
        assert "must start with a letter or digit" in str(
            dialog.query_one("#name-error", Label).render()
        )
        name.value = "plan b"
        await pilot.press("enter")
        await settle(pilot)
        copied = get_scenario(db, "plan b")
        assert copied is not None and copied.assumptions.runs == 150
        assert screen.scenario == "plan b"
        assert screen.query_one("#proj-scenario", Select).value == "plan b"

        await pilot.press("f8")
        await pilot.pause()
        await pilot.click("#cancel")
        await settle(pilot)
        assert get_scenario(db, "plan b") is not None
        await pilot.press("f8")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert get_scenario(db, "plan b") is None
        assert screen.scenario == "baseline"
        assert "plan b" not in screen.scenarios


async def test_export_writes_the_rows_shown(projections_app: CsworkApp, tmp_path: Path) -> None:
    out = tmp_path / "projection.csv"
    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        projections_app.screen.query_one(Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        table = screen.query_one("#proj-table", DataTable)
        with out.open(encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
        blank = lines.index([])
        about = dict(tuple(line) for line in lines[:blank])
        assert about["cswork"] == "Projections: scenario baseline"
        assert about["As at"] == "30 Sep 2025"
        rows = lines[blank + 1 :]
        assert rows[0] == table_headers()
        assert len(rows) - 1 == table.row_count == 36
        for index, row in enumerate(rows[1:]):
            shown = table.get_row_at(index)
            assert row[0] == str(shown[0])
            assert shown[1].plain.startswith(f"{float(row[1]):,.1f} ({float(row[2]):,.1f}–")


async def test_a_bad_export_path_is_refused_in_the_dialog(projections_app: CsworkApp) -> None:
    async with projections_app.run_test(size=(160, 50)) as pilot:
        await _open(projections_app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        dialog = projections_app.screen
        dialog.query_one(Input).value = "/tmp/projection.txt"
        await pilot.press("enter")
        assert str(dialog.query_one("#export-error", Label).render()) == (
            "projection.txt: export to .csv or .xlsx, not .txt"
        )


async def test_the_palette_exports_the_projection_from_another_screen(
    projections_app: CsworkApp,
) -> None:
    from cswork.tui.commands import SCREEN_ACTIONS
    from cswork.tui.dialogs.export import ExportDialog

    assert ("Projections: export the projection", "projections", "export") in [
        entry[:3] for entry in SCREEN_ACTIONS
    ]
    async with projections_app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        projections_app.run_screen_action("projections", "export")
        await settle(pilot)
        assert isinstance(projections_app.screen, ExportDialog)


async def test_quitting_with_unsaved_edits_asks_first(projections_app: CsworkApp) -> None:
    from cswork.tui.dialogs.confirm import ConfirmDialog

    async with projections_app.run_test(size=(160, 50)) as pilot:
        screen = await _open(projections_app, pilot)
        screen.query_one(ScenarioForm).field_input("runs").value = "150"
        await settle(pilot)
        assert projections_app.unsaved_scenario == "baseline"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(projections_app.screen, ConfirmDialog)
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause()
        assert projections_app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("left", "enter")  # to Quit, and press it
        await pilot.pause()
        assert not projections_app.is_running


async def test_the_screen_says_how_the_model_did_on_the_past(projections_app: CsworkApp) -> None:
    async with projections_app.run_test(size=(200, 60)) as pilot:
        screen = await _open(projections_app, pilot)
        # the backtests run in their own worker after the projection is on screen
        label = screen.query_one("#proj-skill", Label)
        for _ in range(400):
            if str(label.render()).startswith("Checked"):
                break
            await pilot.pause(0.05)
        line = str(label.render())
        assert line.startswith("Checked on 7 past starts: in-post error ")
        assert "if nothing changes" in line and "inside the 10–90 % band" in line
        form = screen.query_one(ScenarioForm)
        assumed = [c for c in form.assumptions.cohorts if c.assumed]
        assert assumed and "assumed" in {
            str(label.render()) for label in screen.query(".cohort-assumed")
        }


def _shown(screen: ProjectionsScreen) -> tuple[object, ...]:
    """Everything the screen shows of the projection: the skill line, status, table and charts."""
    table = screen.query_one("#proj-table", DataTable)
    rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
    charts = [chart.data for chart in screen.query(BandChart) if chart.id != "chart-diff"]
    form = screen.query_one(ScenarioForm)
    return (
        str(screen.query_one("#proj-skill", Label).render()),
        str(screen.query_one("#proj-status", Label).render()),
        rows,
        repr(charts),
        form.assumptions,
    )


async def test_the_screen_opened_again_shows_the_same_figures_from_the_store(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cswork.services.projection as projection
    from cswork.store.derived import clear_derived

    db = open_db(demo_copy, create=False)
    clear_derived(db)
    db.close()
    shown = []
    for _ in range(2):
        projection._cache.clear()  # as a new process
        app = make_app(demo_copy, today=TODAY)
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await _open(app, pilot)
            assert str(screen.query_one("#proj-skill", Label).render()).startswith("Checked on")
            shown.append(_shown(screen))
        if not shown[1:]:  # the second time nothing may read the history
            for module in ("projection_view", "backtest"):
                monkeypatch.setattr(f"cswork.services.{module}.load_projection_history", None)
    assert shown[0] == shown[1]
    db = open_db(demo_copy, create=False)
    kinds = [r[0] for r in db.execute("SELECT kind FROM derived_figures ORDER BY kind")]
    db.close()
    assert kinds == ["leaver rates", "projection", "skill"]
