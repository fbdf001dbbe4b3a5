"""Exploring tables: column cursor, sort, fixed first column, export with notes, drill-downs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, Select, TabbedContent

from cswork.services.pressure import build_pressure
from cswork.store import Database
from cswork.tui.app import CsworkApp
from cswork.tui.screens.drill import DrillScreen
from cswork.tui.screens.pressure import PressureScreen
from cswork.tui.screens.staff import StaffScreen
from cswork.tui.widgets.explore_table import ExploreTable
from tests.tui.conftest import TODAY, settle


def _table(app: CsworkApp, selector: str) -> ExploreTable[object]:
    return app.screen.query_one(selector, ExploreTable)


async def test_arrows_move_the_column_cursor_and_s_sorts_by_it(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        over = _table(app, "#over-capacity")
        over.focus()
        assert over.cursor_column_key == "ref"
        await pilot.press("right", "right", "right")  # Ref, Util, Team, Cases
        assert over.cursor_column_key == "cases"
        assert "reverse" in str(over.columns[over.ordered_columns[3].key].label.spans)
        await pilot.press("s")
        cases = [row.cases for row in over.shown]  # type: ignore[attr-defined]
        assert cases == sorted(cases)
        await pilot.press("s")
        assert [row.cases for row in over.shown] == sorted(cases, reverse=True)  # type: ignore[attr-defined]
        assert over.sort_by == ("cases", True)
        await pilot.press("left")
        assert over.cursor_column_key == "team"


async def test_the_first_column_stays_in_view_when_scrolled_sideways(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = _table(app, "#staff-table")
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_column_key == "cases"
        assert table.scroll_x > 0
        assert table.fixed_columns == 1
        assert "Ref" in app.screen.query_one("#staff-table").render_line(0).text


async def test_pressure_team_filter_narrows_every_table_and_goes_in_the_export(
    app: CsworkApp, demo_db: Database, tmp_path: Path
) -> None:
    team = build_pressure(demo_db, TODAY).teams[0].name
    expected = build_pressure(demo_db, TODAY, team)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PressureScreen)
        screen.query_one("#pressure-team", Select).value = team
        await settle(pilot)
        assert [r.group.name for r in _table(app, "#band-matrix").shown] == [team]  # type: ignore[attr-defined]
        over = _table(app, "#over-capacity")
        assert [p.worker_ref for p in over.shown] == [  # type: ignore[attr-defined]
            p.worker_ref for p in expected.over_capacity
        ]
        over.focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "over.xlsx")
        await pilot.press("enter")
        await settle(pilot)
    sheet = load_workbook(tmp_path / "over.xlsx").active
    assert sheet is not None
    values = [row[:2] if row[2] is None else row for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ("cswork", "Caseload pressure: workers over capacity")
    assert values[1] == ("As at", "30 Sep 2025")
    assert values[2] == ("Team", team)
    header = values.index(("Ref", "Util", "Team", "Cases", "Weighted", "Capacity", "FTE", "Role"))
    assert sheet.freeze_panes == f"A{header + 2}"
    first = sheet.cell(row=header + 2, column=2)
    assert first.number_format == "0%"
    assert first.value == expected.over_capacity[0].utilisation


async def test_enter_on_a_team_opens_its_workers_and_escape_goes_back(
    app: CsworkApp, demo_db: Database
) -> None:
    report = build_pressure(demo_db, TODAY)
    team = report.teams[0].name
    in_team = {w.worker_ref for w in report.workers if w.team == team}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        matrix = _table(app, "#band-matrix")
        matrix.focus()
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.drill.title == f"{team}: workers in post"
        table = drill.query_one(ExploreTable)
        assert {w.ref for w in table.shown} == in_team  # type: ignore[attr-defined]
        utilisations = [w.utilisation for w in table.shown if w.utilisation is not None]  # type: ignore[attr-defined]
        assert utilisations == sorted(utilisations)
        await pilot.press("enter")  # the worker on the Staff screen
        await settle(pilot)
        assert isinstance(app.screen, StaffScreen)
        await pilot.press("3")
        await settle(pilot)
        _table(app, "#band-matrix").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PressureScreen)


async def test_every_screen_exports_with_e(app: CsworkApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "1234567":
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert dialog.query_one(Input).value.endswith(".csv"), key
            dialog.query_one(Input).value = str(tmp_path / f"screen{key}.csv")
            await pilot.press("enter")
            await settle(pilot)
    for key in "1234567":
        with (tmp_path / f"screen{key}.csv").open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
        assert lines[0][0] == "cswork"
        assert ["As at", "30 Sep 2025"] in lines


async def test_at_80x24_the_key_columns_are_in_view(app: CsworkApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        over = _table(app, "#over-capacity")
        assert over.ordered_columns[1].label.plain.startswith("Util")
        assert over.region.width >= sum(c.get_render_width(over) for c in over.ordered_columns[:2])
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        indicators = _table(app, "#indicator-table")
        assert app.focused is indicators
        shown = indicators.scrollable_content_region
        widths = [c.get_render_width(indicators) for c in indicators.ordered_columns]
        assert [c.key.value for c in indicators.ordered_columns[:3]] == [
            "indicator",
            "value",
            "rag",
        ]
        assert sum(widths[:3]) <= shown.width
        assert indicators.region.y + 3 < app.screen.size.height  # on screen, not below the fold
        await pilot.press("4")
        await settle(pilot)
        cohorts = _table(app, "#cohorts")
        keys = [c.key.value for c in cohorts.ordered_columns]
        assert keys[6:9] == ["r18", "r24", "r36"]
        width = sum(c.get_render_width(cohorts) for c in cohorts.ordered_columns[:9])
        assert width <= cohorts.scrollable_content_region.width
        await pilot.press("r")
        keys = [c.key.value for c in cohorts.ordered_columns]
        assert keys[6:9] == ["r6", "r12", "r18"]


async def test_academy_shows_every_retention_month_when_wide(app: CsworkApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        keys = [c.key.value for c in _table(app, "#cohorts").ordered_columns]
        assert keys[-5:] == ["r6", "r12", "r18", "r24", "r36"]


async def test_enter_on_a_cohort_opens_its_members(app: CsworkApp, demo_db: Database) -> None:
    from cswork.services.cohorts import build_cohorts

    newest = build_cohorts(demo_db, TODAY).cohorts[-1]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        cohorts = _table(app, "#cohorts")
        cohorts.focus()
        assert cohorts.move_to(newest.cohort.name)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        members = drill.query_one(ExploreTable)
        assert {m.worker_ref for m in members.shown} == {  # type: ignore[attr-defined]
            m.worker_ref for m in newest.members
        }
        assert "Passed: in post at the end of the ASYE" in drill.drill.definition
        await pilot.press("escape")
        assert not isinstance(app.screen, DrillScreen)


async def test_enter_on_a_tile_opens_it_by_team(app: CsworkApp, demo_db: Database) -> None:
    from cswork.services.summary import build_summary

    position = build_summary(demo_db, TODAY).position
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#tile-in_post").focus()
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.drill.title == "In post (FTE) by team"
        assert "employed by the authority" in drill.drill.definition
        shown = {f.team: f.value for f in drill.query_one(ExploreTable).shown}  # type: ignore[attr-defined]
        assert shown == {name: f.in_post_fte for name, f in position.teams.items()}
        await pilot.press("escape")
        await settle(pilot)
        by_team = _table(app, "#by-team")
        app.screen.query_one("#overview-lists", TabbedContent).active = "teams-pane"
        by_team.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.drill.title.endswith(": workers in post")


async def test_theme_and_last_screen_are_remembered(demo_path: Path) -> None:
    from cswork.tui.app import make_app

    first = make_app(demo_path, today=TODAY)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t", "4")
        await settle(pilot)
    again = make_app(demo_path, today=TODAY)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
        assert again.current_mode == "academy"


async def test_screenshots_go_to_the_chosen_folder_or_say_why_not(
    app: CsworkApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.remember(screenshot_dir=str(tmp_path))
        saved = app.deliver_screenshot()
        assert saved is not None and Path(saved).parent == tmp_path
        assert Path(saved).read_text(encoding="utf-8").startswith("<svg")
        app.remember(screenshot_dir=str(tmp_path / "gone"))
        assert app.deliver_screenshot() is None
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("there is no folder" in m and "Screenshot folder" in m for m in messages)


async def test_a_date_after_the_last_data_is_warned_of_in_the_app(demo_path: Path) -> None:
    from datetime import date

    from cswork.tui.app import make_app

    app = make_app(demo_path, today=TODAY, as_at=date(2035, 1, 1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.sub_title == ("as at 01 Jan 2035 · after the last data held")
        assert any("after the last data held" in n.message for n in app._notifications)


async def test_confirm_highlights_the_focused_button_and_enter_does_it(app: CsworkApp) -> None:
    from textual.widgets import Button

    from cswork.tui.dialogs.confirm import ConfirmDialog

    chosen: list[bool | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmDialog("Undo?", "detail", "Undo"), chosen.append)
        await pilot.pause()
        dialog = app.screen
        confirm, cancel = dialog.query_one("#confirm", Button), dialog.query_one("#cancel", Button)
        assert app.focused is cancel and cancel.variant != "default"
        assert confirm.variant == "default"
        await pilot.press("left")
        assert app.focused is confirm and confirm.variant == "warning"
        assert cancel.variant == "default"
        await pilot.press("enter")
        await pilot.pause()
    assert chosen == [True]


@pytest.mark.usefixtures("england_without_2024")
async def test_the_overview_says_no_england_figure_rather_than_show_another_year(
    demo_path: Path,
) -> None:
    from datetime import date

    from textual.widgets import Label, Static

    from cswork.tui.app import make_app

    app = make_app(demo_path, today=TODAY, as_at=date(2025, 3, 31))  # census year 2024, not held
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        england = app.screen.query_one("#tile-vacancy_rate").query_one(".tile-england", Label)
        # the tile says so in the words that fit it; the line above the alerts names the year
        assert str(england.render()) in {"no England figure for 2024", "no England figure"}
        title = str(app.screen.query_one("#alerts-title", Static).render())
        assert title.startswith("No England figure for 2024")
