"""The pressure, cohort and settings renderables, rendered to text at terminal widths."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console, RenderableType

from cswork.model.survival import SurvivalPoint
from cswork.render.cohorts import cohorts_renderable, retention_cell
from cswork.render.pressure import pressure_renderable, sparkline
from cswork.render.settings import settings_table
from cswork.services.cohorts import build_cohorts
from cswork.services.pressure import build_pressure
from cswork.services.settings import setting_rows
from cswork.store import Database

AS_AT = date(2025, 9, 30)


def render(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("width", [80, 140])
def test_pressure_fits_the_terminal_without_cutting_names(demo_db: Database, width: int) -> None:
    text = render(pressure_renderable(build_pressure(demo_db, AS_AT)), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Help and Protection North" in text
    assert "…" not in text
    assert ("Capacity" in text.split("By service area")[0]) is (width >= 112)


@pytest.mark.parametrize("width", [80, 140])
def test_cohorts_fit_the_terminal(demo_db: Database, width: int) -> None:
    text = render(cohorts_renderable(build_cohorts(demo_db, AS_AT)), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    assert "Cohort 15" in text
    assert "All cohorts" in text


@pytest.mark.parametrize("width", [80, 120])
def test_settings_table(demo_db: Database, width: int) -> None:
    text = render(settings_table(setting_rows(demo_db)), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "nqsw_cp_months" in text
    assert "Demoshire County" in text  # the demo's authority name, a changed setting
    assert "(for the census return)" in " ".join(text.split())


def test_sparkline_scales_between_low_and_high() -> None:
    assert sparkline([0.5, 1.0, None, 0.75]) == "▁█ ▅"
    assert sparkline([None]) == ""
    assert sparkline([0.8, 0.8]) == "▁▁"


def test_retention_cell() -> None:
    assert retention_cell(SurvivalPoint(12, 0.9167, 11, 1, 0)) == "91.7 (11)"
    assert retention_cell(SurvivalPoint(12, None, 0, 0, 3)) == "–"
