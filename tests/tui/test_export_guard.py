"""Every screen's export, and the board report, refuse to write over the database the app is using, whatever its name:
the refusal is an error dialog naming the file, and the store is left as it was and still open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Label, Select

from cswork.tui.app import make_app
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.dialogs.report import ReportDialog
from tests.tui.conftest import TODAY, settle


@pytest.fixture
def store_named_csv(demo_path: Path, tmp_path: Path) -> Path:
    """The demo, kept in a file whose name an export could be given."""
    path = tmp_path / "figures.csv"
    path.write_bytes(demo_path.read_bytes())
    return path


def _workers(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM workers").fetchone()[0])
    finally:
        connection.close()


async def test_no_screen_exports_over_the_database_in_use(store_named_csv: Path) -> None:
    workers = _workers(store_named_csv)
    app = make_app(store_named_csv, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "1234567":
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one(Input).value = str(store_named_csv)
            await pilot.press("enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ErrorDialog), key
            assert dialog.message == (
                f"{store_named_csv} is a database (or part of one): give another file name"
            ), key
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f5")  # the store still reads as before, from the app's own connection
        await settle(pilot)
        assert not isinstance(app.screen, ErrorDialog)
    assert store_named_csv.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _workers(store_named_csv) == workers


async def test_the_board_report_is_not_written_over_the_database_in_use(
    demo_path: Path, tmp_path: Path
) -> None:
    store = tmp_path / "board.html"
    store.write_bytes(demo_path.read_bytes())
    workers = _workers(store)
    app = make_app(store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_write_report()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#report-format", Select).value = "html"
        await pilot.pause()
        dialog.query_one("#report-path", Input).value = str(store)
        dialog.query_one("#write", Button).press()
        status = dialog.query_one("#report-status", Label)
        for _ in range(400):  # the paper is built in a worker before it is written
            await settle(pilot)
            if "is a database" in str(status.render()):
                break
            await pilot.pause(0.05)
        assert f"{store} is a database (or part of one)" in str(status.render())
    assert store.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _workers(store) == workers
