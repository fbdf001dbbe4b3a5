"""An 80×24 terminal: every tab in view, dialog errors wrapped, tab underlines drawn, resizing safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Tab, TabbedContent
from textual.widgets._tabs import Underline

from cswork.tui.app import CsworkApp
from cswork.tui.dialogs.as_at import AsAtDialog, parse_as_at
from cswork.tui.dialogs.export import ExportDialog
from cswork.tui.dialogs.folder import FolderDialog
from cswork.tui.dialogs.scenario_name import ScenarioNameDialog
from cswork.tui.screens.projections import ProjectionsScreen
from cswork.tui.widgets.band_chart import axis_ticks
from cswork.tui.widgets.nav import NavTabs, tabs_width
from tests.tui.conftest import settle

FULL = [
    "1 Overview",
    "2 Staff",
    "3 Caseload pressure",
    "4 Academy",
    "5 Projections",
    "6 Demand & performance",
    "7 Imports",
    "8 Money",
]
SHORT = [
    "1 Overview",
    "2 Staff",
    "3 Pressure",
    "4 Academy",
    "5 Proj.",
    "6 Demand",
    "7 Imports",
    "8 £",
]


def _tabs(app: CsworkApp) -> list[Tab]:
    return list(app.screen.query_one(NavTabs).query(Tab))


async def test_all_eight_tabs_are_in_view_at_80_columns(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = _tabs(app)
        assert [tab.label_text for tab in tabs] == SHORT
        assert all(tab.region.x >= 0 and tab.region.right <= 80 for tab in tabs)
        await pilot.click("#imports")
        await settle(pilot)
        assert app.screen.query_one(NavTabs).active == "imports"


async def test_full_names_show_when_they_fit_and_come_back_after_narrowing(
    app: CsworkApp,
) -> None:
    assert tabs_width(short=False) == 112 and tabs_width(short=True) == 79
    async with app.run_test(size=(112, 30)) as pilot:
        await settle(pilot)
        assert [tab.label_text for tab in _tabs(app)] == FULL
        await pilot.resize_terminal(111, 30)
        await settle(pilot)
        assert [tab.label_text for tab in _tabs(app)] == SHORT
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert [tab.label_text for tab in _tabs(app)] == FULL


async def test_as_at_errors_wrap_inside_the_dialog(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AsAtDialog)
        dialog.query_one(Input).value = "the end of September"
        await pilot.press("enter")
        await pilot.pause()
        error = dialog.query_one("#as-at-error", Label)
        box = dialog.query_one("Vertical").content_region
        prompt = dialog.query(Label).first()
        # The prompt whole, its closing bracket too: "(30/09/2025 or 2025-09-30" was cut.
        assert str(prompt.render()) == "Show figures as at (30/09/2025 or 2025-09-30)"
        assert prompt.region.right <= box.right
        assert prompt.region.width * prompt.region.height >= len(str(prompt.render()))
        assert str(error.render()) == (
            "Give the date as 30/09/2024 or 2024-09-30, not 'the end of September'."
        )
        assert error.region.x >= box.x and error.region.right <= box.right
        assert error.region.height == 2  # wrapped, not cut off at the dialog's edge


def test_an_impossible_iso_date_is_named_as_such() -> None:
    for text in ("2025-02-31", " 2025-13-01 "):
        try:
            parse_as_at(text)
        except ValueError as exc:
            assert str(exc) == f"{text.strip()} is not a real date: check the day and the month."
        else:
            raise AssertionError(f"{text} was accepted")


async def test_the_projection_tabs_underline_the_active_tab_at_80x24(app: CsworkApp) -> None:
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        tabs = app.screen.query_one("#proj-tabs", TabbedContent)
        underline = tabs.query_one(Underline)
        charts = tabs.query_one("Tab#--content-tab-tab-charts", Tab)
        assert underline.size.width > 0
        assert (underline.highlight_start, underline.highlight_end) == (1, 1 + len("Charts"))
        assert charts.region.width == len("Charts") + 2
        tabs.active = "tab-table"
        await settle(pilot)
        assert underline.highlight_end - underline.highlight_start == len("Table")


def test_axis_ticks_of_a_narrow_range_without_a_round_value_inside_it() -> None:
    # 251..259 in two ticks: a step of 10, and no multiple of 10 between, so 250 and 260.
    assert axis_ticks(251, 259, 2) == [250, 260]
    assert axis_ticks(0, 100, 5) == [0, 50, 100]


async def test_widening_the_terminal_on_projections_redraws_the_charts(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert isinstance(app.screen, ProjectionsScreen)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert isinstance(app.screen, ProjectionsScreen)


async def test_demand_captions_wrap_at_80_columns(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        span = app.screen.query_one("#demand-span", Label)
        assert str(span.render()) == (
            "September 2025 against September 2024; figures held July 2018 to September 2025"
        )
        caption = app.screen.query_one("#indicator-caption", Label)
        for label in (span, caption):
            assert label.region.right <= 80
            assert label.region.height >= 2


async def test_the_scenario_form_headings_wrap_inside_the_form(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        form = app.screen.query_one("#proj-form").content_region
        for heading in app.screen.query(".form-heading").results(Label):
            assert heading.region.right <= form.right, str(heading.render())


async def test_the_export_dialog_wraps_its_prompt_and_errors_at_80x24(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one("Vertical").content_region
        prompt = dialog.query(Label).first()
        text = str(prompt.render())
        assert text.endswith("to a .csv or .xlsx file")
        # Wrapped inside the box, not cut at its edge ("to a .csv or .xlsx fi").
        assert prompt.region.right <= box.right
        assert prompt.region.width * prompt.region.height >= len(text)
        dialog.query_one(Input).value = "/a/folder/that/is/not/there/with/a/long/name/figures.pdf"
        await pilot.press("enter")
        await pilot.pause()
        error = dialog.query_one("#export-error", Label)
        message = str(error.render())
        assert message.endswith("not .pdf")
        assert error.region.right <= box.right
        assert error.region.width * error.region.height >= len(message)


@pytest.mark.parametrize("which", ["folder", "scenario name"])
async def test_dialog_prompts_and_errors_wrap_inside_the_box_at_80x24(which: str) -> None:
    from textual.app import App

    long = "A long line the dialog must wrap at 80 columns rather than cut at its edge, " * 2
    dialog: ModalScreen[object]
    if which == "folder":
        dialog = FolderDialog(long, Path("/tmp"))
        error_id = "#folder-error"
    else:
        dialog = ScenarioNameDialog(long, "baseline copy", {"baseline"})
        error_id = "#name-error"

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(dialog)

    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = dialog.query_one("Vertical").content_region
        error = dialog.query_one(error_id, Label)
        error.update(long)
        await pilot.pause()
        for label in (dialog.query(Label).first(), error):
            assert label.region.right <= box.right
            assert label.region.width * label.region.height >= len(long.strip())


async def test_every_pressure_tab_is_in_view_at_80_columns(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        tabs = app.screen.query_one("#pressure-lists", TabbedContent)
        shown = list(tabs.query(Tab))
        # The fourth, Continuity, lay past the right edge with nothing to say it was there.
        assert len(shown) == 4
        for tab in shown:
            assert tab.region.right <= 80, tab.label.plain
        assert shown[-1].label.plain.startswith("Continuity (15.0%")
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        labels = [tab.label.plain for tab in tabs.query(Tab)]
        assert labels == [
            "Over capacity (110)",
            "NQSW protection (11 of 22 breached)",
            "Absence (4.0% lost)",
            "Continuity (15.0% 3+)",
        ]


async def test_every_money_tab_is_in_view_at_80_columns(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        tabs = app.screen.query_one("#money-tabs", TabbedContent)
        shown = list(tabs.query(Tab))
        assert len(shown) == 5
        for tab in shown:  # "Over 12 months (19)" lay past the right edge
            assert tab.region.right <= 80, tab.label.plain
        assert shown[-1].label.plain == "Over 12m (19)"
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert [tab.label.plain for tab in tabs.query(Tab)] == [
            "Spend by team",
            "Over cap (3)",
            "Under 3 years' PQE (4)",
            "Project teams (4)",
            "Over 12 months (19)",
        ]
