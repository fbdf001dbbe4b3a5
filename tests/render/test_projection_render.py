"""The scenario renderables, rendered to text at terminal widths."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from cswork.model.projection.assumptions import FIELDS, Assumptions, PlannedCohort
from cswork.render.projection import assumptions_table


@pytest.mark.parametrize("width", [80, 120])
def test_every_scenario_key_is_shown_whole_to_be_typed_into_scenario_set(width: int) -> None:
    cohorts = tuple(PlannedCohort(date(2026 + i // 2, 1 + 6 * (i % 2), 5), 12) for i in range(6))
    console = Console(width=width, record=True, color_system=None)
    console.print(assumptions_table("baseline", Assumptions(cohorts=cohorts)))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    keys = {line.split()[1] for line in text.splitlines() if line.startswith("│ ")}
    assert set(FIELDS) <= keys, set(FIELDS) - keys
