"""Continuity of social worker on the Caseload pressure screen: the tab's table, its note, the team
filter, export as seen, and what it says with no allocation history."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label, Select, TabbedContent

from cswork.render.continuity import summary_sentence
from cswork.services.continuity import build_continuity
from cswork.store import Database, open_db
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.widgets.explore_table import ExploreTable
from tests.tui.conftest import TODAY, settle


async def _show_continuity(app: CsworkApp, pilot) -> ExploreTable:  # type: ignore[no-untyped-def]
    await pilot.press("3")
    await settle(pilot)
    app.screen.query_one(TabbedContent).active = "continuity-pane"
    await settle(pilot)
    return app.screen.query_one("#continuity", ExploreTable)


async def test_the_tab_shows_each_team_and_the_total(app: CsworkApp, demo_db: Database) -> None:
    report = build_continuity(demo_db, TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await _show_continuity(app, pilot)
        assert table.row_count == len(report.teams) + 1
        for row in (*report.teams, report.total):
            cells = [str(cell) for cell in table.get_row(row.team)]
            assert cells[1:6] == [f"{n:,}" for n in (row.children, *row.by_workers)]
            share = row.three_plus_share
            assert share is not None and cells[6] == f"{100 * share:.1f}%"
            assert cells[7] == f"{row.worker_left:,}"
        note = str(app.screen.query_one("#continuity-note", Label).render())
        assert note.startswith(summary_sentence(report))
        tabs = app.screen.query_one(TabbedContent)
        label = str(tabs.get_tab("continuity-pane").label)
        assert label == f"Continuity ({100 * (report.total.three_plus_share or 0):.1f}% 3+)"
        headers, rows, _ = table.export_table()
        assert headers[:3] == ["Team", "Children", "1"]
        assert "3+ trend" not in headers
        total = next(r for r in rows if r[0] == "All teams")
        assert total[1] == report.total.children


async def test_the_team_filter_narrows_it(app: CsworkApp, demo_db: Database) -> None:
    team = "Children in Care"
    [expected] = [r for r in build_continuity(demo_db, TODAY).teams if r.team == team]
    async with app.run_test(size=(120, 40)) as pilot:
        table = await _show_continuity(app, pilot)
        app.screen.query_one("#pressure-team", Select).value = team
        await settle(pilot)
        assert table.row_count == 1
        cells = [str(c) for c in table.get_row(team)]
        assert cells[1] == f"{expected.children:,}"


async def test_without_an_allocation_history_it_says_what_to_import(demo_copy: Path) -> None:
    store = open_db(demo_copy)
    store.execute("DELETE FROM continuity")
    store.close()
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await _show_continuity(app, pilot)
        assert table.row_count == 0
        note = str(app.screen.query_one("#continuity-note", Label).render())
        assert "import an allocation history" in note
        assert app.screen.query_one("#over-capacity", DataTable).row_count > 0


async def test_an_allocation_history_imported_from_the_app_shows_on_the_tab(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    from cswork.tui.dialogs.confirm import ConfirmDialog
    from tests.importers.test_allocations import STAFF, _history_csv
    from tests.tui.test_import_dialog import (
        _database_with_first_extract,
        _open_dialog,
        cli,
        runner,
    )

    staff, history = tmp_path / "staff.csv", tmp_path / "allocations.csv"
    staff.write_text(STAFF, encoding="utf-8")
    history.write_text(_history_csv(), encoding="utf-8")
    path = tmp_path / "app.db"
    _database_with_first_extract(path, staff)
    counts = tmp_path / "caseloads.csv"  # the Pressure screen needs a caseload count
    counts.write_text("Worker,As At,Case Type,Cases\nC,2025-05-31,CIN,3\n", encoding="utf-8")
    assert (
        runner.invoke(cli, ["import", "caseloads", str(counts), "--db", str(path)]).exit_code == 0
    )
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _open_dialog(pilot)
        dialog.query_one(Select).value = "allocations"
        dialog.query_one("#import-path", Input).value = str(history)
        dialog.query_one("#import-as-at", Input).value = "2025-05-31"
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ConfirmDialog)
        assert "9 children in 21 allocations" in preview.detail
        await pilot.click("#confirm")
        await settle(pilot)
        table = await _show_continuity(app, pilot)
        # the hand-worked history at its last month end, 31 May 2025 (tests/model/test_continuity)
        assert table.row_count == 3
        assert [str(c) for c in table.get_row("All teams")][1:6] == ["7", "1", "4", "1", "1"]
        assert [str(c) for c in table.get_row("North")][1:6] == ["4", "0", "2", "1", "1"]
