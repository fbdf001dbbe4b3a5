"""Caseload pressure (matrix, jump to a worker), Academy (cohort chart) and Imports (log, errors)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from cswork.model.pressure import BANDS
from cswork.services.cohorts import build_cohorts
from cswork.services.pressure import build_pressure
from cswork.store import Database, open_db
from cswork.tui.app import CsworkApp, make_app
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
            assert [int(str(cell)) for cell in row[1 : 1 + len(BANDS)]] == [
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
        assert table.row_count == len(report.cohorts) + 1  # and all cohorts pooled
        chart = screen.query_one(RetentionChart)
        assert chart.caption.startswith("All cohorts:")
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        newest = report.cohorts[-1]
        assert chart.caption.startswith(f"{newest.cohort.name}:")
        assert chart.values[0] == 100.0
        assert len(chart.values) == len([p for p in newest.curve if p.retention is not None])


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


async def test_imports_lists_the_log_and_the_last_failure(demo_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(demo_path, path)
    _log_failed_import(path)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        log = app.screen.query_one("#import-log", DataTable)
        assert log.row_count == 1
        errors = str(app.screen.query_one("#import-errors", Static).render())
        assert "staff.csv, row 4, column 'FTE': FTE must be above 0" in errors
        assert "staff.csv, row 9, column 'End date': end before start" in errors
