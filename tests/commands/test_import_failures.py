"""Every class of rejected file, through ``cswork import``: the message, the exit code, and a
database left exactly as it was (a full SQL dump of every table), bar one 'failed' log row that
keeps no cell values. A rejected dry run changes nothing at all, not even the log."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()
HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date"
#: A demo worker and team, so that a good row in a bad file would change something.
GOOD = "E10001,Assessment 1,Social Worker,Perm,0.5,2024-02-01"


def _truncated_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for n in range(300):
        sheet.append([f"Z{n}", "North", "Social Worker", "Perm", 1, "2021-01-01"])
    whole = path.with_suffix(".whole.xlsx")
    book.save(whole)
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


#: (case id, kind, file name, writer, extra arguments, the stderr lines naming the problems)
CASES: list[tuple[str, str, str, Callable[[Path], None], list[str], list[str]]] = [
    ("zero-byte", "staff", "f.csv", _bytes(b""), [], ["f.csv: the file is empty: no header row"]),
    (
        "binary",
        "staff",
        "f.csv",
        _bytes(bytes(range(256)) * 8),
        [],
        ["f.csv: this is a binary file, not CSV text or a spreadsheet"],
    ),
    (
        "not-text",
        "staff",
        "f.csv",
        _bytes(b"Team\n\x81\x8d\x8f\n"),
        [],
        ["f.csv: the file is neither UTF-8 nor Windows-1252 text"],
    ),
    (
        "truncated-xlsx",
        "staff",
        "f.xlsx",
        _truncated_xlsx,
        [],
        ["f.xlsx: not a readable spreadsheet (corrupt or truncated?): File is not a zip file"],
    ),
    (
        "missing-columns",
        "staff",
        "f.csv",
        _text(
            "Emp Reff,Team,Job Title,Contract Type,FTE,Start Date\nE1,North,SW,Perm,1,2021-01-01\n"
        ),
        [],
        [
            "f.csv, row 1, column 'employee_ref': required column 'employee_ref' is missing "
            "(headers accepted: employee_ref, Employee Number, Employee No, Employee Ref, Emp Ref, "
            "Emp No); closest headers present: 'Emp Reff'"
        ],
    ),
    (
        "impossible-date",
        "staff",
        "f.csv",
        _text(f"{HEADER}\n{GOOD}\nE2,North,Social Worker,Perm,1,31/02/2021\n"),
        [],
        [
            "f.csv, row 3, column 'Start Date': not a real date (use 31/01/2021, 31-Jan-21, "
            "2021-01-31 or an Excel date) (value '31/02/2021')"
        ],
    ),
    (
        "duplicate-rows",
        "staff",
        "f.csv",
        _text(f"{HEADER}\n{GOOD}\n{GOOD}\n"),
        [],
        [
            "f.csv, row 3, column 'Start Date': duplicate of row 2 (same employee ref and start "
            "date) (value '2024-02-01')"
        ],
    ),
    (
        "formula",
        "staff",
        "f.csv",
        _text(f'{HEADER}\n{GOOD}\nE2,"=HYPERLINK(""x"")",Social Worker,Perm,1,2021-01-01\n'),
        [],
        [
            "f.csv, row 3, column 'Team': looks like a spreadsheet formula; export values instead "
            "(value '=HYPERLINK(\"x\")')"
        ],
    ),
    (
        "fte-out-of-range",  # 56 / 37 standard hours = 1.51
        "staff",
        "f.csv",
        _text(f"{HEADER}\n{GOOD}\nE2,North,Social Worker,Perm,56 hrs,2021-01-01\n"),
        [],
        [
            "f.csv, row 3, column 'FTE': FTE must be more than 0 and at most 1.5 (write 80% or "
            "'29.6 hrs') (value '56 hrs')"
        ],
    ),
    (
        "strict-unknown-team",
        "staff",
        "f.csv",
        _text(f"{HEADER}\n{GOOD}\nE2,Narnia,Social Worker,Perm,1,2021-01-01\n"),
        ["--strict"],
        [
            "f.csv, row 3, column 'Team': unknown team (strict mode: add it first, or import "
            "without --strict) (value 'Narnia')"
        ],
    ),
    (
        "unknown-worker",
        "caseloads",
        "f.csv",
        _text("Worker,As At,Case Type,Cases\nE10001,2025-10-31,CIN,3\nNOBODY,2025-10-31,CP,2\n"),
        [],
        [
            "f.csv, row 3, column 'Worker': unknown worker reference (import staff first, or "
            "correct the reference) (value 'NOBODY')"
        ],
    ),
    (
        "bad-mapping",
        "staff",
        "f.csv",
        _text(f"{HEADER}\n{GOOD}\n"),
        ["--mapping", "MAPPING"],
        [
            "map.toml: the mapping file names unknown field 'colour' in [values]; fields: "
            "employee_ref, team, org_role, job_title, contract, fte, hours, start_date, end_date, "
            "leaving_reason, leaver_destination, qualified_date, cohort, recruitment_route, "
            "agency_supplier, "
            "hourly_charge, pay_rate, agency_job_type, project_team, covering_vacancy, swe_number, "
            "name, date_of_birth, gender, ethnicity"
        ],
    ),
]


def _dump(db: Path) -> list[str]:
    """Every statement rebuilding the database, but the rows of the share_ tables (figures for
    outside readers, rewritten from the others: a failed import adds to their copy of the log)."""
    conn = sqlite3.connect(db)
    try:
        return [line for line in conn.iterdump() if not line.startswith('INSERT INTO "share_')]
    finally:
        conn.close()


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def demo_file(demo_path: Path, tmp_path: Path) -> Path:
    """A writable copy of the demo authority."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_path, target)
    return target


@pytest.mark.parametrize(
    ("kind", "name", "writer", "extra", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_rejected_file_is_named_exits_1_and_changes_nothing_but_the_log(
    demo_file: Path,
    tmp_path: Path,
    kind: str,
    name: str,
    writer: Callable[[Path], None],
    extra: list[str],
    expected: list[str],
) -> None:
    path = tmp_path / name
    writer(path)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[values.colour]\n"x" = "y"\n', encoding="utf-8")
    extra = [str(mapping) if arg == "MAPPING" else arg for arg in extra]
    before = _dump(demo_file)
    command = ["import", kind, str(path), "--db", str(demo_file), *extra]

    preview = runner.invoke(app, [*command, "--dry-run"])
    assert preview.exit_code == 1, preview.output
    assert _dump(demo_file) == before

    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    stderr = _words(result.stderr)
    assert "hint:" not in stderr  # no label here that a mapping file could relabel
    for line in expected:
        assert _words(line) in stderr
    problems = len(expected)
    assert stderr.endswith(
        f"{name} ({kind}, import #1): {problems} problem{'s' * (problems != 1)}; nothing written"
    )
    after = Counter(_dump(demo_file))
    assert Counter(before) - after == Counter()
    [logged] = after - Counter(before)  # one row in the import log, nothing else anywhere
    assert logged.startswith('INSERT INTO "imports" VALUES(1,') and "'failed'" in logged
    shared = sqlite3.connect(demo_file)
    try:
        [row] = shared.execute("SELECT * FROM share_import_log").fetchall()
    finally:
        shared.close()
    assert row[4] == "failed"
    for value in ("31/02/2021", "NOBODY", "Narnia", "56 hrs", "HYPERLINK"):
        assert value not in logged
        assert value not in repr(row)

    as_json = runner.invoke(app, [*command, "--json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["outcome"] == "failed" and len(data["problems"]) == problems
    assert set(data["problems"][0]) == {"file", "row", "column", "value", "reason"}
