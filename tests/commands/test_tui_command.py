"""``cswork``, ``cswork tui`` and ``cswork demo`` open the app (its run is replaced here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cswork.tui.app
from cswork.cli import app

runner = CliRunner()
#: Whether each recorded run was read-only.
read_only_runs: list[bool] = []


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, date | None, date | None]]:
    """Records each run_app call instead of taking over the terminal."""
    calls: list[tuple[Path, date | None, date | None]] = []

    def fake_run(
        db_path: Path,
        today: date | None = None,
        as_at: date | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        calls.append((db_path, today, as_at))
        read_only_runs.append(read_only)

    read_only_runs.clear()

    monkeypatch.setattr(cswork.tui.app, "run_app", fake_run)
    return calls


def test_no_command_opens_the_app_on_the_default_database(
    demo_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    result = runner.invoke(app, [], env={"CSWORK_DB": str(demo_path)})
    assert result.exit_code == 0, result.output
    assert opened == [(demo_path, None, None)]


def test_tui_takes_a_database_and_a_date(
    demo_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    result = runner.invoke(app, ["tui", "--db", str(demo_path), "--as-at", "2024-03-31"])
    assert result.exit_code == 0, result.output
    assert opened == [(demo_path, None, date(2024, 3, 31))]
    assert read_only_runs == [False]


def test_tui_read_only(
    demo_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    result = runner.invoke(app, ["tui", "--db", str(demo_path), "--read-only"])
    assert result.exit_code == 0, result.output
    assert opened == [(demo_path, None, None)]
    assert read_only_runs == [True]


def test_tui_without_a_database_says_what_to_do(
    tmp_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    result = runner.invoke(app, ["tui", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 3
    assert "no database at" in result.stderr
    assert "cswork demo" in result.stderr
    assert opened == []


def test_tui_rejects_a_bad_date(
    demo_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    result = runner.invoke(app, ["tui", "--db", str(demo_path), "--as-at", "March"])
    assert result.exit_code == 2
    assert "give the date as 30/09/2024 or 2024-09-30, not 'March'" in result.stderr
    assert opened == []


@pytest.mark.slow
def test_demo_opens_the_app_unless_told_not_to(
    tmp_path: Path, opened: list[tuple[Path, date | None, date | None]]
) -> None:
    path = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(path), "--as-at", "2025-09-30"])
    assert result.exit_code == 0, result.output
    assert opened == [(path, date(2025, 9, 30), None)]
    result = runner.invoke(app, ["demo", "--db", str(path), "--no-open", "--force"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1


def test_help_has_no_literal_double_backticks() -> None:
    for command in (["tui", "--help"], ["imports", "--help"], ["--help"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0
        assert "``" not in result.stdout
    assert "'cswork' with no command" in runner.invoke(app, ["tui", "--help"]).stdout
