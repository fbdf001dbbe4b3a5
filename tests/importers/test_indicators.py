"""The ``indicators`` import kind: validated rows, directions from targets, atomic apply and undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.services.demand import indicator_report, indicators_json
from cswork.services.imports import run_import, undo_import
from cswork.store import Database

HEADER = "ID,Definition,Period,Value,Target,Direction\n"

GOOD = HEADER + (
    "RR,% re-referrals within 12 months,2025-08,21.5%,<22%,\n"
    "RR,% re-referrals within 12 months,Sep-25,23.0,<22%,\n"
    "A45,% assessments within 45 working days,2025-09,84,>85%,higher\n"
    "CASELOAD,Cases per FTE,2025-09,17.2,18,lower\n"
    "CASELOAD,Cases per FTE,2025-08,17.9,,\n"
)


def _file(tmp_path: Path, text: str, name: str = "indicators.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stored(db: Database) -> list[tuple[object, ...]]:
    return db.execute(
        "SELECT i.code, i.direction, i.unit, v.period, v.value, v.target FROM indicator_values v "
        "JOIN indicators i ON i.id = v.indicator_id ORDER BY i.code, v.period"
    ).fetchall()


def test_a_good_file_is_imported_with_directions_from_the_targets(
    db: Database, tmp_path: Path
) -> None:
    result = run_import(db, "indicators", _file(tmp_path, GOOD))
    assert result.outcome == "ok", result.problems
    assert (result.counts.read, result.counts.added, result.counts.changed) == (5, 5, 0)
    assert result.details == ("3 new indicators defined",)
    assert _stored(db) == [
        ("A45", "higher", "%", "2025-09", 84.0, 85.0),
        ("CASELOAD", "lower", None, "2025-08", 17.9, None),  # direction from the row above
        ("CASELOAD", "lower", None, "2025-09", 17.2, 18.0),
        ("RR", "lower", "%", "2025-08", 21.5, 22.0),  # "<22%": lower is better, in %
        ("RR", "lower", "%", "2025-09", 23.0, 22.0),
    ]
    report = indicators_json(indicator_report(db))
    rr = next(i for i in report["indicators"] if i["code"] == "RR")
    assert (rr["rag"], rr["trend"]) == ("amber", "worsening")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "RR,% re-referrals,2025-13,21.5,<22%,",
            "indicators.csv, row 2, column 'Period': month must be 1 to 12 (value '2025-13')",
        ),
        (
            "RR,% re-referrals,2025-09,abc,<22%,higher",
            "indicators.csv, row 2, column 'Value': not a number (value 'abc')",
        ),
        (
            "X,Something,2025-09,3,19%,",
            "indicators.csv, row 2, column 'Target': no direction: give higher or lower, or write "
            "the target with < or >, like <19% (value '19%')",
        ),
        (
            "Y,Other,2025-09,3,<19,higher",
            "indicators.csv, row 2, column 'Direction': the target says lower is better but the "
            "direction says higher; make them agree or leave the direction blank (value 'higher')",
        ),
        (
            "Z,Third,2025-09,3,about 5,lower",
            "indicators.csv, row 2, column 'Target': not a target; write a number, optionally "
            "after < <= > >= and before %, like <19% or >=80 (value 'about 5')",
        ),
        (
            "RR,% re-referrals,2025-08,3,,sideways",
            "indicators.csv, row 2, column 'Direction': not a direction; write higher or lower "
            "(which is better) (value 'sideways')",
        ),
        (
            ",% re-referrals,2025-08,3,<22%,",
            "indicators.csv, row 2, column 'ID': a value is required",
        ),
    ],
)
def test_each_bad_value_is_named_by_file_row_column_and_value(
    db: Database, tmp_path: Path, row: str, message: str
) -> None:
    result = run_import(db, "indicators", _file(tmp_path, HEADER + row + "\n"))
    assert result.outcome == "failed"
    assert [str(p) for p in result.problems] == [message]
    assert _stored(db) == []


def test_a_whole_file_is_rejected_for_one_bad_row(db: Database, tmp_path: Path) -> None:
    bad = GOOD + "RR,% re-referrals within 12 months,2025-07,lots,<22%,\n"
    result = run_import(db, "indicators", _file(tmp_path, bad))
    assert result.outcome == "failed"
    assert [(p.row, p.column, p.value) for p in result.problems] == [(7, "Value", "lots")]
    assert _stored(db) == []
    assert db.execute("SELECT COUNT(*) FROM indicators").fetchone()[0] == 0


def test_rows_that_disagree_on_direction_or_repeat_a_period_name_the_earlier_row(
    db: Database, tmp_path: Path
) -> None:
    text = HEADER + (
        "RR,% re-referrals,2025-08,21,<22%,\n"
        "RR,% re-referrals,2025-09,21,>22%,\n"
        "rr,% re-referrals,2025-08,20,,\n"
    )
    result = run_import(db, "indicators", _file(tmp_path, text))
    assert [str(p) for p in result.problems] == [
        "indicators.csv, row 3, column 'Target': row 2 says lower is better for this indicator "
        "(value 'higher')",
        "indicators.csv, row 4, column 'Period': duplicate of row 2 (same indicator and period) "
        "(value '2025-08')",
    ]


def test_a_missing_required_column_is_reported_against_the_header(
    db: Database, tmp_path: Path
) -> None:
    result = run_import(db, "indicators", _file(tmp_path, "ID,Definition,Period\nRR,x,2025-09\n"))
    assert result.outcome == "failed"
    (problem,) = result.problems
    assert (problem.row, problem.column) == (1, "value")
    assert problem.reason.startswith("required column 'value' is missing")


def test_a_later_file_updates_values_and_can_be_undone(db: Database, tmp_path: Path) -> None:
    first = run_import(db, "indicators", _file(tmp_path, GOOD, "august.csv"))
    assert first.outcome == "ok"
    revised = HEADER + (
        "RR,% re-referrals within 12 months (revised),2025-09,22.5,<22%,\n"
        "RR,% re-referrals within 12 months,2025-10,20.0,<21%,\n"
    )
    second = run_import(db, "indicators", _file(tmp_path, revised, "revised.csv"))
    assert second.outcome == "ok", second.problems
    assert (second.counts.added, second.counts.changed) == (1, 1)
    assert db.execute("SELECT definition FROM indicators WHERE code = 'RR'").fetchone()[0] == (
        "% re-referrals within 12 months (revised)"
    )
    assert second.import_id is not None
    before = _stored(db)
    undo_import(db, second.import_id)
    after = _stored(db)
    assert ("RR", "lower", "%", "2025-09", 23.0, 22.0) in after
    assert len(after) == len(before) - 1
    assert db.execute("SELECT definition FROM indicators WHERE code = 'RR'").fetchone()[0] == (
        "% re-referrals within 12 months"
    )


def test_an_xlsx_with_numeric_targets_and_aliased_headers(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KPI", "Description", "Month", "Actual", "Target", "Polarity", "Unit"])
    sheet.append(["VIS", "% visits in timescale", "2025-09", 91.5, 90, "Higher is better", "%"])
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    result = run_import(db, "indicators", path)
    assert result.outcome == "ok", result.problems
    assert _stored(db) == [("VIS", "higher", "%", "2025-09", 91.5, 90.0)]


runner = CliRunner()


def test_the_command_line_imports_and_then_shows_indicators(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    result = runner.invoke(
        app, ["import", "indicators", str(_file(tmp_path, GOOD)), "--db", str(path)]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["indicators", "--db", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    assert [i["code"] for i in json.loads(shown.stdout)["indicators"]] == ["RR", "A45", "CASELOAD"]
    bad = _file(tmp_path, HEADER + "RR,x,2025-09,abc,<22%,\n", "bad.csv")
    rejected = runner.invoke(app, ["import", "indicators", str(bad), "--db", str(path)])
    assert rejected.exit_code == 1
    assert "bad.csv, row 2, column 'Value': not a number (value 'abc')" in " ".join(
        rejected.stderr.split()
    )
