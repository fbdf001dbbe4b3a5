"""Rows read a block at a time by column give exactly what reading them one at a time gives.

A big extract is read by column where every cell reads without a problem (see
:meth:`cswork.importers.columns.FieldReader.column`: each distinct value parsed once), and row by
row where any does not. Here the
blocks are cut to a few rows and files are made of good rows mixed with every kind of bad one
(blank and 'Total' rows, short rows, formulas, spaces, bad dates and counts, unknown workers,
repeats), then imported both ways, with a generous and with a tight problem limit: the result, the
import log and every table must be the same, row for row.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cswork.importers import ImportOptions, caseloads, staff
from cswork.importers.columns import Sheet
from cswork.services.imports import run_import
from cswork.store import apply_bulk, apply_staff, apply_tables, open_db

from ..conftest import dump_tables

STAFF = "Emp Ref,Team,Role,Contract,FTE,Start\n" + "".join(
    f"E{n},North,5,Perm,1,2021-01-01\n" for n in range(1, 9)
)
GOOD = [
    ["E1", "30/09/2025", "CIN", "4"],
    ["E2", "30/09/2025", "CP", "2"],
    ["E3", "2025-10-31", "CLA", "0"],
    ["E4", "31-Oct-25", "Child in Need", "7"],
    ["E5", "30/09/2025", "CL", "12"],
    ["E6", "2025-10-31", "CIN", "1"],
]
ODD = [
    [],
    ["", "", "", ""],
    ["Total", "", "", "30"],
    ["Grand total:", "", "", ""],
    ["  E7", "30/09/2025", "CIN", "3"],
    ["E8 ", "30/09/2025", "CP", "3"],
    ["E9", "30/09/2025", "CIN", "3"],  # no such worker
    ["E1", "31/02/2025", "CIN", "3"],
    ["E2", "30/09/2025", "Unknown", "3"],
    ["E3", "30/09/2025", "CIN", "-1"],
    ["E4", "30/09/2025", "CIN", "=SUM(A1)"],
    ['="E5"', "30/09/2025", "CIN", "2"],
    ["E6", "", "CIN", "2"],
    ["E7"],
    ["Sub", "30/09/2025", "CIN", "1"],
    ["E8", "30/09/2025", " CIN", "1"],
    ["E1", "30/09/2025", "CIN", "4"],  # a repeat of a good row
    ["=E1", "30/09/2025", "CIN", "4"],
    ["E\t2", "30/09/2025", "CIN", "4"],
    ["E\n2", "30/09/2025", "CIN", "4"],  # a line break in a quoted cell (Alt+Enter in Excel)
    ["E3", "30/09/2025", "CIN\nCP", "4"],
]
NOW = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Worker", "As At", "Case Type", "Cases"])
    writer.writerows(rows)
    return out.getvalue()


def _outcome(
    folder: Path,
    content: str,
    limit: int,
    by_column: bool,
    *,
    staged: bool = False,
    before: str = "",
    options: ImportOptions | None = None,
) -> tuple[Any, ...]:
    """The result, log and tables of importing staff, then the counts ``before`` (if any), and
    then ``content`` into a fresh store: staged (read by column in SQL, falling back to the
    careful reader, itself by column where it can), by column, or row by row."""
    for stale in folder.glob("t.db*"):
        stale.unlink()
    (folder / "staff.csv").write_text(STAFF, encoding="utf-8")
    (folder / "cases.csv").write_text(content, encoding="utf-8")
    db = open_db(folder / "t.db")
    try:
        run_import(db, "staff", folder / "staff.csv", clock=lambda: NOW)
        if before:
            (folder / "before.csv").write_text(before, encoding="utf-8")
            run_import(db, "caseloads", folder / "before.csv", clock=lambda: NOW)
        options = options or ImportOptions()
        with pytest.MonkeyPatch.context() as patch:
            if not staged:
                patch.setattr(caseloads, "_staged", lambda sheet, ctx: None)
            if not by_column:
                patch.setattr(Sheet, "block", lambda self, numbered, count=True: None)
            result = run_import(
                db, "caseloads", folder / "cases.csv",
                dataclasses.replace(options, problem_limit=limit), clock=lambda: NOW,
            )  # fmt: skip
        log = db.execute("SELECT * FROM imports ORDER BY id").fetchall()
        log += db.execute("SELECT * FROM import_changes ORDER BY id").fetchall()
        return result.as_json(), log, dump_tables(db)
    finally:
        db.close()


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(apply_tables, "CASELOAD_BATCH", 4)
    monkeypatch.setattr(caseloads, "CASELOAD_BATCH", 4)
    yield


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.sampled_from(GOOD) | st.sampled_from(ODD), min_size=0, max_size=40),
    limit=st.sampled_from([1, 3, 200]),
)
def test_by_column_and_row_by_row_give_the_same_import(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], limit: int
) -> None:
    folder = tmp_path_factory.mktemp("by-column")
    content = _csv(rows)
    assert _outcome(folder, content, limit, True) == _outcome(folder, content, limit, False)


#: Rows a staged file must read as the careful reader does: other spellings of good values, rows of
#: another width, and values that look alike to SQL but not to the readers.
STAGED_ODD = [
    ["E1", "30/09/2025", "CIN", "4", ""],  # a row wider than the header
    ["E2", "30/09/2025", "child in need", "04"],
    ["E3", "20250930", "CP", "2"],
    ["E4", "45930", "CLA", "1"],  # an Excel serial date
    ["E5", "30-Sep-25", "Child Protection", " 3 "],
    ["E6", " 30/09/2025", "CL", "1"],
    ["E7 ", "30/09/2025", "CIN", "1.0"],
    ["E1", "2025-09-30", "CIN", "5"],  # a repeat of E1's CIN count, written otherwise
    ["e1", "30/09/2025", "CIN", "1"],
    ["Totals", "", "", "9"],
    [" ", "30/09/2025", "CIN", "1"],
]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(
        st.sampled_from(GOOD) | st.sampled_from(ODD) | st.sampled_from(STAGED_ODD), max_size=30
    ),
    before=st.lists(st.sampled_from(GOOD), max_size=3),
    limit=st.sampled_from([1, 3, 200]),
    as_at=st.sampled_from([None, date(2025, 10, 31)]),
)
@example(rows=GOOD, before=[], limit=200, as_at=None)  # clean: written from the stage
@example(rows=GOOD, before=[GOOD[0]], limit=200, as_at=None)  # a stored count: replaced
@example(rows=[GOOD[0], STAGED_ODD[7]], before=[], limit=200, as_at=None)  # a repeat
def test_a_staged_file_imports_as_reading_it_row_by_row(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    before: list[list[str]],
    limit: int,
    as_at: date | None,
) -> None:
    """Staged (raw rows in SQL, each column's distinct values parsed once, one INSERT ... SELECT)
    and falling back to the careful reader whenever anything might be wrong: the result, log,
    journal and tables are those of reading row by row, with or without counts stored before and
    ``--as-at``."""
    folder = tmp_path_factory.mktemp("staged")
    content, prior = _csv(rows), _csv(before) if before else ""
    options = ImportOptions(as_at=as_at)
    staged = _outcome(folder, content, limit, True, staged=True, before=prior, options=options)
    careful = _outcome(folder, content, limit, False, before=prior, options=options)
    assert staged == careful


def test_a_clean_file_is_written_from_its_stage(tmp_path: Path) -> None:
    rows = [[f"E{1 + n % 8}", f"{1 + n // 8:02d}/09/2025", "CIN", str(n % 4)] for n in range(40)]
    written: list[bool] = []
    original = apply_tables._staged_caseloads

    def counting(*args: Any) -> Any:
        written.append(original(*args))
        return written[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply_tables, "_staged_caseloads", counting)
        staged = _outcome(tmp_path, _csv(rows), 200, True, staged=True)
        assert written == [True]
        # a file without an as-at column, given --as-at, is staged too
        no_date = "Worker,Case Type,Cases\n" + "".join(f"E{n},CIN,{n}\n" for n in range(1, 9))
        options = ImportOptions(as_at=date(2025, 9, 30))
        assert _outcome(tmp_path, no_date, 200, True, staged=True, options=options) == _outcome(
            tmp_path, no_date, 200, False, options=options
        )
        assert written == [True, True]
    assert staged == _outcome(tmp_path, _csv(rows), 200, False)
    assert staged[0]["rows_added"] == 40


def test_a_clean_file_is_read_in_blocks_and_imports_every_row(tmp_path: Path) -> None:
    rows = [[f"E{1 + n % 8}", f"{1 + n // 8:02d}/09/2025", "CIN", str(n % 4)] for n in range(40)]
    by_column: list[bool] = []
    original = caseloads._long_columns

    def counting(*args: Any) -> Any:
        columns = original(*args)
        by_column.append(columns is not None)
        return columns

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(caseloads, "_long_columns", counting)
        fast = _outcome(tmp_path, _csv(rows), 200, True)  # not staged: by column
    # blocks of 4 rows, a new date every 8: a block that meets a new date parses it once and is
    # still read by column
    assert by_column == [True] * 10
    assert fast == _outcome(tmp_path, _csv(rows), 200, False)
    assert fast[0]["rows_added"] == 40


STAFF_HEADER = [
    "Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date", "End Date",
    "Leaving Reason", "Full Name", "Recruitment Route",
]  # fmt: skip
STAFF_GOOD = [
    ["E1", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "", "A B", ""],
    ["E2", "South", "Senior Practitioner", "FTC", "80%", "2021-03-04", "", "", "", "Frontline"],
    ["E3", "North", "Team Manager", "Agency", "29.6 hrs", "5-Jun-19", "30/09/2024", "Resigned",
     "C D", "Step Up"],
    ["E4", "East", "Social Worker", "Permanent", "0.5", "01/02/2020", "", "", "", "unknown"],
]  # fmt: skip
STAFF_ODD = [
    [],
    ["", "", "", "", "", "", "", "", "", ""],
    ["Total", "", "", "", "3", "", "", "", "", ""],
    ["E5", "North", "Social Worker", "Perm", "1", "01/02/2020", "01/01/2019", "", "", ""],
    ["E1", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""],  # a repeat
    ["E6", "North", "Clerk", "Perm", "1", "01/02/2020", "", "", "", ""],
    ["E7", "North", "Social Worker", "Sometimes", "1", "01/02/2020", "", "", "", ""],
    ["E8", "North", "Social Worker", "Perm", "2", "01/02/2020", "", "", "", ""],
    ["E9", "North", "Social Worker", "Perm", "1", "31/02/2020", "", "", "", ""],
    ["E10", " North", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""],
    ["E11", "West", "", "Perm", "1", "01/02/2020", "", "", "", ""],
    ["E12", "North", "Social Worker", "Perm", "", "01/02/2020", "", "", "", ""],
    ["E13", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "Bored", "", ""],
    ["E14", "=A1", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""],
    ["E15", "North", "Social Worker", "Perm", "1"],
    ["E16", "North", "Social Worker", "Perm", "1", "01/02/2020", "  ", "", "", "Nowhere"],
    ["E17", "North\nEast", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""],
    ["E\n18", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""],
]  # fmt: skip


def _staff_outcome(
    folder: Path, content: str, options: ImportOptions, by_column: bool, staged: bool = False
) -> Any:
    """A first import of ``content`` (staged, by column, or row by row, with ``options``) into a
    fresh store and then one more row over it; the results, log and tables."""
    for stale in folder.glob("s.db*"):
        stale.unlink()
    (folder / "staff.csv").write_text(content, encoding="utf-8")
    db = open_db(folder / "s.db")
    try:
        results = []
        with pytest.MonkeyPatch.context() as patch:
            if not staged:
                patch.setattr(staff, "_staged", lambda sheet, ctx, read: None)
            if not by_column:
                patch.setattr(Sheet, "block", lambda self, numbered, count=True: None)
            for extra in ("", "E99,North,Social Worker,Perm,1,01/01/2025,,,,\n"):
                (folder / "staff.csv").write_text(content + extra)
                result = run_import(db, "staff", folder / "staff.csv", options, clock=lambda: NOW)
                results.append(result.as_json())
        log = db.execute("SELECT * FROM imports ORDER BY id").fetchall()
        log += db.execute("SELECT * FROM import_changes ORDER BY id").fetchall()
        return results, log, dump_tables(db)
    finally:
        db.close()


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.sampled_from(STAFF_GOOD) | st.sampled_from(STAFF_ODD), max_size=30),
    options=st.sampled_from(
        [
            ImportOptions(),
            ImportOptions(problem_limit=2),
            ImportOptions(strict=True, problem_limit=3),
            ImportOptions(keep_names=True),
        ]
    ),
)
def test_staff_by_column_and_row_by_row_give_the_same_import(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], options: ImportOptions
) -> None:
    folder = tmp_path_factory.mktemp("staff-by-column")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STAFF_HEADER)
    writer.writerows(rows)
    content = out.getvalue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff, "BLOCK_ROWS", 3)
        fast = _staff_outcome(folder, content, options, True)
        staged = _staff_outcome(folder, content, options, True, staged=True)
    careful = _staff_outcome(folder, content, options, False)
    assert fast == careful
    assert staged == careful


@pytest.mark.parametrize("cell", [1, 0])  # the team, or the reference (the block's first cell)
def test_a_line_break_in_a_later_block_is_refused_as_row_by_row_refuses_it(
    tmp_path: Path, cell: int
) -> None:
    """Once a block's values are known, a cell holding a line break ('North\\nEast', from Alt+Enter
    in Excel) must not slip through the column-wide check: it is refused, as row by row."""
    odd = ["E9", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "", "", ""]
    odd[cell] = "North\nEast" if cell else "E\n9"
    rows = [STAFF_GOOD[0], STAFF_GOOD[1], STAFF_GOOD[0], STAFF_GOOD[1], odd]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STAFF_HEADER)
    writer.writerows(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff, "BLOCK_ROWS", 2)
        fast = _staff_outcome(tmp_path, out.getvalue(), ImportOptions(), True)
    assert fast == _staff_outcome(tmp_path, out.getvalue(), ImportOptions(), False)
    assert "line break" in json.dumps(fast[0])


RICH_HEADER = [
    "Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date", "End Date",
    "Qualified Date", "Academy Cohort", "SWE Number", "Covering Vacancy", "Full Name",
]  # fmt: skip
RICH_ROWS = [
    ["E1", "North", "Social Worker", "Perm", "1", "01/02/2020", "", "01/06/2019", "", "", "", "A"],
    ["E1", "North", "Senior Practitioner", "Perm", "1", "01/02/2022", "", "", "", "", "", ""],
    ["E2", "South", "Social Worker", "FTC", "80%", "2021-03-04", "", "", "Cohort 1", "", "", ""],
    ["E3", "West", "Social Worker", "Agency", "1", "2021-03-04", "", "", "", "", "Yes", ""],
    ["E4", "north", "Social Worker", "Perm", "0.5", "2021-03-04", "2022-01-01", "", "", "", "", ""],
    ["E5", "North", "Social Worker", "Perm", "1", "2021-03-04", "", "", "", "SW123", "", "B"],
    ["E6", "East", "Team Manager", "Perm", "1", "2019-01-01", "", "", "Cohort 2", "", "No", ""],
    ["E7", "South", "Social Worker", "Perm", "1", "2020-05-05", "", "2020-01-01", "Cohort 1", "",
     "", ""],
    ["E8", "North", "Social Worker", "Perm", "2", "2020-05-05", "", "", "", "", "", ""],
    ["E2", "South", "Social Worker", "FTC", "80%", "2021-03-04", "", "", "Cohort 1", "", "", ""],
]  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.tuples(st.sampled_from(RICH_ROWS), st.booleans()), max_size=25),
    options=st.sampled_from(
        [
            ImportOptions(),
            ImportOptions(strict=True, problem_limit=4),
            ImportOptions(keep_names=True),
        ]
    ),
    batch=st.sampled_from([2, 3, 5000]),
    block_rows=st.sampled_from([3, 7, 2000]),
)
@example(  # a second spell of a worker (a spell and no worker) leaves the spells nearer a flush
    rows=[(RICH_ROWS[0], True), (RICH_ROWS[1], True)] + [(RICH_ROWS[0], False)] * 3,
    options=ImportOptions(),
    batch=3,
    block_rows=2000,
)
def test_staff_blocks_are_written_as_their_rows_would_be(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[list[str], bool]],
    options: ImportOptions,
    batch: int,
    block_rows: int,
) -> None:
    """A block of new workers is written by column in runs, with the rows that are not (a worker
    met before, a new team or cohort, an SWE number to hash) one at a time between them: ids,
    insert batches, journal entries, counts and problems are those of reading row by row, with
    inserts flushed every few rows so that runs are cut where row-by-row writing flushes."""
    folder = tmp_path_factory.mktemp("staff-blocks")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RICH_HEADER)
    # a row's own reference (met again in the file), or one of its own
    writer.writerows([row if again else [f"N{n}", *row[1:]] for n, (row, again) in enumerate(rows)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply_bulk, "_BATCH", batch)
        patch.setattr(staff, "BLOCK_ROWS", block_rows)
        fast = _fresh_staff_outcome(folder, out.getvalue(), options, True)
        staged = _fresh_staff_outcome(folder, out.getvalue(), options, True, staged=True)
        slow = _fresh_staff_outcome(folder, out.getvalue(), options, False)
    assert fast == slow
    assert staged == slow


def _fresh_staff_outcome(
    folder: Path, content: str, options: ImportOptions, by_column: bool, staged: bool = False
) -> Any:
    """The results, log and tables of importing ``content`` into a fresh store, then a copy with
    one more row over it, both staged (falling back to the careful reader by column), read by
    column, or row by row."""
    for stale in folder.glob("f.db*"):
        stale.unlink()
    db = open_db(folder / "f.db")
    results = []
    try:
        with pytest.MonkeyPatch.context() as patch:
            if not staged:
                patch.setattr(staff, "_staged", lambda sheet, ctx, read: None)
            if not by_column:
                patch.setattr(Sheet, "block", lambda self, numbered, count=True: None)
            for extra in ("", "E9,Far,Social Worker,Perm,1,01/01/2025,,,Cohort 3,,,\n"):
                (folder / "staff.csv").write_text(content + extra, encoding="utf-8")
                result = run_import(db, "staff", folder / "staff.csv", options, clock=lambda: NOW)
                results.append(result.as_json())
        log = db.execute("SELECT * FROM imports ORDER BY id").fetchall()
        log += db.execute("SELECT * FROM import_changes ORDER BY id").fetchall()
        return results, log, dump_tables(db)
    finally:
        db.close()


SPELLS_HEADER = [
    "Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date", "End Date",
    "Leaving Reason", "Qualified Date", "Academy Cohort",
]  # fmt: skip


def _spells(workers: int, spells: int, teams: list[str]) -> str:
    """``spells`` rows for each of ``workers`` workers (some of a worker's rows together, some
    apart), in the team ``teams`` names for the row, each worker's details alike on every row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SPELLS_HEADER)
    pairs = [divmod(n, spells) for n in range(workers * spells)]
    for n, (worker, spell) in enumerate(pairs[::2] + pairs[1::2]):  # some together, some not
        ended = spell < spells - 1
        writer.writerow([
            f"W{worker}", teams[n % len(teams)], ("Social Worker", "Team Manager")[spell % 2],
            ("Perm", "FTC", "Agency")[n % 3], ("1", "80%", "29.6 hrs")[n % 3],
            f"0{1 + spell}/02/20{10 + spell}", f"01/01/20{11 + spell}" if ended else "",
            "Resigned" if ended and spell % 2 else "", "01/06/2009" if worker % 3 else "",
            "Cohort 1" if worker % 4 == 1 else "",
        ])  # fmt: skip
    return out.getvalue()


