"""Caseload pressure (matrix, jump to a worker), Academy (cohort chart) and Imports (log, errors)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from cswork.model.pressure import BANDS
from cswork.services.cohorts import build_cohorts
from cswork.services.pressure import build_pressure
from cswork.store import Database, open_db
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.dialogs.confirm import ConfirmDialog
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.dialogs.start_import import StartImportDialog
from cswork.tui.screens.academy import AcademyScreen
from cswork.tui.screens.staff import StaffScreen
from cswork.tui.widgets.retention import RetentionChart
from tests.tui.conftest import TODAY, settle


async def test_matrix_counts_every_team_by_band(app: CsworkApp, demo_db: Database) -> None:
    report = build_pressure(demo_db, date(2025, 9, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        matrix = app.screen.query_one("#band-matrix", DataTable)
        assert matrix.row_count == len(report.teams)
        for team in report.teams:
            row = matrix.get_row(team.name)
            assert [int(str(cell)) for cell in row[2 : 2 + len(BANDS)]] == [
                team.band_counts[band] for band in BANDS
            ]
        over = app.screen.query_one("#over-capacity", DataTable)
        assert over.row_count == len(report.over_capacity) > 0


async def test_enter_on_a_worker_over_capacity_opens_them_in_staff(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        over = app.screen.query_one("#over-capacity", DataTable)
        over.focus()
        await pilot.press("down")
        ref = str(over.coordinate_to_cell_key(over.cursor_coordinate).row_key.value)
        await pilot.press("enter")
        await settle(pilot)
        staff = app.screen
        assert isinstance(staff, StaffScreen)
        assert staff.shown_ref() == ref
        assert str(staff.query_one("#detail", Static).render()).startswith(ref)


async def test_academy_charts_the_highlighted_cohort(app: CsworkApp, demo_db: Database) -> None:
    report = build_cohorts(demo_db, date(2025, 9, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AcademyScreen)
        table = screen.query_one("#cohorts", DataTable)
        # planned intakes first, then all cohorts pooled, then each cohort, newest first
        assert table.row_count == len(report.planned) + 1 + len(report.cohorts)
        assert table.cursor_row == len(report.planned)
        chart = screen.query_one(RetentionChart)
        assert chart.caption.startswith("All cohorts:")
        assert chart.start is None  # pooled on each member's own start: months, not dates
        assert str(chart.render()).splitlines()[-1].lstrip().startswith("0 ")
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        newest = report.cohorts[-1]
        assert chart.caption.startswith(f"{newest.cohort.name}:")
        assert chart.values[0] == 100.0
        assert len(chart.values) == len([p for p in newest.curve if p.retention is not None])
        # The x axis gives months since the start and, for one cohort, the dates they are.
        drawn = str(chart.render()).splitlines()
        assert drawn[-2].lstrip().startswith("0 ")
        assert drawn[-1].lstrip().startswith(f"{newest.cohort.start:%b %Y}")
        assert chart.start == newest.cohort.start
        assert any(line.startswith("100%") for line in drawn)
        await pilot.press("up", "up")
        await pilot.pause()
        planned = report.planned[0]
        assert chart.caption == (f"{planned.name} is planned to start on {planned.start:%d %b %Y}")
        assert chart.values == ()


def _write_cohorts(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("Cohort,Start date,Planned size\n" + body, encoding="utf-8")
    return path


async def _start_import(pilot: Pilot[None], kind: str, path: Path) -> None:
    await pilot.press("i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, StartImportDialog)
    dialog.query_one(Select).value = kind
    dialog.query_one(Input).value = str(path)
    await pilot.click("#preview")
    await settle(pilot)


def _cohort_size(path: Path, name: str) -> int | None:
    db = open_db(path, create=False)
    row = db.execute("SELECT planned_size FROM cohorts WHERE name = ?", (name,)).fetchone()
    db.close()
    return None if row is None else int(row[0])


async def test_import_previews_then_imports_and_undo_restores(
    demo_copy: Path, tmp_path: Path
) -> None:
    extract = _write_cohorts(tmp_path, "intake.csv", "Cohort 99,2026-01-26,12\n")
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        await _start_import(pilot, "cohorts", extract)
        preview = app.screen
        assert isinstance(preview, ConfirmDialog)
        assert preview.title_text == "Import intake.csv as cohorts?"
        assert "dry run: 1 row read; would be 1 added" in preview.detail
        assert _cohort_size(demo_copy, "Cohort 99") is None  # a dry run writes nothing
        await pilot.click("#confirm")
        await settle(pilot)
        assert _cohort_size(demo_copy, "Cohort 99") == 12
        log = app.screen.query_one("#import-log", DataTable)
        assert log.row_count == 1
        assert str(log.get_row_at(0)[4]) == "ok"

        log.focus()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#cancel")  # cancelling leaves the import in force
        await settle(pilot)
        assert _cohort_size(demo_copy, "Cohort 99") == 12
        await pilot.press("u")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert _cohort_size(demo_copy, "Cohort 99") is None
        assert str(app.screen.query_one("#import-log", DataTable).get_row_at(0)[4]) == "undone"


async def test_a_bad_file_shows_its_problems_and_is_logged(demo_copy: Path, tmp_path: Path) -> None:
    extract = _write_cohorts(tmp_path, "bad.csv", "Cohort 98,31/02/2026,x\n")
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        await _start_import(pilot, "cohorts", extract)
        assert isinstance(app.screen, ErrorDialog)
        assert app.screen.title_text == "File rejected"
        assert "bad.csv: 2 problems; nothing written" in app.screen.message
        assert "row 2, column 'Planned size': not a number" in app.screen.message
        await pilot.press("enter")
        await settle(pilot)
        assert _cohort_size(demo_copy, "Cohort 98") is None
        # a dry run is not logged, so the log is still empty
        assert "Nothing has been imported" in str(app.screen.query_one("#import-errors").render())


async def test_undo_is_refused_while_a_later_import_stands(demo_copy: Path, tmp_path: Path) -> None:
    first = _write_cohorts(tmp_path, "first.csv", "Cohort 97,2026-01-26,12\n")
    second = _write_cohorts(tmp_path, "second.csv", "Cohort 96,2026-07-06,10\n")
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        for extract in (first, second):
            await _start_import(pilot, "cohorts", extract)
            await pilot.click("#confirm")
            await settle(pilot)
        log = app.screen.query_one("#import-log", DataTable)
        log.focus()
        await pilot.press("down")  # the older import, #1
        await pilot.press("u")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert app.screen.title_text == "Could not do that"
        assert app.screen.message == (
            "import #2 came after import #1; undo the later imports first"
        )
        assert _cohort_size(demo_copy, "Cohort 97") == 12


async def test_a_failed_import_is_not_offered_for_undo(demo_copy: Path) -> None:
    _log_failed_import(demo_copy)
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        app.screen.query_one("#import-log", DataTable).focus()
        await pilot.press("u")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert [n.message for n in app._notifications] == ["Import #1 is failed: nothing to undo."]


async def test_start_import_needs_a_kind_and_an_existing_file(demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        await pilot.click("#preview")
        assert str(app.screen.query_one("#import-error").render()) == "Choose the kind of file."
        app.screen.query_one(Select).value = "staff"
        path_input = app.screen.query_one(Input)
        path_input.value = "/nowhere/staff.csv"
        path_input.focus()
        await pilot.press("enter")  # a second click on the button within its press effect is lost
        assert (
            str(app.screen.query_one("#import-path-error").render())
            == "No file at /nowhere/staff.csv"
        )


def _log_failed_import(path: Path) -> None:
    db = open_db(path, create=False)
    problems = [
        {"file": "staff.csv", "row": 4, "column": "FTE", "reason": "FTE must be above 0"},
        {"file": "staff.csv", "row": 9, "column": "End date", "reason": "end before start"},
    ]
    with db.atomic():
        db.execute(
            "INSERT INTO imports (kind, file_name, sha256, rows_read, started_at, outcome, "
            "message, errors) VALUES ('staff', 'staff.csv', 'ab', 12, '2025-09-30T08:00:00', "
            "'failed', '2 problems; nothing written', ?)",
            (json.dumps(problems),),
        )
    db.close()


async def test_imports_lists_the_log_and_the_last_failure(demo_copy: Path) -> None:
    _log_failed_import(demo_copy)
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        log = app.screen.query_one("#import-log", DataTable)
        assert log.row_count == 1
        errors = str(app.screen.query_one("#import-errors", Static).render())
        assert "staff.csv, row 4, column 'FTE': FTE must be above 0" in errors
        assert "staff.csv, row 9, column 'End date': end before start" in errors


async def test_the_absence_tab_shows_capacity_lost_by_team(
    app: CsworkApp, demo_db: Database
) -> None:
    from textual.widgets import TabbedContent

    report = build_pressure(demo_db, date(2025, 9, 30), with_trends=False)
    total = report.absence_total
    assert total is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        tabs = app.screen.query_one("#pressure-lists", TabbedContent)
        label = str(tabs.get_tab("absence-pane").label)
        assert total.lost_share is not None
        assert label == f"Absence ({100 * total.lost_share:.1f}% lost)"
        tabs.active = "absence-pane"
        await settle(pilot)
        table = app.screen.query_one("#absence", DataTable)
        assert table.row_count == len(report.absence) + 1
        for group in (*report.absence, total):
            row = table.get_row(group.name)
            assert str(row[2]) == f"{group.capacity_lost:,.1f}"
