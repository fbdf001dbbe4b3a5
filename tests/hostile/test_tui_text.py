"""Every screen of the app shows hostile names as written: no crash, no markup, no terminal control."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from cswork.tui.app import make_app
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.modes import SCREENS
from tests.hostile.conftest import HOSTILE, rename_everything
from tests.tui.conftest import TODAY, drawn


async def _drawn(pilot: Pilot[None]) -> None:
    """Wait for the screen to draw; a worker a newer one replaced is no failure here."""
    for _ in range(5):
        try:
            await drawn(pilot)
        except WorkerCancelled:
            continue
        return


async def test_every_screen_shows_hostile_names_as_written(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "hostile.db"
    shutil.copy(demo_path, copy)
    # the 100,000-character name is left to the CLI tests: a screen full of it is slow to draw
    rename_everything(copy, (*HOSTILE[:-1], "N" * 300))
    app = make_app(copy, today=TODAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await _drawn(pilot)
        for number, screen in enumerate(SCREENS, start=1):
            mode = screen.mode
            await pilot.press(str(number))
            await _drawn(pilot)
            assert app.is_running, mode
            assert not isinstance(app.screen, ErrorDialog), mode
            shot = app.export_screenshot()
            assert "\x1b" not in shot and "\x9b" not in shot, mode
            if mode == "pressure":
                assert "[/bold]" in shot and "[bold&#160;red]X[/]" in shot
        app.show_worker("[/]")
        for _ in range(5):
            await pilot.pause(0.1)
        assert app.is_running and not isinstance(app.screen, ErrorDialog)
        shot = app.export_screenshot()
        assert "\x1b" not in shot
        app.notify("[/] \x1b[2J done")
        await _drawn(pilot)
        assert app.is_running
