"""Files no extract should be, fed in whole: each is refused naming where it goes wrong, and
nothing is written; none is read as something it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from cswork.store import Database

HEADER = "Employee Number,Team,Notes,Job Title,Contract Type,FTE,Start Date\n"


def _spells(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM role_spells").fetchone()[0])


def test_a_quote_left_open_in_an_unread_column_does_not_swallow_the_rows_after_it(
    write, load, db: Database
) -> None:
    # read leniently, row 3's open quote ran on to row 5's first quote: rows 4 and 5 vanished
    # and E2 took E4's FTE, with no word said
    path = write(
        "hr.csv",
        HEADER + "E1,North,ok,Social Worker,Perm,0.8,2021-01-31\n"
        'E2,North,"back soon,Social Worker,Perm,0.8,2021-01-31\n'
        "E3,North,fine,Social Worker,Perm,0.8,2021-01-31\n"
        'E4,North,"quoted",Social Worker,Perm,1,2021-01-31\n'
        "E5,North,x,Social Worker,Perm,0.8,2021-01-31\n",
    )
    result = load("staff", path)
    assert result.outcome != "ok"
    [problem] = result.problems
    assert problem.reason.startswith("row 3 is not valid CSV: text follows a closing quote")
    assert _spells(db) == 0


def test_a_quote_never_closed_is_refused_naming_its_row(write, load, db: Database) -> None:
    # read leniently, the rest of the file became one cell of row 3: a vague "value is required"
    path = write(
        "hr.csv",
        HEADER + "E1,North,ok,Social Worker,Perm,0.8,2021-01-31\n"
        'E2,North,"back soon,Social Worker,Perm,0.8,2021-01-31\n'
        "E3,North,fine,Social Worker,Perm,0.8,2021-01-31\n",
    )
    [problem] = load("staff", path).problems
    assert problem.reason == "row 3 is not valid CSV: a quote opened in it is never closed"
    assert _spells(db) == 0


def test_a_quoted_line_break_in_an_unread_column_is_still_one_row(
    write, load, db: Database
) -> None:
    path = write(
        "hr.csv",
        HEADER + 'E1,North,"two\nlines, ""quoted""",Social Worker,Perm,0.8,2021-01-31\n'
        "E2,North,,Social Worker,Perm,0.8,2021-01-31\n",
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert _spells(db) == 2


@pytest.mark.parametrize("day", ["0001-01-01", "01/01/0001", "1899-12-31", "0100-06-30"])
def test_a_date_before_1900_is_refused_not_a_crash(write, load, db: Database, day: str) -> None:
    # 0001-01-01 is the "no date" of some HR systems; it passed, then the month-end tables
    # crashed (year 0 is out of range) with a traceback
    path = write("hr.csv", HEADER + f"E1,North,,Social Worker,Perm,0.8,{day}\n")
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column, problem.value) == (2, "Start Date", day)
    assert problem.reason.startswith("a date before 1900")
    assert _spells(db) == 0


def test_a_comma_that_is_not_a_thousands_separator_is_refused(write, load, db: Database) -> None:
    # '45,50' (a decimal comma) was read as £4,550 an hour, '1,2,3' as 123
    path = write(
        "agency.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Hourly Charge,Supplier\n"
        'E1,North,Social Worker,Agency,1,2021-01-31,"£1,000.00",Acme\n'
        'E2,North,Social Worker,Agency,1,2021-01-31,"45,50",Acme\n'
        'E3,North,Social Worker,Agency,1,2021-01-31,"1,2,3",Acme\n'
        'E4,North,Social Worker,Agency,1,2021-01-31,",5",Acme\n',
    )
    problems = load("staff", path).problems
    assert [(p.row, p.value) for p in problems] == [(3, "45,50"), (4, "1,2,3"), (5, ",5")]
    assert all("thousands" in p.reason for p in problems)
    assert _spells(db) == 0


