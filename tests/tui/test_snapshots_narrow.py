"""At 80×24 every screen shows its key column: utilisation on Caseload pressure, value and RAG
on Demand & performance (the indicators reached with p), and retention on Academy. Read the SVG
diff before updating with --snapshot-update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cswork.tui.app import make_app
from tests.tui.conftest import TODAY, drawn, settle


def _goto(*keys: str) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.animation_level = "none"
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await drawn(pilot)

    return run_before


def test_pressure_at_80x24(snap_compare: Any, demo_path: Path) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_goto("3"))


def test_demand_indicators_at_80x24(snap_compare: Any, demo_path: Path) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_goto("6", "p"))


def test_academy_at_80x24(snap_compare: Any, demo_path: Path) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_goto("4"))


def test_pressure_continuity_at_80x24(snap_compare: Any, demo_path: Path) -> None:
    """The continuity tab: the sentence, then the teams by workers in 12 months."""

    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.animation_level = "none"
        await settle(pilot)
        await pilot.press("3")
        await drawn(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "continuity-pane"  # type: ignore[attr-defined]
        await drawn(pilot)

    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
