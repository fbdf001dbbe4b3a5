"""Large workbooks are read row by row (openpyxl) instead of whole (calamine), with the same result.

The size at which a workbook counts as large is lowered to nothing here, so small generated
workbooks take the streaming path; each is also imported through calamine for comparison.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cswork.importers import ImportOptions, readers
from cswork.importers.readers import STREAMED_WARNING
from cswork.services.imports import run_import
from cswork.store import Database, open_db

HEADER = ["Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date"]


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "STREAM_XLSX_ABOVE", -1)


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump, path: Path, **options: object
) -> list:
    """Import ``path`` through calamine and through the streaming reader into fresh stores."""
    results = []
    for name, limit in (("whole", readers.STREAM_XLSX_ABOVE), ("streamed", -1)):
        monkeypatch.setattr(readers, "STREAM_XLSX_ABOVE", limit)
        db = open_db(tmp_path / f"{name}.db")
        result = run_import(db, "staff", path, ImportOptions(**options))  # type: ignore[arg-type]
        results.append((result, dump(db)))
        db.close()
    return results


def test_a_workbook_imports_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump, xlsx
) -> None:
    path = xlsx(
        "hr.xlsx",
        {
            "Notes": [["not the data"]],
            "Staff": [
                [],  # a blank row above the header
                HEADER,
                ["E1", "North", "Social Worker", "Perm", 1, 44227],
                ["E2", "North", "Senior Practitioner", "FTC", "80%", "31/01/2021"],
                [],
                ["E3", "South", "Team Manager", "Agency", 0.5, datetime(2022, 3, 1)],
                ["Total", None, None, None, 2.3, None],
            ],
        },
    )
    (whole, whole_rows), (streamed, streamed_rows) = _both(
        tmp_path, monkeypatch, dump, path, sheet="Staff"
    )
    assert whole.outcome == streamed.outcome == "ok", (whole.problems, streamed.problems)
    assert (streamed.counts.read, streamed.counts.skipped) == (3, 2)
    assert streamed.warnings == (STREAMED_WARNING,) and not whole.warnings
    strip = {"imports"}  # the log differs only in times
    assert {k: v for k, v in whole_rows.items() if k not in strip} == {
        k: v for k, v in streamed_rows.items() if k not in strip
    }


def test_problems_name_the_same_rows_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump, xlsx
) -> None:
    path = xlsx(
        "bad.xlsx",
        {"Staff": [HEADER, ["E1", "North", "Social Worker", "Perm", 1, "31/02/2021"], [], ["E2"]]},
    )
    (whole, _), (streamed, _) = _both(tmp_path, monkeypatch, dump, path)
    assert whole.outcome == streamed.outcome == "failed"
    assert [(p.row, p.column, p.reason) for p in streamed.problems] == [
        (p.row, p.column, p.reason) for p in whole.problems
    ]
    assert streamed.problems[0].row == 2


@pytest.mark.usefixtures("streamed")
def test_a_missing_sheet_and_a_truncated_file_are_clean_errors(
    tmp_path: Path, load, db: Database, dump, xlsx
) -> None:
    path = xlsx("hr.xlsx", {"Staff": [HEADER]})
    [problem] = load("staff", path, sheet="Agency").problems
    assert (problem.row, problem.reason) == (0, "no sheet named 'Agency'; sheets: Staff")
    rows = [HEADER] + [
        [f"E{i}", "North", "Social Worker", "Perm", 1, "2021-01-01"] for i in range(200)
    ]
    whole = xlsx("whole.xlsx", {"Staff": rows})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    before = dump(db)
    [problem] = load("staff", cut).problems
    assert problem.reason.startswith("not a readable spreadsheet (corrupt or truncated?)")
    assert dump(db) == before
