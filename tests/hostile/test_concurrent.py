"""Another process at work on the database: demo --force refuses, an import whose database file
went away says so, and the app notices changes made elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable
from typer.testing import CliRunner

import cswork.services.imports as imports_service
from cswork.cli import app
from cswork.services.imports import ImportAbortedError, run_import
from cswork.store import open_db
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.dialogs.error import ErrorDialog
from tests.tui.conftest import TODAY, settle

runner = CliRunner()
STAFF = "Employee Ref,Team,Start Date,FTE,Contract,Role\nNEW1,Team A,2025-01-06,1,Permanent,4\n"


def test_demo_force_refuses_while_another_cswork_has_the_database_open(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert runner.invoke(app, ["init", "--db", str(db)]).exit_code == 0
    held = open_db(db, create=False)
    before = db.stat().st_ino
    result = runner.invoke(app, ["demo", "--force", "--no-open", "--db", str(db)])
    assert result.exit_code == 4, result.output
    assert "in use by another cswork" in result.output
    assert db.stat().st_ino == before
    held.close()
    del held
    assert runner.invoke(app, ["demo", "--force", "--no-open", "--db", str(db)]).exit_code == 0


@pytest.mark.parametrize(
    "command", [["demo", "--force", "--no-open"], ["init", "--force"]], ids=["demo", "init"]
)
def test_force_leaves_another_programs_database_alone(tmp_path: Path, command: list[str]) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = runner.invoke(app, [*command, "--db", str(other)])
    assert result.exit_code == 3, result.output
    assert other.read_bytes() == before


@pytest.mark.parametrize("how", ["removed", "replaced"])
def test_an_import_whose_database_went_away_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path = tmp_path / "t.db"
    store = open_db(path)
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    real_start = imports_service.start_import

    def start_then_lose_the_file(*args: Any, **kwargs: Any) -> int:
        import_id = real_start(*args, **kwargs)
        moved = tmp_path / "moved.db"
        path.rename(moved)
        if how == "replaced":
            shutil.copy(moved, path)
        return import_id

    monkeypatch.setattr(imports_service, "start_import", start_then_lose_the_file)
    with pytest.raises(ImportAbortedError, match="removed or replaced"):
        run_import(store, "staff", staff)
    store.close()


def test_the_cli_import_exits_4_when_the_database_went_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    open_db(path).close()
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    real_start = imports_service.start_import

    def start_then_remove(*args: Any, **kwargs: Any) -> int:
        import_id = real_start(*args, **kwargs)
        path.unlink()
        return import_id

    monkeypatch.setattr(imports_service, "start_import", start_then_remove)
    result = runner.invoke(app, ["import", "staff", str(staff), "--db", str(path)])
    assert result.exit_code == 4, result.output
    assert "removed or replaced" in result.output and "added" not in result.output


async def test_the_app_notices_an_import_made_elsewhere(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    monkeypatch.setattr(CsworkApp, "WATCH_SECONDS", 0.2)
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    the_app = make_app(copy, today=TODAY)
    async with the_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        table = the_app.screen.query_one("#import-log", DataTable)
        before = table.row_count
        await pilot.pause(0.5)  # the watcher has looked once
        store = open_db(copy, create=False)
        assert run_import(store, "staff", staff).outcome == "ok"
        store.close()
        for _ in range(20):
            await pilot.pause(0.2)
            await settle(pilot)
            if the_app.screen.query_one("#import-log", DataTable).row_count > before:
                break
        assert the_app.screen.query_one("#import-log", DataTable).row_count == before + 1


async def test_f5_reloads_on_demand(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    the_app = make_app(copy, today=TODAY)
    async with the_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        before = the_app.screen.query_one("#import-log", DataTable).row_count
        store = open_db(copy, create=False)
        assert run_import(store, "staff", staff).outcome == "ok"
        store.close()
        await pilot.press("f5")
        await settle(pilot)
        assert the_app.screen.query_one("#import-log", DataTable).row_count == before + 1


async def test_a_refused_undo_says_why_and_clears_the_busy_note(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import cswork.store.db as store_db

    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    store = open_db(copy, create=False)
    assert run_import(store, "staff", staff).outcome == "ok"
    store.close()
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    the_app = make_app(copy, today=TODAY)
    async with the_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        holder = sqlite3.connect(copy, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # as a CLI import holds it
        try:
            await pilot.press("u")
            await settle(pilot)
            await pilot.click("#confirm")
            await settle(pilot)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        dialog = the_app.screen
        assert isinstance(dialog, ErrorDialog)
        assert dialog.title_text == "Could not do that"
        assert "locked" in dialog.message and "Unexpected" not in dialog.message
        await pilot.press("escape")
        await settle(pilot)
        panel = the_app.screen.query_one("#import-errors")
        assert panel.border_title != "Working"
        assert not the_app.screen.query_one("#import-log", DataTable).loading


def test_init_force_refuses_while_another_cswork_has_the_database_open(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert runner.invoke(app, ["demo", "--no-open", "--db", str(db)]).exit_code == 0
    held = open_db(db, create=False)
    result = runner.invoke(app, ["init", "--force", "--db", str(db)])
    assert result.exit_code == 4, result.output
    assert "in use by another cswork" in result.output
    assert held.execute("SELECT count(*) FROM workers").fetchone()[0] > 0
    held.close()
    del held
    result = runner.invoke(app, ["init", "--force", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Recreated" in result.output
    store = open_db(db, create=False)
    assert store.execute("SELECT count(*) FROM workers").fetchone()[0] == 0
    store.close()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_leaves_a_file_that_is_not_a_database_alone(tmp_path: Path, force: list[str]) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(app, ["init", *force, "--db", str(notes)])
    assert result.exit_code == 3, result.output
    assert "not a cswork database" in result.output and "Traceback" not in result.output
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
