"""``cswork continuity`` through the command line, on the hand-worked allocation history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from tests.importers.test_allocations import STAFF, _history_csv

runner = CliRunner()


@pytest.fixture
def history_db(tmp_path: Path) -> Path:
    """A database holding the staff and the allocation history of tests/model/test_continuity."""
    path = tmp_path / "c.db"
    staff, history = tmp_path / "staff.csv", tmp_path / "alloc.csv"
    staff.write_text(STAFF, encoding="utf-8")
    history.write_text(_history_csv(), encoding="utf-8")
    for args in (
        ["import", "staff", str(staff)],
        ["import", "allocations", str(history), "--as-at", "2025-05-31"],
    ):
        result = runner.invoke(app, [*args, "--db", str(path)])
        assert result.exit_code == 0, result.output
    return path


def test_json_gives_the_hand_worked_figures(history_db: Path) -> None:
    result = runner.invoke(
        app, ["continuity", "--db", str(history_db), "--as-at", "2025-03-15", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["as_at"], data["month_end"], data["team"]) == ("2025-03-15", "2025-02-28", None)
    north, south = data["teams"]
    assert north == {
        "team": "North",
        "month_end": "2025-02-28",
        "children": 3,
        "one_worker": 0,
        "two_workers": 1,
        "three_workers": 1,
        "four_plus_workers": 1,
        "three_plus": 2,
        "three_plus_pct": 66.7,
        "worker_left_12_months": 1,
        "worker_left_in_month": 1,
    }
    assert (south["team"], south["children"], south["three_plus_pct"]) == ("South", 3, 0.0)
    total = data["total"]
    assert (total["team"], total["children"], total["three_plus"]) == ("All teams", 6, 2)
    assert total["three_plus_pct"] == 33.3
    # the stored month ends up to February 2025: March 2024 to February 2025, the last twelve
    assert [p["month_end"] for p in data["trend"]][-2:] == ["2025-01-31", "2025-02-28"]
    assert len(data["trend"]) == 11  # April 2024 is the first month end with a year behind it
    assert data["trend"][-2] == {
        "month_end": "2025-01-31",
        "children": 8,
        "three_plus": 2,
        "three_plus_pct": 25.0,
        "worker_left_in_month": 0,
    }


def test_one_team(history_db: Path) -> None:
    result = runner.invoke(
        app, ["continuity", "--db", str(history_db), "--as-at", "2025-05-31", "--team", "north"]
    )
    assert result.exit_code == 0, result.output
    assert "2 of 4 children allocated on 31 May 2025 (50.0%)" in " ".join(result.stdout.split())
    assert "South" not in result.stdout


def test_the_table_names_every_team_and_the_total(history_db: Path) -> None:
    result = runner.invoke(
        app,
        ["continuity", "--db", str(history_db), "--as-at", "2025-05-31"],
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "2 of 7 children allocated on 31 May 2025 (28.6%)" in flat
    for label in ("North", "South", "All teams", "Mar 2025", "May 2025"):
        assert label in result.stdout


def test_nothing_held_and_an_unknown_team(history_db: Path, tmp_path: Path) -> None:
    early = runner.invoke(app, ["continuity", "--db", str(history_db), "--as-at", "2024-01-31"])
    assert early.exit_code == 3
    assert "import allocations FILE" in early.stderr
    unknown = runner.invoke(app, ["continuity", "--db", str(history_db), "--team", "West"])
    assert unknown.exit_code == 2
    assert "unknown team 'West'; teams: North, South" in unknown.stderr
