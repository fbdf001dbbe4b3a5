"""The model stays pure: importing it pulls in no terminal, database or UI library."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_model_imports_nothing_from_outside_the_domain() -> None:
    loaded = _modules_after(
        "import cswork.model.measures, cswork.model.position, cswork.model.pressure, "
        "cswork.model.settings, cswork.model.demand, cswork.model.indicators, cswork.model.months, "
        "cswork.model.team_pressure, cswork.model.protection, "
        "cswork.model.cohorts, cswork.model.survival, "
        "cswork.model.projection.engine, cswork.model.projection.outputs, "
        "cswork.model.projection.calibration, cswork.model.projection.backtest"
    )
    for forbidden in ("textual", "rich", "sqlite3", "sqlite_utils", "typer"):
        assert forbidden not in loaded, forbidden


def test_cli_help_and_summary_path_do_not_import_textual() -> None:
    loaded = _modules_after(
        "import cswork.cli, cswork.services.summary, cswork.render.summary, "
        "cswork.services.pressure, cswork.services.cohorts, cswork.render.pressure, "
        "cswork.render.cohorts, cswork.render.settings"
    )
    assert "textual" not in loaded
    assert "numpy" not in loaded
