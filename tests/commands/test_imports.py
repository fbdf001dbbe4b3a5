"""``cswork import`` and ``cswork imports``: output streams, JSON, exit codes, undo."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.importers import context
from cswork.store import db as store_db

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
    assert "hr.csv (staff, import #1): 1 row read; 1 added" in result.stderr
    listed = runner.invoke(app, ["imports", "--db", str(db), "--json"])
    [record] = json.loads(listed.stdout)
    assert (record["id"], record["kind"], record["outcome"], record["rows_added"]) == (
        1,
        "staff",
        "ok",
        1,
    )
    assert (record["file_name"], record["rows_read"], record["rows_skipped"]) == ("hr.csv", 1, 0)
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    started = datetime.fromisoformat(record["started_at"])
    assert started.tzinfo is not None
    assert datetime.fromisoformat(record["finished_at"]) >= started
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


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_a_header_only_file_warns_and_exits_3(tmp_path: Path, extra: list[str]) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "empty.csv", "")
    human = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), *extra])
    assert human.exit_code == 3, human.output
    assert "warning: the file has a header but no data rows; nothing was imported" in human.stderr
    assert "empty.csv (staff, import" in human.stderr and "no data rows; nothing changed" in (
        human.stderr
    )
    assert human.stdout == ""
    machine = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), "--json", *extra])
    assert machine.exit_code == 3
    data = json.loads(machine.stdout)
    assert (data["outcome"], data["no_data_rows"], data["rows_read"]) == ("no-op", True, 0)
    assert data["warnings"] == ["the file has a header but no data rows; nothing was imported"]
    assert _contents(db)["workers"] == []


def test_an_identical_file_exits_0_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")
    runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    again = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert again.exit_code == 0
    assert _words(again.stderr).startswith(
        "hr.csv (staff, import #2): identical to import #1 of hr.csv ("
    )
    assert _words(again.stderr).endswith("); nothing changed")


def test_usage_errors(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "")
    unknown = runner.invoke(app, ["import", "payroll", str(path), "--db", str(db)])
    assert unknown.exit_code == 2 and "unknown import kind 'payroll'" in unknown.stderr
    absent = runner.invoke(app, ["import", "staff", str(tmp_path / "no.csv"), "--db", str(db)])
    assert absent.exit_code == 1 and "no such file" in absent.stderr
    bad_date = runner.invoke(
        app, ["import", "staff", str(path), "--db", str(db), "--snapshot", "2025-09-31"]
    )
    assert bad_date.exit_code == 2
    assert "--snapshot: 2025-09-31 is not a real date" in bad_date.stderr
    no_map = runner.invoke(
        app, ["import", "staff", str(path), "--db", str(db), "--mapping", str(tmp_path / "m.toml")]
    )
    assert no_map.exit_code == 1 and "no such mapping file" in no_map.stderr


def test_empty_log(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    runner.invoke(app, ["init", "--db", str(db)])
    result = runner.invoke(app, ["imports", "--db", str(db)])
    assert result.exit_code == 0 and "No imports yet" in result.stderr


def test_snapshot_for_another_kind_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = tmp_path / "c.csv"
    path.write_text("Worker,As At,Case Type,Cases\nE1,2025-09-30,CIN,3\n", encoding="utf-8")
    result = runner.invoke(
        app, ["import", "caseloads", str(path), "--db", str(db), "--snapshot", "2025-09-30"]
    )
    assert result.exit_code == 2
    assert "--snapshot applies only to staff imports, not caseloads" in result.stderr
    assert not db.exists()


def test_stderr_lists_the_first_50_problems_and_json_gives_all(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    rows = "".join(f"E{n},North,Social Worker,Perm,3,2021-01-01\n" for n in range(60))
    path = _csv(tmp_path, "bad.csv", rows)
    human = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert human.exit_code == 1
    lines = human.stderr.splitlines()
    assert sum(line.startswith("bad.csv, row ") for line in lines) == 50
    assert lines[49].startswith("bad.csv, row 51, column 'FTE'")
    assert lines[50] == "… and 10 more; --json for all"
    assert "60 problems; nothing written" in lines[-1]
    machine = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), "--json"])
    problems = json.loads(machine.stdout)["problems"]
    assert [p["row"] for p in problems] == list(range(2, 62))


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_locked_database_is_a_clean_error_that_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "x.db"
    first = _csv(tmp_path, "a.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")
    assert runner.invoke(app, ["import", "staff", str(first), "--db", str(db)]).exit_code == 0
    before = _contents(db)
    second = _csv(tmp_path, "b.csv", "E2,North,Social Worker,Perm,1,2021-01-01\n")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        imported = runner.invoke(app, ["import", "staff", str(second), "--db", str(db)])
        undone = runner.invoke(app, ["imports", "undo", "1", "--db", str(db), "--yes"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert imported.exit_code == 4, imported.output
    assert _words(imported.stderr) == (
        "error: import stopped, nothing written: the database is locked: another program is "
        "writing to it; try again later"
    )
    assert undone.exit_code == 4, undone.output
    assert _words(undone.stderr).startswith("error: undo stopped, nothing written: the database")
    assert _contents(db) == before


def test_a_file_that_cannot_be_opened_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "x.db"
    path = _csv(tmp_path, "hr.csv", "E1,North,Social Worker,Perm,1,2021-01-01\n")

    def refuse(path: Path, *_: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(context, "open_table", refuse)
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 4, result.output
    assert _words(result.stderr) == (
        "error: import stopped, nothing written: cannot read hr.csv: Permission denied"
    )
    assert _contents(db) == {"imports": [], "workers": [], "role_spells": [], "teams": []}


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("imports", "workers", "role_spells", "teams")
        }
    finally:
        conn.close()


def test_unknown_labels_get_a_mapping_hint_that_works_when_filled_in(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    path = tmp_path / "hr.csv"
    path.write_text(
        f"{HEADER},Reason for Leaving,End Date\n"
        "E1,North,SW2,Casual,1,2021-01-01,Moved away,2024-06-30\n"
        "E2,North,SW2,Casual,1,2021-01-01,,\n"
        "E3,North,Social Worker,Zero Hours,1,2021-01-01,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 1
    hints = result.stderr[result.stderr.index("hint:") : result.stderr.rindex("hr.csv (staff")]
    assert hints.splitlines() == [
        "hint: a --mapping FILE.toml can relabel what 'job_title' holds, e.g.",
        "  [values.job_title]",
        '  "SW2" = "..."',
        "hint: a --mapping FILE.toml can relabel what 'contract' holds, e.g.",
        "  [values.contract]",
        '  "Casual" = "..."',
        '  "Zero Hours" = "..."',
        "hint: a --mapping FILE.toml can relabel what 'leaving_reason' holds, e.g.",
        "  [values.leaving_reason]",
        '  "Moved away" = "..."',
    ]
    as_json = json.loads(
        runner.invoke(app, ["import", "staff", str(path), "--db", str(db), "--json"]).stdout
    )
    assert len(as_json["hints"]) == 3
    filled = "\n".join(line[len("  ") :] for line in hints.splitlines() if line.startswith("  "))
    filled = filled.replace('"SW2" = "..."', '"SW2" = "Social Worker"')
    filled = filled.replace('"Casual" = "..."', '"Casual" = "agency"')
    filled = filled.replace('"Zero Hours" = "..."', '"Zero Hours" = "fixed term"')
    filled = filled.replace('"Moved away" = "..."', '"Moved away" = "resignation"')
    mapping = tmp_path / "map.toml"
    mapping.write_text(filled + "\n", encoding="utf-8")
    mapped = runner.invoke(
        app, ["import", "staff", str(path), "--db", str(db), "--mapping", str(mapping)]
    )
    assert mapped.exit_code == 0, mapped.output
    assert "3 rows read; 3 added" in mapped.stderr


def test_dry_run_and_import_list_every_team_and_cohort_they_create(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "Employee Ref,Team,Start Date,FTE,Contract,Role,Cohort\n"
        "E1,North,2020-01-01,1,Permanent,4,\n"
        "E2,South,2020-01-01,1,Permanent,5,Cohort 1\n"
        "E3,North,2020-01-01,1,Permanent,5,Cohort 1\n",
        encoding="utf-8",
    )
    dry = runner.invoke(app, ["import", "staff", str(staff), "--db", db, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would create 2 new teams: North, South" in dry.stderr
    assert "would create 1 new cohort: Cohort 1" in dry.stderr
    as_json = json.loads(
        runner.invoke(
            app, ["import", "staff", str(staff), "--db", db, "--dry-run", "--json"]
        ).stdout
    )
    assert as_json["created"] == {"teams": ["North", "South"], "cohorts": ["Cohort 1"]}
    done = runner.invoke(app, ["import", "staff", str(staff), "--db", db])
    assert done.exit_code == 0, done.output
    assert "created 2 new teams: North, South" in done.stderr
    staff.write_text(
        "Employee Ref,Team,Start Date,FTE,Contract,Role\nE4,West,2021-01-01,1,Permanent,4\n"
        "E5,North,2021-01-01,1,Permanent,4\n",
        encoding="utf-8",
    )
    again = runner.invoke(app, ["import", "staff", str(staff), "--db", db, "--dry-run"])
    assert "would create 1 new team: West" in again.stderr
    assert "North" not in again.stderr and "cohort" not in again.stderr
