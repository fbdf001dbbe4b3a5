"""Exports write what is shown, keep numbers as numbers, and never carry a formula."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cswork.export.tables import ExportError, export_format, neutralise, write_table

HEADERS = ["ref", "team", "FTE", "start"]
ROWS = [
    ["E1", '=HYPERLINK("http://x")', 0.8, date(2021, 1, 25)],
    ["+44", "@SUM(A1)", 1, None],
    ["-2", "North", 1.0, date(2020, 7, 1)],
]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("North", "North"),
        ("", ""),
        (-3, -3),
        (0.5, 0.5),
        (None, None),
    ],
)
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected  # type: ignore[arg-type]


def test_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    assert write_table(path, HEADERS, ROWS) == 3
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == HEADERS
    assert lines[1] == ["E1", '\'=HYPERLINK("http://x")', "0.8", "2021-01-25"]
    assert lines[2] == ["'+44", "'@SUM(A1)", "1", ""]
    assert lines[3][0] == "'-2"


def test_xlsx_keeps_numbers_and_dates_typed(tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    write_table(path, HEADERS, ROWS)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert values[1][1] == '\'=HYPERLINK("http://x")'
    assert values[1][2] == 0.8
    assert values[1][3].date() == date(2021, 1, 25)
    assert values[2][:3] == ["'+44", "'@SUM(A1)", 1]
    assert values[2][3] is None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"staff.txt: export to .csv or .xlsx, not .txt"):
        write_table(tmp_path / "staff.txt", HEADERS, ROWS)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "give a file name ending .csv or .xlsx"),
        ("staff", "staff: end the file name with .csv or .xlsx"),
    ],
)
def test_a_missing_name_or_suffix_says_what_to_give(name: str, message: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_format(Path(name))
    assert str(caught.value) == message


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such folder"):
        write_table(tmp_path / "nowhere" / "staff.csv", HEADERS, ROWS)
