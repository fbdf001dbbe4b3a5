"""A database with no staff: every screen says what is missing and how to get it, not zeros."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select

from cswork.services.import_kinds import import_kinds
from cswork.store import open_db
from cswork.store.caseloads import count_dates
from cswork.store.staff import history_bounds
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.dialogs.confirm import ConfirmDialog
from cswork.tui.screens.overview import OverviewScreen
from tests.tui.conftest import TODAY, settle


@pytest.fixture
def empty_app(tmp_path: Path) -> CsworkApp:
    """The app on a freshly initialised database (as ``cswork init`` leaves it)."""
    path = tmp_path / "empty.db"
    open_db(path).close()
    return make_app(path, today=TODAY)


def _notice(app: CsworkApp) -> str:
    return str(app.screen.query_one("#nothing-to-show").render())


async def test_the_overview_says_there_is_no_workforce_and_how_to_get_one(
    empty_app: CsworkApp,
) -> None:
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = empty_app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.has_class("-nothing-to-show")
        assert not screen.query_one("#body").display
        notice = _notice(empty_app)
        assert notice.startswith("No workforce yet: this database holds no staff.")
        assert "run 'cswork demo' for a generated demo authority" in notice
        assert "'cswork import staff FILE'" in notice
        assert "Imports screen (key 7, then i to import a file)" in notice
        assert screen.query_one("#nothing-to-show").region.right <= 80


@pytest.mark.parametrize("key", ["2", "3", "4", "5"])
async def test_screens_that_need_staff_show_the_same_notice(empty_app: CsworkApp, key: str) -> None:
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert empty_app.screen.has_class("-nothing-to-show")
        assert not empty_app.screen.query_one("#body").display
        assert _notice(empty_app).startswith("No workforce yet")


async def test_demand_without_figures_says_which_imports_fill_it(empty_app: CsworkApp) -> None:
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        notice = _notice(empty_app)
        assert notice.startswith("No demand or performance figures yet.")
        assert "'cswork import demand FILE'" in notice
        assert "'cswork import indicators FILE'" in notice
        # the base-month key has nothing to act on, so it is neither offered nor run
        assert empty_app.screen.check_action("pick_base", ()) is False


async def test_the_empty_import_log_says_how_to_import(empty_app: CsworkApp) -> None:
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        screen = empty_app.screen
        assert not screen.has_class("-nothing-to-show")
        errors = screen.query_one("#import-errors")
        assert errors.border_title == "No imports yet"
        shown = " ".join(str(errors.render()).split())
        assert "Press i to import a file: staff, establishment" in shown
        for kind in import_kinds():
            assert kind in shown, kind
        assert screen.check_action("start_import", ()) is True


async def test_projection_keys_are_off_while_there_is_nothing_to_project(
    empty_app: CsworkApp,
) -> None:
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = empty_app.screen
        for action in ("save", "copy", "delete", "export"):
            assert screen.check_action(action, ()) is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        db = open_db(empty_app.db_path, create=False)
        assert db.execute("SELECT count(*) FROM scenarios").fetchone()[0] == 0
        db.close()


async def test_importing_staff_fills_the_overview_shown_before(
    empty_app: CsworkApp, tmp_path: Path
) -> None:
    extract = tmp_path / "hr.csv"
    extract.write_text(
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,End Date\n"
        "E1,North,Social Worker,Perm,1,2021-01-01,\n"
        "E2,North,Social Worker,Agency,1,2024-01-01,\n"
        "E3,North,Social Worker,Perm,1,2022-01-01,2025-06-30\n",
        encoding="utf-8",
    )
    empty_app.today = date(2026, 1, 15)
    async with empty_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert empty_app.screen.has_class("-nothing-to-show")
        assert empty_app.sub_title == "as at 15 Jan 2026"
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        empty_app.screen.query_one(Select).value = "staff"
        empty_app.screen.query_one("#import-path", Input).value = str(extract)
        await pilot.pause()
        await pilot.click("#preview")
        await settle(pilot)
        assert isinstance(empty_app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        assert empty_app.screen.query_one("#import-log", DataTable).row_count == 1
        await pilot.press("1")
        await settle(pilot)
        overview = empty_app.screen
        assert isinstance(overview, OverviewScreen)
        assert not overview.has_class("-nothing-to-show")
        # the latest date the extract holds (E3 left on 30 June 2025), not the empty day's date
        assert empty_app.sub_title == "as at 30 Jun 2025"
        value = overview.query_one("#tile-in_post .tile-value", Label)
        # E1 and E3 (on their last day) are in post; E2 is agency
        assert str(value.render()).startswith("2.0")


async def test_a_date_before_the_history_says_which_dates_have_staff(demo_path: Path) -> None:
    db = open_db(demo_path, create=False)
    bounds = history_bounds(db)
    db.close()
    assert bounds is not None
    first, last = bounds
    app = make_app(demo_path, today=TODAY, as_at=first - timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _notice(app) == (
            f"No staff yet on {first - timedelta(days=1):%d %b %Y}.\n\n"
            f"This database's history runs from {first:%d %b %Y} to {last:%d %b %Y}: "
            "press a to pick a date within it."
        )
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = first.isoformat()
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.has_class("-nothing-to-show")
        assert app.screen.query_one("#body").display


async def test_staff_without_caseload_counts_is_not_shown_as_safe(tmp_path: Path) -> None:
    path = tmp_path / "staff-only.db"
    db = open_db(path)
    with db.atomic():
        db.execute("INSERT INTO teams (id, name) VALUES (1, 'North')")
        db.execute("INSERT INTO workers (id, employee_ref) VALUES (1, 'E1')")
        db.execute(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date) "
            "VALUES (1, 1, 5, 'permanent', 1.0, '2021-01-01')"
        )
    db.close()
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        alerts = str(app.screen.query_one("#alert-list").render())
        assert alerts.startswith("No caseload counts on or before this date, so nothing to say")
        await pilot.press("3")
        await settle(pilot)
        assert _notice(app).startswith("No caseload counts yet.\n\nCaseload pressure needs")
        assert "'cswork import caseloads FILE'" in _notice(app)


async def test_pressure_before_the_first_count_says_when_counts_start(demo_path: Path) -> None:
    db = open_db(demo_path, create=False)
    first = count_dates(db)[0]
    db.close()
    app = make_app(demo_path, today=TODAY, as_at=first - timedelta(days=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "No caseload counts on or before" in str(
            app.screen.query_one("#alert-list").render()
        )
        await pilot.press("3")
        await settle(pilot)
        assert _notice(app) == (
            f"No caseload counts on or before {first - timedelta(days=1):%d %b %Y}.\n\n"
            f"The first count is for {first:%d %b %Y}: press a to pick a later date."
        )
