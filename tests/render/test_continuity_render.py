"""The continuity renderable, rendered to text at terminal widths."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from cswork.render.continuity import continuity_renderable
from cswork.services.continuity import build_continuity
from cswork.store import Database

AS_AT = date(2025, 9, 30)


@pytest.mark.parametrize("width", [80, 140])
def test_continuity_fits_the_terminal_without_cutting_figures(
    demo_db: Database, width: int
) -> None:
    console = Console(width=width, record=True, color_system=None)
    console.print(continuity_renderable(build_continuity(demo_db, AS_AT)))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Help and Protection North" in text
    assert "Children" in text
    # Every figure whole: a count or a share cut to "1…" or "12.…" cannot be read.
    assert "…" not in text
