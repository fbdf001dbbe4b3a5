"""How each screen looks on the demo authority (seed 7) as at 30 September 2025, at fixed sizes.

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` only after reading the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cswork.tui.app import make_app
from tests.tui.conftest import TODAY, drawn, settle

SnapCompare = Callable[..., bool]


def _showing(keys: str) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await drawn(pilot)

    return run_before


@pytest.mark.parametrize(
    ("keys", "size"),
    [
        ("1", (120, 40)),
        ("2", (120, 40)),
        ("3", (120, 40)),
        ("4", (120, 40)),
        ("7", (120, 40)),
        ("1", (80, 24)),
        ("2", (80, 24)),
        ("3", (80, 24)),
    ],
    ids=[
        "overview-120x40",
        "staff-120x40",
        "pressure-120x40",
        "academy-120x40",
        "imports-120x40",
        "overview-80x24",
        "staff-80x24",
        "pressure-80x24",
    ],
)
def test_screen(
    snap_compare: SnapCompare, demo_path: Path, keys: str, size: tuple[int, int]
) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=_showing(keys))


def test_help_dialog(snap_compare: SnapCompare, demo_path: Path) -> None:
    app = make_app(demo_path, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 36), run_before=_showing("2"), press=["f1"])
