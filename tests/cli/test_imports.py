"""``cswork import`` and ``cswork imports``: output streams, JSON, exit codes, undo."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cswork.cli import app

HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date"
runner = CliRunner()


def _csv(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text(f"{HEADER}\n{rows}", encoding="utf-8")
    return path


def test_import_then_log_then_undo(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "hr.csv (staff, import #1): 1 rows read; 1 added" in result.stderr
    listed = runner.invoke(app, ["imports", "--db", str(db), "--json"])
    [record] = json.loads(listed.stdout)
    assert (record["id"], record["kind"], record["outcome"], record["rows_added"]) == (
        1,
        "staff",
        "ok",
        1,
    )
    table = runner.invoke(app, ["imports", "--db", str(db)])
    assert "hr.csv" in table.stdout
    undone = runner.invoke(app, ["imports", "undo", "1", "--db", str(db), "--yes"])
    assert undone.exit_code == 0
    assert "Undone import #1: 3 rows restored." in undone.stderr
    again = runner.invoke(app, ["imports", "undo", "1", "--db", str(db), "--yes"])
    assert again.exit_code == 1
    assert "import #1 changed nothing that can be undone (undone)" in again.stderr


def test_undo_asks_first_and_db_may_come_before_the_subcommand(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")
    runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    declined = runner.invoke(app, ["imports", "--db", str(db), "undo", "1"], input="n\n")
    assert declined.exit_code == 2 and "nothing undone" in declined.stderr
    accepted = runner.invoke(app, ["imports", "--db", str(db), "undo", "1"], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    missing = runner.invoke(app, ["imports", "--db", str(db), "undo", "7", "--yes"])
    assert missing.exit_code == 3 and "there is no import #7" in missing.stderr


def test_invalid_file_exits_1_with_problems_on_stderr(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "bad.csv", "E1,North,Social Worker,Perm,1,31/02/2021\n")
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert (
        "bad.csv, row 2, column 'Start Date': not a real date (use 31/01/2021, 31-Jan-21, "
        "2021-01-31 or an Excel date) (value '31/02/2021')" in result.stderr
    )
    assert result.stdout == ""


def test_json_gives_the_problems_on_stdout(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "bad.csv", "E1,North,Social Worker,Perm,3,2021-01-01\n")
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["outcome"] == "failed"
    assert data["problems"] == [
        {
            "file": "bad.csv",
            "row": 2,
            "column": "FTE",
            "value": "3",
            "reason": "FTE must be more than 0 and at most 1.5 (write 80% or '29.6 hrs')",
        }
    ]


def test_dry_run_with_snapshot_lists_closures_on_stdout(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    first = _csv(
        tmp_path,
        "a.csv",
        "E1,North,Social Worker,Perm,1,2021-01-01\nE2,North,Social Worker,Perm,1,2021-01-01\n",
    )
    runner.invoke(app, ["import", "staff", str(first), "--db", str(db)])
    second = _csv(tmp_path, "b.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")
    result = runner.invoke(
        app,
        ["import", "staff", str(second), "--db", str(db), "--dry-run", "--snapshot", "2025-09-30"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "close E2 (North, in post since 2021-01-01) at 2025-09-30: not in the snapshot"
    )
    assert "nothing written" in result.stderr


def test_usage_errors(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "")
    unknown = runner.invoke(app, ["import", "payroll", str(path), "--db", str(db)])
    assert unknown.exit_code == 2 and "unknown import kind 'payroll'" in unknown.stderr
    absent = runner.invoke(app, ["import", "staff", str(tmp_path / "no.csv"), "--db", str(db)])
    assert absent.exit_code == 1 and "no such file" in absent.stderr
    bad_date = runner.invoke(
        app, ["import", "staff", str(path), "--db", str(db), "--snapshot", "30/09/2025"]
    )
    assert bad_date.exit_code == 2 and "--snapshot must be a date" in bad_date.stderr
    no_map = runner.invoke(
        app, ["import", "staff", str(path), "--db", str(db), "--mapping", str(tmp_path / "m.toml")]
    )
    assert no_map.exit_code == 1 and "no such mapping file" in no_map.stderr


def test_empty_log(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    runner.invoke(app, ["init", "--db", str(db)])
    result = runner.invoke(app, ["imports", "--db", str(db)])
    assert result.exit_code == 0 and "No imports yet" in result.stderr
