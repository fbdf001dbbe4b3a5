"""``cswork export csww`` and ``cswork census check`` through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from cswork.cli import app
from cswork.csww.schema import schema_errors

runner = CliRunner()


def _flat(text: str) -> str:
    """Text with the console's line wrapping undone."""
    return " ".join(text.split())


def test_export_writes_a_schema_valid_return(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "csww.xml"
    result = runner.invoke(
        app, ["export", "csww", "--db", str(demo_path), "--year", "2025", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert schema_errors(out.read_bytes()) == []
    assert (out.stat().st_mode & 0o777) == 0o600  # it holds SWE numbers
    assert "CSWW 2025 for LA 999" in _flat(result.stderr)
    assert "schema-valid" in _flat(result.stderr)


def test_export_refuses_a_return_that_fails_the_schema(
    census_problems_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "csww.xml"
    args = ["export", "csww", "--db", str(census_problems_path), "--year", "2025"]
    result = runner.invoke(app, [*args, "--la-code", "999", "--out", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert "does not pass the census schema (2 problems); nothing written" in _flat(result.stderr)
    assert "cswork census check --year 2025" in _flat(result.stderr)


def test_export_draft_writes_anyway(census_problems_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.xml"
    args = ["export", "csww", "--db", str(census_problems_path), "--year", "2025"]
    result = runner.invoke(app, [*args, "--la-code", "999", "--out", str(out), "--draft"])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "NOT schema-valid (2 problems)" in _flat(result.stderr)


def test_export_without_an_la_code_is_a_usage_error(
    census_problems_path: Path, tmp_path: Path
) -> None:
    args = ["export", "csww", "--db", str(census_problems_path), "--year", "2025"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "x.xml")])
    assert result.exit_code == 2
    assert "the LA code must be DfE's three digits, not ''" in _flat(result.stderr)


def test_export_of_an_empty_year_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    assert runner.invoke(app, ["init", "--db", str(empty)]).exit_code == 0
    args = ["export", "csww", "--db", str(empty), "--year", "2025", "--la-code", "999"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "x.xml")])
    assert result.exit_code == 3
    assert "no social workers in post in the year to 30 September 2025" in _flat(result.stderr)


def test_check_json_lists_each_finding_with_worker_and_fix(census_problems_path: Path) -> None:
    args = ["census", "check", "--db", str(census_problems_path), "--year", "2025", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1  # errors DfE validation would reject
    findings = json.loads(result.stdout)
    e2 = [f for f in findings if f["worker"] == "E2"]
    assert {f["rule"] for f in e2} == {"swe_missing", "qual_inst_missing", "fte_zero_with_cases"}
    assert all(set(f) == {"rule", "severity", "worker", "message", "fix"} for f in findings)
    assert all(f["fix"] for f in findings)


def test_check_table_on_the_demo_return_has_no_errors(demo_path: Path) -> None:
    """The demo's only queries are the agency workers it gives under three years' PQE."""
    result = runner.invoke(app, ["census", "check", "--db", str(demo_path), "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert (
        "CSWW 2025: 0 errors DfE validation would reject, 4 queries a reviewer would raise."
        in _flat(result.stdout)
    )
    checked = runner.invoke(
        app, ["census", "check", "--db", str(demo_path), "--year", "2025", "--json"]
    )
    findings = json.loads(checked.stdout)
    assert findings
    assert {f["rule"] for f in findings} == {"agency_pqe_under_3_years"}


def test_check_table_names_worker_and_fix(census_problems_path: Path) -> None:
    args = ["census", "check", "--db", str(census_problems_path), "--year", "2025"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert re.search(r"CSWW 2025: \d+ errors? DfE validation would reject", _flat(result.stdout))
    assert "E4" in _flat(result.stdout)
    assert "add the leaving reason" in _flat(result.stdout)


def test_import_csww_warns_and_imports(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "csww" / "data" / "sample_2022.xml"
    store = tmp_path / "census.db"
    result = runner.invoke(app, ["import", "csww", str(sample), "--db", str(store)])
    assert result.exit_code == 0, result.output
    text = _flat(result.stderr)
    assert "warning: CSWWWorker 4 (SWENo oP8178849586): no qualifying institution" in text
    assert "sample_2022.xml (csww, import #1): 30 rows read; 30 added" in text


def test_export_to_a_missing_folder_says_so(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "csww.xml"
    args = ["export", "csww", "--db", str(demo_path), "--year", "2025", "--out", str(out)]
    result = runner.invoke(app, args, env={"COLUMNS": "400"})  # keep the path on one line
    assert result.exit_code == 1
    assert f"no such folder: {out.parent}" in _flat(result.stderr)


def test_check_of_an_empty_year_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    assert runner.invoke(app, ["init", "--db", str(empty)]).exit_code == 0
    result = runner.invoke(app, ["census", "check", "--db", str(empty), "--year", "2025"])
    assert result.exit_code == 3
    assert "no social workers in post in the year to 30 September 2025" in _flat(result.stderr)
