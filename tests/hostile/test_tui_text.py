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


async def test_long_names_are_cut_on_screen_and_exported_whole(
    demo_path: Path, tmp_path: Path
) -> None:
    from textual.widgets import DataTable

    from cswork.render.safe import LABEL_WIDTH
    from cswork.tui.widgets.explore_table import ExploreTable

    copy = tmp_path / "long.db"
    shutil.copy(demo_path, copy)
    long_names = ("N" * 300, "R" * 200, "C" * 300)
    rename_everything(copy, long_names)
    app = make_app(copy, today=TODAY)
    seen: set[str] = set()
    async with app.run_test(size=(200, 60)) as pilot:
        await _drawn(pilot)
        for number, screen in enumerate(SCREENS, start=1):
            await pilot.press(str(number))
            await _drawn(pilot)
            for table in app.screen.query(DataTable):
                for key, column in table.columns.items():
                    cells = [str(cell) for cell in table.get_column(key)]
                    if not any(cell.startswith(("NNNN", "RRRR", "CCCC")) for cell in cells):
                        continue
                    seen.add(screen.mode)
                    widest = LABEL_WIDTH if column.auto_width else column.width
                    assert column.get_render_width(table) <= widest + 2, (screen.mode, key)
                    if column.auto_width:  # a fixed-width column is cut by the table
                        assert any(cell.endswith("…") for cell in cells), (screen.mode, key)
                if isinstance(table, ExploreTable):
                    exported = {str(v) for row in table.export_table()[1] for v in row}
                    shown = {
                        str(c) for row in range(table.row_count) for c in table.get_row_at(row)
                    }
                    if any(c.startswith(("NNNN", "CCCC")) for c in shown):
                        assert exported & set(long_names), screen.mode
    # Every screen that lists teams or cohorts by name drew the long ones cut.
    assert {"overview", "staff", "pressure", "academy", "money"} <= seen, seen
