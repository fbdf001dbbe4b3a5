"""The shell: navigation by number keys and tabs, help, palette, theme, as-at date, worker errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from cswork.tui.app import CsworkApp, make_app
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.dialogs.help import GLOSSARY, HelpDialog
from cswork.tui.dialogs.start_import import StartImportDialog
from cswork.tui.modes import SCREENS
from cswork.tui.screens.academy import AcademyScreen
from cswork.tui.screens.demand import DemandScreen
from cswork.tui.screens.imports import ImportsScreen
from cswork.tui.screens.overview import OverviewScreen
from cswork.tui.screens.pressure import PressureScreen
from cswork.tui.screens.projections import ProjectionsScreen
from cswork.tui.screens.staff import StaffScreen
from tests.tui.conftest import TODAY, settle


async def test_number_keys_jump_to_every_screen(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        for key, screen in [
            ("2", StaffScreen),
            ("3", PressureScreen),
            ("4", AcademyScreen),
            ("5", ProjectionsScreen),
            ("6", DemandScreen),
            ("7", ImportsScreen),
            ("1", OverviewScreen),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            assert not app.screen.query_one("#body").loading


async def test_clicking_a_tab_switches_screen(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#academy")
        await settle(pilot)
        assert isinstance(app.screen, AcademyScreen)


async def test_the_date_resolves_to_the_latest_data_and_shows_in_the_header(
    app: CsworkApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.as_at == date(2025, 9, 30)
        assert app.sub_title == "as at 30 Sep 2025"


async def test_picking_an_as_at_date_reloads_the_screen(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog_input = app.screen.query_one(Input)
        dialog_input.value = "30/02/2024"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#as-at-error").render())
        assert error == "30/02/2024 is not a real date: check the day and the month."
        dialog_input.value = "31/03/2024"  # UK order, as imports read it
        await pilot.press("enter")
        await settle(pilot)
        assert app.as_at == date(2024, 3, 31)
        assert app.sub_title == "as at 31 Mar 2024"
        await pilot.press("2")
        await settle(pilot)
        staff = app.screen
        assert isinstance(staff, StaffScreen)
        assert all(row.start <= date(2024, 3, 31) for row in staff.rows)


async def test_help_lists_the_keys(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_dialog = app.screen
        assert isinstance(help_dialog, HelpDialog)
        assert help_dialog.screen_name == "Staff"
        assert {("/", "Search"), ("c", "Clear filters"), ("e", "Export")} <= set(help_dialog.keys)
        listed = {key for key, _ in help_dialog.every_key}
        assert {"s", "← →", "a", "t", "F1", "Ctrl+Q"} <= listed
        assert not any("super" in key or "ctrl+c" in key.lower() for key in listed)
        assert help_dialog.query_one("#help-glossary", Static).display
        words = {word for word, _ in GLOSSARY}
        assert {"ASYE", "PQE", "Passed", "FTE", "Utilisation"} <= words
        await pilot.press("escape")
        assert isinstance(app.screen, StaffScreen)


async def test_help_scrolls_to_its_last_word_at_80x24(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        box = app.screen.children[0]  # the dialog's bordered box
        await pilot.press("end")
        await pilot.pause()
        glossary = app.screen.query_one("#help-glossary", Static)
        # The glossary's last line is inside the box, not below it off the screen.
        assert glossary.region.bottom <= box.content_region.bottom <= 24
        assert isinstance(app.screen, HelpDialog)
        keys = dict(app.screen.every_key)
        assert keys[f"1 … {len(SCREENS)}"] == "Go to a screen"
        assert len(SCREENS) == 8  # Money is the eighth


async def test_theme_toggles(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"
        await pilot.press("t")
        assert app.theme == "textual-dark"


async def test_palette_offers_every_screen_and_action(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to academy")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AcademyScreen)


async def test_a_failing_worker_shows_an_error_dialog(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "no database at" in app.screen.message
        assert "cswork init" in app.screen.message
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert not app.screen.query_one("#body").loading


async def test_palette_runs_another_screens_action(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"import a file")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StartImportDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ImportsScreen)


async def test_an_import_moves_the_latest_date_but_not_a_chosen_one(
    demo_copy: Path, tmp_path: Path
) -> None:
    # A month-end caseload count after the demo's last data: the default date follows it.
    extract = tmp_path / "caseloads.csv"
    extract.write_text(
        "Employee Number,As at,CIN\nE10934,2025-10-31,3\n",
        encoding="utf-8",
    )
    app = make_app(demo_copy, today=date(2026, 1, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == "as at 30 Sep 2025"
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Select).value = "caseloads"
        app.screen.query_one("#import-path", Input).value = str(extract)
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert app.as_at == date(2025, 10, 31)
        assert app.sub_title == "as at 31 Oct 2025"
        # a date the user picked stays through an undo
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = "2025-06-30"
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#import-log").focus()
        await pilot.press("u")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert "undone" in str(app.screen.query_one("#import-log", DataTable).get_row_at(0)[4])
        assert app.as_at == date(2025, 6, 30)
        assert app.sub_title == "as at 30 Jun 2025"