def test_two_columns_with_one_header_are_refused_not_one_picked(write, load, db: Database) -> None:
    # the first 'FTE' was read and the second ignored, with no word said
    path = write(
        "hr.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,fte \n"
        "E1,North,Social Worker,Perm,0.8,2021-01-31,0.5\n",
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (1, "FTE")
    assert problem.reason == (
        "two columns are headed 'FTE' (E and G): rename or remove one, "
        "or name the one to read in a mapping file"
    )
    assert _spells(db) == 0


def test_a_second_column_that_could_be_the_same_field_is_named_in_a_warning(
    write, load, db: Database
) -> None:
    path = write(
        "hr.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Assignment Number\n"
        "E1,North,Social Worker,Perm,0.8,2021-01-31,A9\n",
    )
    result = load("staff", path)
    assert result.outcome == "ok"
    assert (
        "column 'Assignment Number' (G) was not read: 'Employee Number' (A) gives the "
        "employee_ref (to read the other, name it in a mapping file: [columns] "
        'employee_ref = "Assignment Number")'
    ) in result.warnings
    assert db.execute("SELECT employee_ref FROM workers").fetchone()[0] == "E1"


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [
        ("utf-32", "the file is UTF-32 text, which cswork does not read; save it as CSV UTF-8"),
        (
            "utf-16-le",
            "the file looks like UTF-16 text without a byte-order mark; save it as CSV UTF-8",
        ),
    ],
)
def test_text_in_an_encoding_cswork_does_not_read_is_named(
    tmp_path: Path, load, db: Database, encoding: str, reason: str
) -> None:
    # UTF-32 starts with UTF-16's byte-order mark: it was read as UTF-16, and every header came
    # out as letters between NULs ("column '\\x00S\\x00t...': a value is required")
    path = tmp_path / "hr.csv"
    path.write_bytes((HEADER + "E1,North,,Social Worker,Perm,0.8,2021-01-31\n").encode(encoding))
    [problem] = load("staff", path).problems
    assert problem.reason == reason
    assert _spells(db) == 0


XLSX_HEADER = ["Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date"]


