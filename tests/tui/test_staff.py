"""The Staff screen: filter, search, sort, detail, export as shown, jump from pressure."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import DataTable, Input, Select, Static

from cswork.services.staff import IN_POST, LEFT
from cswork.tui.app import CsworkApp
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.screens.staff import StaffScreen
from tests.tui.conftest import settle


def _staff(app: CsworkApp) -> StaffScreen:
    screen = app.screen
    assert isinstance(screen, StaffScreen)
    return screen


def _column(table: DataTable[object], index: int) -> list[str]:
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def test_in_post_by_default_and_filters_narrow(app: CsworkApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        table = staff.query_one(DataTable)
        in_post = [r for r in staff.rows if r.status == IN_POST]
        assert table.row_count == len(in_post) > 0
        staff.query_one("#filter-team", Select).value = "Care Leavers"
        staff.query_one("#filter-contract", Select).value = "agency"
        await settle(pilot)
        expected = [r for r in in_post if r.team == "Care Leavers" and r.contract == "agency"]
        assert table.row_count == len(expected)
        assert set(_column(table, 1)) <= {"Care Leavers"}
        staff.query_one("#filter-status", Select).value = LEFT
        await settle(pilot)
        assert all(row.status == LEFT for row in staff.shown)
        assert all(row.end is not None for row in staff.shown)


async def test_search_matches_reference_and_clear_shows_everyone(app: CsworkApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        await pilot.press("slash")
        await pilot.press(*"ag10")
        await settle(pilot)
        assert staff.shown
        assert all("ag10" in row.ref.lower() or "ag10" in row.team.lower() for row in staff.shown)
        await pilot.press("escape")
        staff.query_one(DataTable).focus()
        await pilot.press("c")
        await settle(pilot)
        assert staff.query_one("#staff-search", Input).value == ""
        assert len(staff.shown) == len(staff.rows)


async def test_a_long_list_is_searched_when_typing_pauses_or_at_enter(
    app: CsworkApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled authority's list takes about a second to refill: it is searched once typing pauses,
    not at every key, and Enter searches at once."""
    monkeypatch.setattr(StaffScreen, "SEARCH_PAUSE_ROWS", 0)
    monkeypatch.setattr(StaffScreen, "SEARCH_PAUSE", 30.0)  # longer than the test: only Enter
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        everyone = len(staff.shown)
        await pilot.press("slash", *"ag10")
        await pilot.pause()
        assert len(staff.shown) == everyone  # still typing
        await pilot.press("enter")
        await settle(pilot)
        assert 0 < len(staff.shown) < everyone
        assert all("ag10" in row.ref.lower() or "ag10" in row.team.lower() for row in staff.shown)
        found = len(staff.shown)
        await pilot.press("slash", "end", *["backspace"] * 3)
        await pilot.pause()
        assert len(staff.shown) == found  # still typing (the pause is longer than the test)
        staff.SEARCH_PAUSE = 0.2  # a pause in typing searches too: after the last key, once
        await pilot.press("backspace")
        await pilot.pause(1.0)
        await settle(pilot)
        assert len(staff.shown) == everyone


async def test_header_click_and_key_sort(app: CsworkApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        table = staff.query_one(DataTable)
        await pilot.click("#staff-table", offset=(40, 1))  # the header row, inside the border
        await settle(pilot)
        assert staff.table.sort_by is not None
        column, reverse = staff.table.sort_by
        assert column != "ref"
        await pilot.click("#staff-table", offset=(40, 1))
        await settle(pilot)
        assert staff.table.sort_by == (column, not reverse)
        table.focus()
        await pilot.press("home", *["right"] * 4)  # the column cursor on FTE
        assert staff.table.cursor_column_key == "fte"
        await pilot.press("s")
        await settle(pilot)
        ftes = [row.fte for row in staff.shown]
        assert ftes == sorted(ftes)
        await pilot.press("s")
        await settle(pilot)
        assert [row.fte for row in staff.shown] == sorted(ftes, reverse=True)
        assert "FTE ▼" in str(table.columns["fte"].label)


async def test_detail_shows_the_highlighted_worker(app: CsworkApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        table = staff.query_one(DataTable)
        table.focus()
        await pilot.press("down", "down")
        await settle(pilot)
        ref = staff.shown[2].ref
        detail = str(staff.query_one("#detail", Static).render())
        assert detail.startswith(ref)
        assert "Role spells" in detail
        assert "Cases held" in detail


async def test_export_writes_exactly_what_is_shown(app: CsworkApp, tmp_path: Path) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        staff = _staff(app)
        staff.query_one("#filter-team", Select).value = "Social Work Academy"
        staff.table.sort_by = ("fte", True)
        staff.table.show_rows(staff.table.records)
        await settle(pilot)
        shown = list(staff.shown)
        for name in ("staff.csv", "staff.xlsx"):
            staff.query_one(DataTable).focus()
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one(Input).value = str(tmp_path / name)
            await pilot.press("enter")
            await settle(pilot)
        with (tmp_path / "staff.csv").open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
        blank = lines.index([])
        about = dict(tuple(line) for line in lines[:blank])
        assert about["As at"] == "30 Sep 2025"
        assert about["Team"] == "Social Work Academy"
        assert about["Status"] == "in post"
        assert about["Sorted by"] == "FTE, descending"
        rows = lines[blank + 1 :]
        assert rows[0][:5] == ["Ref", "Team", "Role", "Contract", "FTE"]
        assert [r[0] for r in rows[1:]] == [row.ref for row in shown]
        assert {r[1] for r in rows[1:]} == {"Social Work Academy"}
        sheet = load_workbook(tmp_path / "staff.xlsx").active
        assert sheet is not None
        header_at = blank + 2  # 1-based: the notes, a blank row, then the header
        assert sheet.freeze_panes == f"A{header_at + 1}"
        assert sheet.auto_filter.ref == f"A{header_at}:J{header_at + len(shown)}"
        values = list(sheet.iter_rows(values_only=True))[header_at - 1 :]
        assert [v[0] for v in values[1:]] == [row.ref for row in shown]
        assert [v[4] for v in values[1:]] == [row.fte for row in shown]
        assert all(isinstance(v[4], float | int) for v in values[1:])
        assert sheet.cell(row=header_at + 1, column=5).number_format == "#,##0.00"
        assert sheet.cell(row=header_at + 1, column=6).number_format == "dd mmm yyyy"
        assert sheet.column_dimensions["B"].width >= len("Social Work Academy")


async def test_export_refuses_an_unknown_format(app: CsworkApp, tmp_path: Path) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        _staff(app).query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "staff.txt")
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one("#export-error").render())
        assert message == "staff.txt: export to .csv or .xlsx, not .txt"
        assert not (tmp_path / "staff.txt").exists()


async def test_export_to_a_missing_folder_is_an_error_dialog(
    app: CsworkApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        _staff(app).query_one(DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "nowhere" / "staff.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert app.screen.title_text == "Could not do that"
        assert app.screen.message == f"no such folder: {tmp_path / 'nowhere'}"
