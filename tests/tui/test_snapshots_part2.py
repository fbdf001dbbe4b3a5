"""Appearance of the Projections and Demand & performance screens on the demo authority (fixed size,
fixed clock). Read the SVG diff before updating with --snapshot-update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Label

from cswork.tui.app import make_app
from tests.tui.conftest import TODAY, drawn, settle


def _goto(key: str) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.animation_level = (
            "none"  # tab underlines are placed, not slid, so no frame varies
        )
        await settle(pilot)
        await pilot.press(key)
        await drawn(pilot)
        if key == "5":  # the check against the past comes after the projection, in its own worker
            for _ in range(400):
                label = pilot.app.screen.query_one("#proj-skill", Label)
                if str(label.render()).startswith("Checked"):
                    break
                await pilot.pause(0.05)
            # the scenario chooser holds the focus, as when the screen opens on a quiet machine
            # (under load a late reload could leave it unfocused, and the snapshot differed)
            pilot.app.screen.query_one("#proj-scenario").focus()
            await drawn(pilot)

    return run_before


def test_projections_screen(snap_compare: Any, demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY)
    assert snap_compare(app, terminal_size=(180, 50), run_before=_goto("5"))


def test_projections_screen_small_terminal_shows_tables(snap_compare: Any, demo_copy: Path) -> None:
    app = make_app(demo_copy, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_goto("5"))


def test_demand_screen(snap_compare: Any, demo_path: Path) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(160, 48), run_before=_goto("6"))
