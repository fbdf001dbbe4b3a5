"""Reading files: encodings, spreadsheets, and files that are empty, truncated or not text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cswork.importers.readers import open_table, scan
from cswork.services.imports import import_log
from cswork.store import Database
from cswork.store.staff import load_role_spells

HEADER = ["Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date"]


def test_utf8_with_a_byte_order_mark(tmp_path: Path, load, db: Database) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeff".encode()
        + (",".join(HEADER) + "\nE1,Équipe Nord,Social Worker,Perm,1,2021-01-01\n").encode()
    )
    result = load("staff", path)
    assert result.outcome == "ok" and not result.warnings
    assert load_role_spells(db)[0].team == "Équipe Nord"


def test_windows_1252_is_read_with_a_warning(tmp_path: Path, load, db: Database) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(
        (
            ",".join(HEADER) + ",Hourly Rate\nE1,Équipe,Social Worker,Agency,1,2021-01-01,£50\n"
        ).encode("cp1252")
    )
    result = load("staff", path)
    assert result.outcome == "ok"
    assert result.warnings == (
        "the file is not UTF-8; read it as Windows-1252 (check £ and accents)",
    )
    assert load_role_spells(db)[0].team == "Équipe"
    assert load_role_spells(db)[0].hourly_charge == 50.0


def test_first_sheet_or_the_named_one(tmp_path: Path, load, db: Database, xlsx) -> None:
    path = xlsx(
        "hr.xlsx",
        {
            "Notes": [["this sheet is not the data"]],
            "Staff": [HEADER, ["E1", "North", "Social Worker", "Perm", 0.8, datetime(2021, 1, 31)]],
        },
    )
    failed = load("staff", path)
    assert failed.outcome == "failed"
    assert failed.problems[0].reason.startswith("required column 'employee_ref' is missing")
    assert failed.warnings == (
        "read the first sheet, 'Notes'; the workbook also has 'Staff' (choose one with "
        "--sheet NAME)",
    )
    result = load("staff", path, sheet="Staff")
    assert result.outcome == "ok", result.problems
    spell = load_role_spells(db)[0]
    assert (spell.fte, spell.start.isoformat()) == (0.8, "2021-01-31")


def test_excel_serial_numbers_and_text_dates_in_a_workbook(
    tmp_path: Path, load, db: Database, xlsx
) -> None:
    path = xlsx(
        "hr.xlsx",
        {
            "Sheet1": [
                HEADER,
                ["E1", "North", "Social Worker", "Perm", 1, 44227],
                ["E2", "North", "Social Worker", "Perm", "100%", "31/01/2021"],
                ["Total", None, None, None, 2, None],
            ]
        },
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert result.counts.skipped == 1
    assert {s.start.isoformat() for s in load_role_spells(db)} == {"2021-01-31"}


def test_a_missing_sheet_lists_the_sheets(tmp_path: Path, load, xlsx) -> None:
    path = xlsx("hr.xlsx", {"Staff": [HEADER]})
    [problem] = load("staff", path, sheet="Agency").problems
    assert (problem.row, problem.reason) == (0, "no sheet named 'Agency'; sheets: Staff")


def test_an_empty_first_sheet_names_the_others(tmp_path: Path, load, xlsx) -> None:
    path = xlsx("hr.xlsx", {"Cover": [], "Staff": [HEADER], "Agency": [HEADER]})
    [problem] = load("staff", path).problems
    assert problem.reason == (
        "the file is empty (sheet 'Cover'): no header row; the workbook also has 'Staff', "
        "'Agency' (choose one with --sheet NAME)"
    )
    single = xlsx("one.xlsx", {"Cover": []})
    [problem] = load("staff", single).problems
    assert problem.reason == "the file is empty (sheet 'Cover'): no header row"


def test_sheet_on_a_csv_is_an_error(tmp_path: Path, load) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(",".join(HEADER) + "\n")
    [problem] = load("staff", path, sheet="Staff").problems
    assert problem.reason == "--sheet applies to spreadsheets; this file is CSV text"


def test_a_truncated_workbook_is_a_clean_error(
    tmp_path: Path, load, db: Database, dump, xlsx
) -> None:
    rows = [HEADER] + [
        [f"E{i}", "North", "Social Worker", "Perm", 1, "2021-01-01"] for i in range(200)
    ]
    whole = xlsx("whole.xlsx", {"Staff": rows})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    before = dump(db)
    result = load("staff", cut)
    assert result.outcome == "failed"
    [problem] = result.problems
    assert problem.reason.startswith("not a readable spreadsheet (corrupt or truncated?)")
    assert dump(db) == before


def test_binary_garbage_is_a_clean_error(tmp_path: Path, load) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 4)
    [problem] = load("staff", path).problems
    assert problem.reason == "this is a binary file, not CSV text or a spreadsheet"


def test_bytes_that_are_neither_utf8_nor_windows_1252(tmp_path: Path, load) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Team\n\x81\x8d\x8f\n")
    [problem] = load("staff", path).problems
    assert problem.reason == "the file is neither UTF-8 nor Windows-1252 text"


def test_a_zero_byte_file_is_a_clean_error(tmp_path: Path, load) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = load("staff", path)
    assert result.outcome == "failed"
    assert [p.reason for p in result.problems] == ["the file is empty: no header row"]


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("", "no data rows; nothing changed"),
        (",,,,,\nTotal,,,,,\n", "no data rows (2 blank or total rows skipped); nothing changed"),
    ],
)
def test_a_header_only_file_is_a_clean_no_op_with_a_warning(
    tmp_path: Path, load, db: Database, dump, tail: str, message: str
) -> None:
    path = tmp_path / "header.csv"
    path.write_text(",".join(HEADER) + "\n" + tail)
    before = dump(db)
    result = load("staff", path)
    assert (result.outcome, result.message, result.no_data_rows) == ("no-op", message, True)
    assert result.warnings == ("the file has a header but no data rows; nothing was imported",)
    assert dump(db) == before
    [logged] = import_log(db)
    assert (logged.outcome, logged.message) == ("no-op", message)
    preview = load("staff", path, dry_run=True)
    assert (preview.outcome, preview.no_data_rows, preview.import_id) == ("no-op", True, None)
    assert len(import_log(db)) == 1


def test_a_header_only_workbook_is_a_clean_no_op(tmp_path: Path, load, db: Database, xlsx) -> None:
    result = load("staff", xlsx("hr.xlsx", {"Staff": [HEADER]}))
    assert (result.outcome, result.no_data_rows) == ("no-op", True)


def test_a_missing_file_is_a_clean_error(tmp_path: Path, load) -> None:
    [problem] = load("staff", tmp_path / "absent.csv").problems
    assert problem.reason.startswith("cannot read the file")


def test_a_malformed_csv_row_is_a_clean_error(tmp_path: Path, load) -> None:
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + "E1," + '"' + "x" * 200_000 + '"\n')
    [problem] = load("staff", path).problems
    assert problem.reason.startswith("row 2 is not valid CSV")


def test_header_below_blank_rows_and_row_numbers_as_a_spreadsheet_shows_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("\n,,\n" + ",".join(HEADER) + "\nE1,North,Social Worker,Perm,1,2021-01-01\n")
    table = open_table(path, scan(path))
    assert table.header_row == 3
    assert [number for number, _ in table.rows] == [4]


def test_a_report_title_above_the_header_is_passed_over_with_a_warning(
    tmp_path: Path, load, db: Database
) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        "Staff in post by team\nRun date: 01/10/2025,,,,,\n,,,,,\n"
        + ",".join(HEADER)
        + "\nE1,North,Social Worker,Perm,1,2021-01-01\nE2,North,Social Worker,Perm,7,2021-01-01\n"
    )
    failed = load("staff", path)
    [problem] = failed.problems
    assert (problem.row, problem.column, problem.value) == (6, "FTE", "7")  # rows as shown
    assert failed.warnings == (
        "the header is row 4; rows 1-3 above it (a report title?) were not read",
    )
    path.write_text(path.read_text().replace(",7,", ",1,").replace("E2", "E3"))
    assert load("staff", path).counts.added == 2
    assert sorted(s.worker_ref for s in load_role_spells(db)) == ["E1", "E3"]


def test_a_workbook_title_row_is_passed_over(tmp_path: Path, load, xlsx) -> None:
    rows = [["Caseload report"], HEADER, ["E1", "North", "Social Worker", "Perm", 1, 44197]]
    result = load("staff", xlsx("r.xlsx", {"Report": rows}))
    assert result.outcome == "ok", result.problems
    assert result.warnings == (
        "the header is row 2; row 1 above it (a report title?) was not read",
    )


def test_the_header_is_looked_for_no_further_than_ten_rows_down(tmp_path: Path, load) -> None:
    path = tmp_path / "deep.csv"
    path.write_text("Title\n" + "note\n" * 10 + ",".join(HEADER) + "\n")
    result = load("staff", path)
    assert result.outcome == "failed" and result.warnings == ()
    assert {p.row for p in result.problems} == {1}
    path.write_text("Title\n" + "note\n" * 9 + ",".join(HEADER) + "\n")
    assert load("staff", path).warnings[0].startswith("the header is row 11; rows 1-10 above")


def test_scan_hashes_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"abc")
    assert scan(path).sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