def _workbook(path: Path, sheets: dict[str, list[list[object]]], hidden: set[str]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


@pytest.mark.parametrize("streamed", [False, True])
def test_a_hidden_first_sheet_is_passed_over_for_the_first_one_shown(
    tmp_path: Path, load, db: Database, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    # the hidden 'Old' sheet (last year's staff) was imported, and the sheet Excel shows was not
    if streamed:
        monkeypatch.setattr("cswork.importers.readers.STREAM_XLSX_ABOVE", 0)
    old = [XLSX_HEADER, ["OLD1", "North", "Social Worker", "Perm", 1, "2019-01-01"]]
    current = [XLSX_HEADER, ["E1", "North", "Social Worker", "Perm", 1, "2021-01-31"]]
    path = _workbook(tmp_path / "hr.xlsx", {"Old": old, "Current": current}, {"Old"})
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert [row[0] for row in db.execute("SELECT employee_ref FROM workers")] == ["E1"]
    assert (
        "read 'Current', the first sheet shown; hidden sheets 'Old' were not read "
        "(choose one with --sheet NAME)"
    ) in result.warnings
    assert load("staff", path, sheet="Old").outcome == "ok"  # named, a hidden sheet is read


def test_a_value_merged_down_several_rows_is_refused_naming_the_cells(
    tmp_path: Path, load, db: Database
) -> None:
    # a cohort merged down its rows (as a hand-kept sheet has it) reached only the first row:
    # the others were stored with no cohort, unsaid
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Staff list"])
    sheet.merge_cells("A1:G1")  # a title merged across: no harm
    sheet.append([*XLSX_HEADER, "Academy Cohort", "Notes"])
    for ref in ("E1", "E2", "E3"):
        sheet.append([ref, "North", "Social Worker", "Perm", 1, "2021-01-31", "Cohort 7", "x"])
    sheet.merge_cells("G3:G5")
    sheet.merge_cells("H3:H5")  # a column not read: no harm
    path = tmp_path / "cohort.xlsx"
    workbook.save(path)
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (4, "Academy Cohort")
    assert problem.reason == (
        "cells G3:G5 are merged, so only row 3 has the value; unmerge them and give each row "
        "its own"
    )
    assert _spells(db) == 0


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("column", [1, 3])
def test_a_workbook_starting_below_row_1_names_rows_as_excel_shows_them(
    tmp_path: Path, load, monkeypatch: pytest.MonkeyPatch, streamed: bool, column: int
) -> None:
    # calamine yields a sheet's rows from row 1 but they were numbered from its first row with
    # data: the FTE of 9 in row 5 was reported as row 7
    if streamed:
        monkeypatch.setattr("cswork.importers.readers.STREAM_XLSX_ABOVE", 0)
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    rows = [XLSX_HEADER, ["E1", "North", "Social Worker", "Perm", 1, "2021-01-31"]]
    rows.append(["E2", "North", "Social Worker", "Perm", 9, "2021-01-31"])
    for number, cells in enumerate(rows, start=3):
        for offset, value in enumerate(cells):
            sheet.cell(row=number, column=column + offset, value=value)
    path = tmp_path / "hr.xlsx"
    workbook.save(path)
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column, problem.value) == (5, "FTE", "9")


@pytest.mark.parametrize("streamed", [False, True])
def test_a_formula_with_no_saved_value_is_refused_not_read_as_blank(
    tmp_path: Path, load, db: Database, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    # a workbook written by a program (never saved by Excel) holds formulas without their values:
    # the leaving date =DATE(2022,1,31) was read as blank, and the leaver stored as in post
    if streamed:
        monkeypatch.setattr("cswork.importers.readers.STREAM_XLSX_ABOVE", 0)
    header = [*XLSX_HEADER, "Leaving Date", "Notes"]
    path = _workbook(
        tmp_path / "hr.xlsx",
        {
            "Lookup": [["=1+1"]],
            "Staff": [
                header,
                ["E1", "North", "Social Worker", "Perm", 1, "2021-01-31", "=DATE(2022,1,31)"],
                ["E2", "North", "Social Worker", "Perm", 1, "2021-01-31", None, "=LEN(B3)"],
            ],
        },
        set(),
    )
    [problem] = load("staff", path, sheet="Staff").problems
    assert (problem.row, problem.column) == (2, "Leaving Date")
    assert problem.reason == (
        "the cell holds a formula with no saved value (the file was written by a program, "
        "not saved by Excel): open the file in Excel and save it, or paste values, then import "
        "it again"
    )
    assert _spells(db) == 0


@pytest.mark.parametrize("streamed", [False, True])
def test_an_excel_error_in_a_column_read_is_refused_not_read_as_blank(
    tmp_path: Path, load, db: Database, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    # a leaving date looked up with VLOOKUP that found nothing (#N/A) was read by calamine as
    # blank: the leaver was stored as in post, unsaid
    if streamed:
        monkeypatch.setattr("cswork.importers.readers.STREAM_XLSX_ABOVE", 0)
    header = [*XLSX_HEADER, "Leaving Date", "Notes"]
    path = _workbook(
        tmp_path / "hr.xlsx",
        {
            "Staff": [
                header,
                ["E1", "North", "Social Worker", "Perm", 1, "2021-01-31", "#N/A"],
                ["E2", "North", "Social Worker", "Perm", 1, "2021-01-31", None, "#REF!"],
            ],
        },
        set(),
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column, problem.value) == (2, "Leaving Date", "#N/A")
    assert problem.reason == (
        "the cell holds an Excel error, not a value (a lookup that found nothing, a broken "
        "reference?): fix it in the workbook, then import it again"
    )
    assert _spells(db) == 0


def test_a_workbook_protected_with_a_password_is_named_so(
    tmp_path: Path, load, db: Database
) -> None:
    # Excel saves an encrypted .xlsx as a compound file holding an 'EncryptedPackage' stream;
    # calamine tried it as a zip: "not a readable spreadsheet (corrupt or truncated?): invalid
    # Zip archive: Could not find EOCD"
    path = tmp_path / "hr.xlsx"
    name = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + name + bytes(4096))
    [problem] = load("staff", path).problems
    assert problem.reason == (
        "the workbook is protected with a password: open it in Excel, remove the password "
        "(File, Info, Protect Workbook, Encrypt with Password), save it, then import it again"
    )
    assert _spells(db) == 0


@pytest.mark.parametrize("month", ["0001-01", "01/0001", "Jan 0001", "1899-12", "2100-01"])
def test_a_demand_month_out_of_any_history_is_refused_not_a_crash(
    write, load, db: Database, month: str
) -> None:
    # 0001-01 crashed the import with a traceback (year 0 is out of range); 9999-12 was stored
    # and 'cswork demand' then looked for the base month December 9998
    path = write("demand.csv", f"Month,Referrals\n2021-04,613\n{month},5\n")
    [problem] = load("demand", path).problems
    assert (problem.row, problem.column, problem.value) == (3, "Month", month)
    assert problem.reason == "a month must be from 1900 to 2099"
    assert db.execute("SELECT count(*) FROM demand").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("kind", "content", "column", "value", "reason"),
    [
        (
            "staff",
            "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Hourly Charge\n"
            "E1,North,Social Worker,Agency,1,2021-01-31,4550\n",
            "Hourly Charge",
            "4550",
            "an hourly charge or pay rate is at most £1,000",
        ),
        (
            "establishment",
            "Team,Role,Funded FTE,Effective From\nNorth,5,99999999,2021-01-01\n",
            "Funded FTE",
            "99999999",
            "funded FTE must be at most 10,000 (more than any authority funds)",
        ),
        (
            "demand",
            "Month,Referrals\n2021-04,613000000\n",
            "Referrals",
            "613000000",
            "must be at most 1,000,000",
        ),
    ],
)
def test_a_figure_past_anything_real_is_refused_not_stored(
    write, load, db: Database, kind: str, content: str, column: str, value: str, reason: str
) -> None:
    # each was stored as given: an agency charge of £4,550 an hour, 99,999,999 funded posts in
    # a team, 613 million referrals in a month
    [problem] = load(kind, write("file.csv", content)).problems
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        2,
        column,
        value,
        reason,
    )
    for table in ("role_spells", "establishment", "demand"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_header_repeated_below_is_one_problem_saying_so(write, load, db: Database) -> None:
    # two extracts pasted together: each cell of the second header was a problem of its own
    # ("not a number (value 'FTE')", ...), with hints to relabel 'Job Title' in a mapping file
    path = write(
        "hr.csv",
        HEADER + "E1,North,,Social Worker,Perm,0.8,2021-01-31\n"
        "employee number, Team ,Notes,Job Title,Contract Type,FTE,Start Date\n"
        "E2,North,,Social Worker,Perm,0.8,2021-01-31\n",
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (3, "Employee Number")
    assert problem.reason == "the row repeats the header (two extracts joined?): remove it"
    assert _spells(db) == 0


@pytest.mark.parametrize(
    ("value", "name"), [("E1\u200b", "U+200B"), ("E1\ufeff", "U+FEFF"), ("E\u00ad1", "U+00AD")]
)
def test_an_invisible_character_in_a_label_is_refused(
    write, load, db: Database, value: str, name: str
) -> None:
    # 'E1' with a zero-width space pasted after it was stored as a second worker, shown as 'E1'
    # beside the first and counted twice
    path = write(
        "hr.csv",
        HEADER + "E1,North,,Social Worker,Perm,0.8,2021-01-31\n"
        f"{value},North,,Social Worker,Perm,0.8,2021-01-31\n",
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column, problem.value) == (3, "Employee Number", value)
    assert problem.reason == (
        f"contains an invisible character ({name}), so it would differ from the same name "
        "without it; remove it"
    )
    assert _spells(db) == 0


def test_cells_without_a_value_are_found_wherever_the_chunks_split_them() -> None:
    from cswork.importers.archive import _UnreadScan

    xml = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c>'
        b'<c r="C1" s="2"><f>A1*3</f></c><c r="AB7" t="e"><f>VLOOKUP(A1,X,2)</f><v>#N/A</v></c>'
        b'<c r="D1"><f t="shared" si="0"/><v></v></c></row></sheetData>'
    )
    for split in range(len(xml) + 1):
        scan = _UnreadScan()
        scan.feed(xml[:split])
        scan.feed(xml[split:])
        assert scan.found == {(1, 2): "", (7, 27): "#N/A", (1, 3): ""}, split


def test_a_header_wider_than_any_spreadsheet_is_refused(write, load, db: Database) -> None:
    # a first line of a million names (a file that is not an extract) was matched column by
    # column: hundreds of MB for an 8 MB file, and more for a larger one
    names = ",".join(f"c{i}" for i in range(20_000))
    path = write("wide.csv", HEADER.rstrip("\n") + "," + names + "\n")
    [problem] = load("staff", path).problems
    assert problem.reason == (
        "the header has 20,007 columns; an extract has at most 16,384 (a spreadsheet's limit)"
    )


@pytest.mark.parametrize("rows", [1, 600])  # one row, and enough for the block reader
def test_a_date_of_birth_too_close_to_the_start_is_refused(
    write, load, db: Database, rows: int
) -> None:
    # '04/07/58' reads as 2058 (two-digit years 00-68 are 20xx): the census would have been
    # given a social worker born 43 years after starting
    good = "".join(
        f"E{n},North,Social Worker,Perm,1,2015-09-01,04/07/1958\n" for n in range(2, rows + 1)
    )
    path = write(
        "hr.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Date of Birth\n"
        "E1,North,Social Worker,Perm,1,2015-09-01,04/07/58\n" + good,
    )
    [problem] = load("staff", path, keep_census=True).problems
    assert (problem.row, problem.column, problem.value) == (2, "Date of Birth", "2058-07-04")
    assert problem.reason == (
        "the date of birth is less than 14 years before the start date (a two-digit year "
        "read as 20xx? write the year in full)"
    )
    assert _spells(db) == 0


@pytest.mark.parametrize("rows", [1, 600])  # one row, and enough for the block reader
def test_an_excel_error_saved_as_text_is_refused_as_a_label(
    write, load, db: Database, rows: int
) -> None:
    # a CSV saved from a sheet whose lookups failed holds '#N/A' as text: a cohort '#N/A' and a
    # team '#REF!' were created
    good = "".join(
        f"E{n},North,Social Worker,Perm,1,2021-01-31,Cohort 7\n" for n in range(3, rows + 2)
    )
    path = write(
        "hr.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Academy Cohort\n"
        "E1,North,Social Worker,Perm,1,2021-01-31,#N/A\n"
        "E2,#REF!,Social Worker,Perm,1,2021-01-31,Cohort 7\n" + good,
    )
    problems = load("staff", path).problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "Academy Cohort", "#N/A"),
        (3, "Team", "#REF!"),
    ]
    assert {p.reason for p in problems} == {
        "is an Excel error, not a value (a lookup that found nothing, a broken reference?): "
        "fix it in the workbook, then save the file again"
    }
    assert _spells(db) == 0


