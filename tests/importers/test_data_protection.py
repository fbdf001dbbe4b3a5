"""Data minimisation (docs/design.md, Data protection): what an import must never leave in the database file.

Checked against the raw bytes of the database and its write-ahead log, not only the tables, so
that a value written and rolled back, or kept in the import log, would be found too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cswork.store import Database
from cswork.store.caseloads import load_case_counts

STAFF = (
    "Emp Ref,Team,Role,Contract,FTE,Start,Full Name,Salary,Home Address\n"
    "E1,North,5,Perm,1,2021-01-01,Ann Zedcombe,41234,1 Qwerty Lane\n"
    "E2,North,5,Perm,1,2021-01-01,Bo Yarrowfield,42345,2 Qwerty Lane\n"
)
#: Cell values of unmapped columns and of names, none of which may be stored by default.
PERSONAL = ("Zedcombe", "Yarrowfield", "41234", "42345", "Qwerty Lane")


def _at_rest(db: Database, path: Path) -> bytes:
    """Every byte of the database: the file and, if present, its write-ahead log."""
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def _found(data: bytes, values: tuple[str, ...]) -> list[str]:
    return [value for value in values if value.encode() in data]


def test_names_and_unmapped_columns_are_never_stored(
    write, load, db: Database, tmp_path: Path
) -> None:
    result = load("staff", write("staff.csv", STAFF))
    assert (result.outcome, result.counts.added) == ("ok", 2)
    assert result.warnings == (
        "column 'name' was not read or stored (pass --keep-names to keep it)",
    )
    assert _found(_at_rest(db, tmp_path / "test.db"), PERSONAL) == []


def test_names_are_stored_with_keep_names_but_unmapped_columns_still_not(
    write, load, db: Database, tmp_path: Path
) -> None:
    assert load("staff", write("staff.csv", STAFF), keep_names=True).outcome == "ok"
    stored = _at_rest(db, tmp_path / "test.db")
    assert _found(stored, PERSONAL) == ["Zedcombe", "Yarrowfield"]


def test_a_failed_import_leaves_no_personal_values_in_the_log(
    write, load, db: Database, tmp_path: Path
) -> None:
    bad = STAFF + "E3,North,5,Perm,9,2021-01-01,Cy Xanthoula,43456,3 Qwerty Lane\n"
    result = load("staff", write("bad.csv", bad), keep_names=True)
    assert result.outcome == "failed"
    assert [(p.row, p.column, p.value) for p in result.problems] == [(4, "FTE", "9")]
    assert _found(_at_rest(db, tmp_path / "test.db"), (*PERSONAL, "Xanthoula")) == []


ALLOCATIONS = (
    "Allocated Worker,Child ID,Legal Status,Date,Child Name\n"
    "E1,CHILD-QX-0001,CP,2025-09-30,Dee Quillfeather\n"
    "E1,CHILD-QX-0002,CP,2025-09-30,Eli Quillfeather\n"
    "E1,CHILD-QX-0003,Child in Need,2025-09-30,Fay Quillfeather\n"
    "E2,CHILD-QX-0004,Looked After,2025-09-30,Gus Quillfeather\n"
)


def test_child_identifiers_are_never_stored(write, load, db: Database, tmp_path: Path) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    result = load("caseloads", write("alloc.csv", ALLOCATIONS))
    assert (result.outcome, result.counts.read, result.counts.added) == ("ok", 4, 3)
    counts = {(c.worker_ref, c.case_type): c.cases for c in load_case_counts(db)}
    assert counts == {("E1", "CP"): 2, ("E1", "CIN"): 1, ("E2", "CLA"): 1}
    assert _found(_at_rest(db, tmp_path / "test.db"), ("CHILD-QX", "Quillfeather")) == []


@pytest.mark.parametrize(
    "extra",
    [
        "NOBODY,CHILD-QX-0005,CP,2025-09-30,Hal Quillfeather\n",  # found while applying
        "E2,CHILD-QX-0005,Wizardry,2025-09-30,Hal Quillfeather\n",  # found while reading
    ],
)
def test_a_failed_allocation_import_stores_no_child_identifiers(
    write, load, db: Database, tmp_path: Path, extra: str
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    result = load("caseloads", write("alloc.csv", ALLOCATIONS + extra))
    assert result.outcome == "failed" and [p.row for p in result.problems] == [6]
    assert load_case_counts(db) == []
    assert _found(_at_rest(db, tmp_path / "test.db"), ("CHILD-QX", "Quillfeather")) == []


def test_a_repeated_allocation_is_an_error_naming_both_rows_without_the_child_id(
    write, load, db: Database
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    repeated = ALLOCATIONS + "E1,CHILD-QX-0002,CP,30/09/2025,Eli Quillfeather\n"
    result = load("caseloads", write("alloc.csv", repeated))
    assert result.outcome == "failed"
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        6,
        "Child ID",
        "",
        "duplicate of row 3 (same worker, date, case type and child)",
    )
    assert load_case_counts(db) == []
    # the same child under another worker, or another case type, is another allocation
    other = ALLOCATIONS + "E2,CHILD-QX-0002,CP,2025-09-30,Eli Quillfeather\n"
    assert load("caseloads", write("other.csv", other)).outcome == "ok"
    counts = {(c.worker_ref, c.case_type): c.cases for c in load_case_counts(db)}
    assert counts == {("E1", "CP"): 2, ("E1", "CIN"): 1, ("E2", "CLA"): 1, ("E2", "CP"): 1}
