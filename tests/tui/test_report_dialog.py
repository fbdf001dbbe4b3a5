"""Writing the board report from the app: the palette opens the dialog, a worker writes the paper
with progress, the path is shown at the end, and problems are said in the dialog."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Button, Input, Label, Select, SelectionList

from cswork.tui.app import make_app
from cswork.tui.dialogs.report import ReportDialog
from cswork.tui.screens.overview import OverviewScreen
from tests.tui.conftest import TODAY, settle


async def test_the_palette_writes_the_board_report_and_shows_where(
    demo_copy: Path, tmp_path: Path
) -> None:
    app = make_app(demo_copy, today=TODAY)
    target = tmp_path / "board.docx"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"write board report")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        dialog.query_one("#report-format", Select).value = "docx"
        await pilot.pause()
        path = dialog.query_one("#report-path", Input)
        assert path.value.endswith("workforce-report-2025-09-30.docx")  # suffix follows format
        sections = dialog.query_one("#report-sections", SelectionList)
        sections.deselect("outlook")
        sections.deselect("key-messages")
        path.value = str(target)
        await pilot.click("#write")
        await settle(pilot)
        status = dialog.query_one("#report-status", Label)
        assert str(status.render()) == f"Written to {target}"
        assert target.read_bytes().startswith(b"PK")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        await pilot.click("#write")  # now "Close"
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_problems_are_said_in_the_dialog(demo_copy: Path, tmp_path: Path) -> None:
    app = make_app(demo_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_write_report()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        status = dialog.query_one("#report-status", Label)
        dialog.query_one("#report-path", Input).value = str(tmp_path / "missing" / "r.html")
        await pilot.click("#write")
        await settle(pilot)
        assert "No folder" in str(status.render())
        dialog.query_one("#report-path", Input).value = str(tmp_path / "r.html")
        dialog.query_one("#report-compare", Input).value = "nosuch"
        # press the button itself: a toast from an earlier step can cover it at this size
        dialog.query_one("#write", Button).press()
        await settle(pilot)
        for _ in range(100):  # the check runs in a worker; under load it can finish after settle
            if "nosuch" in str(status.render()):
                break
            await pilot.pause(0.05)
        assert "nosuch" in str(status.render())
        assert not (tmp_path / "r.html").exists()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