@pytest.mark.parametrize(
    ("workers", "spells", "teams", "batch"),
    [
        (9, 1, ["North"], 5000),
        (7, 3, ["North", "South", "north ", "East"], 4),  # teams met after a flush, respelt
        (5, 4, ["North", "West"], 3),
        (12, 2, ["East"], 5),
    ],
)
def test_a_clean_staff_file_is_written_from_its_stage(
    tmp_path: Path, workers: int, spells: int, teams: list[str], batch: int
) -> None:
    """Several spells per worker, new teams, a known cohort, and inserts flushed every few rows:
    written from the stage, with the ids, batches' journal entries and counts of row by row."""
    written: list[bool] = []
    content = _spells(workers, spells, teams)
    staged = _spells_outcome(tmp_path, content, True, batch, written)
    assert written == [True]
    assert staged == _spells_outcome(tmp_path, content, False, batch, written)
    assert staged[0]["rows_added"] == workers * spells


def _spells_outcome(
    folder: Path, content: str, staged: bool, batch: int, written: list[bool]
) -> Any:
    """The result, log and tables of importing a cohort and then ``content`` into a fresh store,
    staged or row by row, with inserts flushed every ``batch`` rows; whether the stage was
    written is added to ``written``."""
    original = apply_staff.staged_staff

    def counting(*args: Any) -> Any:
        written.append(original(*args))
        return written[-1]

    for stale in folder.glob("c.db*"):
        stale.unlink()
    (folder / "cohorts.csv").write_text("Name,Start,Size\nCohort 1,2019-09-01,5\n")
    (folder / "staff.csv").write_text(content, encoding="utf-8")
    db = open_db(folder / "c.db")
    try:
        run_import(db, "cohorts", folder / "cohorts.csv", clock=lambda: NOW)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(apply_bulk, "_BATCH", batch)
            patch.setattr(apply_staff, "staged_staff", counting)
            if not staged:
                patch.setattr(staff, "_staged", lambda sheet, ctx, read: None)
                patch.setattr(Sheet, "block", lambda self, numbered, count=True: None)
            result = run_import(db, "staff", folder / "staff.csv", clock=lambda: NOW)
        log = db.execute("SELECT * FROM imports ORDER BY id").fetchall()
        log += db.execute("SELECT * FROM import_changes ORDER BY id").fetchall()
        return result.as_json(), log, dump_tables(db)
    finally:
        db.close()


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows.append(rows[1][:]),  # an employee ref and start date twice
        lambda rows: rows[2].__setitem__(8, "01/07/2009"),  # a worker's details on one row
        lambda rows: rows[3].__setitem__(8, "01/07/2009"),  # a worker's details differ
        lambda rows: rows[3].__setitem__(9, "Cohort 9"),  # a cohort not known
        lambda rows: rows[1].__setitem__(6, "01/01/2000"),  # an end before its start
        lambda rows: rows[4].__setitem__(4, "2"),  # an FTE too high
        lambda rows: rows.append(["W1", "North"]),  # a short row
    ],
)
def test_a_staff_file_that_is_not_clean_is_read_carefully(tmp_path: Path, change: Any) -> None:
    rows = list(csv.reader(io.StringIO(_spells(4, 3, ["North"]))))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    written: list[bool] = []
    staged = _spells_outcome(tmp_path, out.getvalue(), True, 5, written)
    assert written == [False]
    assert staged == _spells_outcome(tmp_path, out.getvalue(), False, 5, written)