@pytest.mark.parametrize("serial", [0, -5, 0.5])
def test_a_date_cell_holding_a_time_of_day_says_so(
    tmp_path: Path, load, db: Database, serial: float
) -> None:
    # a date cell of 0 or less (or under a day) reads as a time: 'not a date (value 00:00:00)'
    # left the user looking for a time they never typed
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(XLSX_HEADER)
    sheet.append(["E1", "North", "Social Worker", "Perm", 1, serial])
    sheet["F2"].number_format = "dd/mm/yyyy"
    path = tmp_path / "hr.xlsx"
    workbook.save(path)
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (2, "Start Date")
    assert problem.reason == (
        "the cell holds a time of day, not a date (an Excel date of 0 or less, or under a day?)"
    )
    assert _spells(db) == 0


def test_a_semicolon_file_whose_header_quotes_a_comma_is_read_by_semicolons(
    write, load, db: Database
) -> None:
    # a comma anywhere in the first line made it a comma file, even inside quotes: the title
    # above the header was read as the only column, and the header was never found
    path = write(
        "hr.csv",
        '"Staff in post, 31/03/2025"\n'
        '"Employee, Number";"Team";"Job Title";"Contract Type";"FTE";"Start Date"\n'
        '"E1";"North";"Social Worker";"Perm";"1";"2021-01-31"\n',
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert _spells(db) == 1


@pytest.mark.parametrize("contract", [True, False])
def test_a_yes_no_agency_column_is_not_read_as_supplier_names(
    write, load, db: Database, contract: bool
) -> None:
    # 'Agency' is a supplier column's header, but an HR extract's 'Agency' column often says
    # Yes or No: a permanent worker was stored with supplier 'No', and in a file without a
    # contract column every row, 'No' included, was read as an agency assignment
    header = "Employee Number,Team,Job Title," + ("Contract Type," if contract else "")
    path = write(
        "hr.csv",
        header + "FTE,Start Date,Agency\n"
        f"E1,North,Social Worker,{'Perm,' if contract else ''}1,2021-01-31,No\n"
        f"E2,North,Social Worker,{'Agency,' if contract else ''}1,2021-01-31,Yes\n",
    )
    problems = load("staff", path).problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "Agency", "No"),
        (3, "Agency", "Yes"),
    ]
    assert problems[0].reason == (
        "says yes or no, not which agency supplies the worker: if the column says whether the "
        "worker is agency, name it as the contract column in a mapping file "
        '([columns] contract = "Agency", and under [values.contract] Yes = "Agency", '
        'No = "Permanent")'
    )
    assert _spells(db) == 0


def test_a_supplier_name_is_still_a_label(write, load, db: Database) -> None:
    path = write(
        "agency.csv",
        "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Agency\n"
        "E1,North,Social Worker,Agency,1,2021-01-31,Acme\x1b[2J\n",
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (2, "Agency")
    assert problem.reason.startswith("contains a control character (ESC)")
