"""Helpers for driving the app: a fixed clock, and waiting for workers instead of sleeping."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from cswork.tui.app import CsworkApp, make_app

TODAY = date(2025, 9, 30)


async def settle(pilot: Pilot[None]) -> None:
    """Let messages flow and every worker finish (twice: loads start detail loads)."""
    for _ in range(2):
        await pilot.pause()
        await finished(pilot)
    await pilot.pause()


async def finished(pilot: Pilot[None]) -> None:
    """Wait for every worker still wanted: one cancelled meanwhile by a newer one of its group (an
    exclusive worker: the Staff screen's detail of the row before) is no failure, and the newer
    one is waited for instead."""
    while True:
        wanted = [worker for worker in pilot.app.workers if not worker.is_cancelled]
        try:
            await pilot.app.workers.wait_for_complete(wanted)
        except WorkerCancelled:
            continue
        return


async def drawn(pilot: Pilot[None]) -> None:
    """Settle, then give the screen real time to lay out what arrived: a DataTable sizes its new
    rows when idle, and the screen lays out and repaints what changed on its own update timer, so
    on a busy machine a snapshot taken at once can catch a table empty (the Demand screen's table
    was caught so in CI, its box drawn before its rows were sized). Wait until no table still has
    rows to size and the screen has no layout, scroll or repaint pending, twice in a row."""
    await settle(pilot)
    for _ in range(3):
        await pilot.pause(0.05)
        await finished(pilot)
    quiet = 0
    for _ in range(400):
        await pilot.pause(0.02)
        quiet = 0 if _drawing(pilot.app.screen) else quiet + 1
        if quiet == 2:
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _drawing(screen: Screen[object]) -> bool:
    """Whether ``screen`` still has rows to size, or a layout, scroll or repaint to do."""
    return bool(
        any(table._require_update_dimensions for table in screen.query(DataTable))
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._dirty_widgets
    )


@pytest.fixture
def demo_copy(demo_path: Path, tmp_path: Path) -> Path:
    """A private copy of the demo authority, for tests that write."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    return copy


@pytest.fixture
def app(demo_copy: Path) -> CsworkApp:
    """The app on a private copy of the demo authority with a fixed clock: the Projections screen
    stores the calibrated baseline and keeps its figures, which must not reach the session's demo
    (``tests/test_demo.py`` compares it, every table, with a demo built afresh)."""
    return make_app(demo_copy, today=TODAY)
