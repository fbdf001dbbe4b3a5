"""The app works the Projections screen's figures out in a second process while another screen is
shown (``work_ahead``, as ``cswork tui`` runs it): the screen then shows them without working them
out, the keeping is never taken for another program's change, the app opened on the Projections
screen has its line of past skill worked out beside its view, and nothing is left running when the
app quits."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import Label

import cswork.services.backtest as backtest
import cswork.services.projection_view as view_module
from cswork.services.ahead import SKILL, VIEW
from cswork.services.projection import BASELINE
from cswork.services.projection_view import projections_view
from cswork.store import open_db
from cswork.store.derived import clear_derived
from cswork.tui.app import CsworkApp, make_app
from cswork.tui.prefs import Prefs, prefs_path, save_prefs
from cswork.tui.screens.projections import ProjectionsScreen
from tests.tui.conftest import TODAY, settle


@pytest.fixture
def changed(demo_copy: Path) -> Path:
    """The demo with its baseline stored and nothing kept: the data just changed."""
    db = open_db(demo_copy, create=False)
    projections_view(db, TODAY)
    clear_derived(db)
    db.close()
    return demo_copy


def _kept_kinds(path: Path) -> list[str]:
    db = open_db(path, create=False)
    kinds = sorted(row[0] for row in db.execute("SELECT kind FROM derived_figures"))
    db.close()
    return kinds


def _history_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Who read the projection history in this process (the view, the skill line)."""
    reads: list[str] = []
    view_read, skill_read = view_module.load_projection_history, backtest.load_projection_history

    def viewed(*args: object, **kwargs: object) -> object:
        reads.append(VIEW)
        return view_read(*args, **kwargs)  # type: ignore[arg-type]

    def skilled(*args: object, **kwargs: object) -> object:
        reads.append(SKILL)
        return skill_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "load_projection_history", viewed)
    monkeypatch.setattr(backtest, "load_projection_history", skilled)
    return reads


async def test_the_figures_worked_out_ahead_are_shown_without_working_them_out(
    changed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _history_reads(monkeypatch)
    app = make_app(changed, today=TODAY, work_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app._watcher.changed()  # the watcher's first look, before anything is kept
        await settle(pilot)  # the Overview: its date known, the work ahead begins
        ahead = app._ahead
        assert ahead is not None
        assert ahead.wait(VIEW, TODAY, BASELINE) and ahead.wait(SKILL, TODAY)
        assert ahead.last_problem == ""
        assert _kept_kinds(changed) == ["leaver rates", "projection", "skill"]
        assert not app._watcher.changed()  # kept as the app's own write
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectionsScreen)
        assert screen.result is not None and screen.scenario == BASELINE
        assert str(screen.query_one("#proj-skill", Label).render()).startswith("Checked on")
        assert app.data_version == 0  # nothing was taken for another program's change
    assert reads == []


async def test_the_screen_shown_meanwhile_waits_for_them(
    changed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _history_reads(monkeypatch)
    app = make_app(changed, today=TODAY, work_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        while app._ahead_for is None:  # the Overview's first figures, and the date with them
            await pilot.pause(0.02)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ProjectionsScreen) and app.screen.result is not None
    assert reads == []


async def test_the_app_opened_on_projections_works_its_figures_out_in_the_second_process(
    changed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_prefs(prefs_path(), Prefs(last_screen="projections"))
    reads = _history_reads(monkeypatch)
    app = make_app(changed, today=TODAY, work_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectionsScreen) and screen.result is not None
        assert str(screen.query_one("#proj-skill", Label).render()).startswith("Checked on")
    assert reads == []
    assert _kept_kinds(changed) == ["leaver rates", "projection", "skill"]


async def test_the_first_look_ever_works_its_view_out_itself(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No baseline stored yet: the screen calibrates and stores it, and the skill line is worked
    out beside it in the second process."""
    save_prefs(prefs_path(), Prefs(last_screen="projections"))
    reads = _history_reads(monkeypatch)
    app = make_app(demo_copy, today=TODAY, work_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectionsScreen) and screen.result is not None
        assert str(screen.query_one("#proj-skill", Label).render()).startswith("Checked on")
    assert reads == [VIEW]
    assert _kept_kinds(demo_copy) == ["leaver rates", "projection", "skill"]


async def test_without_work_ahead_no_process_is_started(changed: Path) -> None:
    app = make_app(changed, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app._ahead is None
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ProjectionsScreen) and app.screen.result is not None


async def test_quitting_stops_the_process(changed: Path) -> None:
    app: CsworkApp = make_app(changed, today=TODAY, work_ahead=True)
    ahead = app._ahead
    assert ahead is not None
    ahead.command = [sys.executable, "-c", "import time; time.sleep(60)"]  # still at work
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        run = ahead._run
        assert run is not None and run.process is not None and run.process.poll() is None
    assert run.process.wait(10) is not None  # stopped with the app


async def test_the_work_ahead_starts_once_a_date_and_change(changed: Path) -> None:
    """Every screen's load settles the date: only a new date or a change starts it again (which
    stops the process under way)."""
    app = make_app(changed, today=TODAY, work_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ahead, as_at = app._ahead, app.as_at
        assert ahead is not None and ahead._run is not None and as_at is not None
        run = ahead._run
        app.settle_as_at(as_at)  # another screen loaded on the same data
        await pilot.pause()
        assert ahead._run is run
        app.note_data_changed()
        app.settle_as_at(as_at)
        await pilot.pause()
        assert ahead._run is not run