def test_a_file_whose_first_column_holds_a_total_or_blank_row_is_read_carefully(
    tmp_path: Path,
) -> None:
    """With the team first, a 'Total' or blank team is a row the careful reader skips (or reads
    as a row), which the stage must not write as a team: the file is read carefully."""
    for lead in ("Total", "Grand total:", "  "):
        content = "Team,Emp Ref,Role,Contract,FTE,Start\n" + "".join(
            f"{lead if n == 3 else 'North'},E{n},5,Perm,1,2021-01-01\n" for n in range(6)
        )
        written: list[bool] = []
        original = apply_staff.staged_staff

        def counting(*args: Any, original: Any = original, written: list[bool] = written) -> Any:
            written.append(original(*args))
            return written[-1]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(apply_staff, "staged_staff", counting)
            staged = _staff_outcome(tmp_path, content, ImportOptions(), True, staged=True)
        assert written[0] is False
        assert staged == _staff_outcome(tmp_path, content, ImportOptions(), False)


@pytest.mark.parametrize("kind", ["staff", "caseloads"])
def test_a_staged_dry_run_writes_nothing_and_says_what_the_careful_one_says(
    tmp_path: Path, kind: str
) -> None:
    cases = _csv([[f"E{n}", "30/09/2025", "CIN", str(n)] for n in range(1, 9)])
    content = _spells(6, 2, ["North", "South"]) if kind == "staff" else cases

    def outcome(staged: bool) -> Any:
        for stale in tmp_path.glob("d.db*"):
            stale.unlink()
        (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
        (tmp_path / "file.csv").write_text(content, encoding="utf-8")
        db = open_db(tmp_path / "d.db")
        try:
            run_import(db, "staff", tmp_path / "staff.csv", clock=lambda: NOW)
            (tmp_path / "cohorts.csv").write_text("Name,Start,Size\nCohort 1,2019-09-01,5\n")
            run_import(db, "cohorts", tmp_path / "cohorts.csv", clock=lambda: NOW)
            before = dump_tables(db)
            with pytest.MonkeyPatch.context() as patch:
                for module, name in (
                    (apply_staff, "staged_staff"),
                    (apply_tables, "_staged_caseloads"),
                ):
                    patch.setattr(module, name, counting(getattr(module, name)))
                if not staged:
                    patch.setattr(caseloads, "_staged", lambda sheet, ctx: None)
                    patch.setattr(staff, "_staged", lambda sheet, ctx, read: None)
                result = run_import(
                    db, kind, tmp_path / "file.csv", dry_run=True, clock=lambda: NOW
                )
            assert dump_tables(db) == before
            temporary = db.execute("SELECT name FROM temp.sqlite_master").fetchall()
            assert temporary == []
            return result.as_json()
        finally:
            db.close()

    written: list[bool] = []

    def counting(original: Any) -> Any:
        def count(*args: Any) -> Any:
            written.append(original(*args))
            return written[-1]

        return count

    staged = outcome(True)
    assert written == [True]
    assert staged["outcome"] == "dry-run" and staged["rows_added"] == staged["rows_read"] > 0
    assert staged == outcome(False)


def test_an_agency_extract_is_staged_with_roles_from_its_job_types(tmp_path: Path) -> None:
    """No contract, role or job title column: every row agency, its role from the core job type,
    its FTE and weekly hours from the hours booked, its charge from the pay rate."""
    header = (
        "Candidate ID,Hiring Team,Core Job Type,Hours Booked,Booking Start Date,Supplier,Pay Rate\n"
    )
    types = ["Social Worker", "Senior Social Worker", "Team Manager", "advanced practitioner"]
    content = header + "".join(
        f"A{n % 7},Team {n % 3},{types[n % 4]},{30 + n % 8},0{1 + n // 7}/03/2024,"
        f"{'Acme' if n % 2 else ''},{40 + n % 5}.50\n"
        for n in range(21)
    )
    written: list[bool] = []
    staged = _spells_outcome(tmp_path, content, True, 4, written)
    assert written == [True]
    assert staged == _spells_outcome(tmp_path, content, False, 4, written)
    assert staged[0]["rows_added"] == 21 and staged[0]["warnings"]
