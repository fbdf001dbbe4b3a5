"""Caseload counts written in batches: replaced counts, repeats within the file, and exact undo.

The batch size is cut to 2 so that every path of the writer is taken on a small file: a batch that
goes in whole, one that meets counts stored before the import, and repeats within one batch and
across batches.
"""

from __future__ import annotations

import pytest

from cswork.importers import caseloads
from cswork.services.imports import undo_import
from cswork.store import Database, apply_tables

STAFF = (
    "Emp Ref,Team,Role,Contract,FTE,Start\n"
    "E1,North,5,Perm,1,2021-01-01\nE2,North,5,Perm,1,2021-01-01\nE3,North,5,Perm,1,2021-01-01\n"
)
HEADER = "Worker,As At,Case Type,Cases\n"


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply_tables, "CASELOAD_BATCH", 2)
    monkeypatch.setattr(caseloads, "CASELOAD_BATCH", 2)


def _counts(db: Database) -> dict[tuple[str, str, str], int]:
    rows = db.execute(
        "SELECT w.employee_ref, c.as_at, c.case_type, c.cases FROM caseloads c "
        "JOIN workers w ON w.id = c.worker_id"
    ).fetchall()
    return {(ref, as_at, case_type): cases for ref, as_at, case_type, cases in rows}


def test_stored_counts_are_replaced_and_the_rest_added_then_undone_exactly(
    write, load, db: Database, dump
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    first = write("a.csv", HEADER + "E1,2025-09-30,CIN,4\nE2,2025-09-30,CP,2\nE3,2025-09-30,CL,1\n")
    assert load("caseloads", first).counts.added == 3
    before = dump(db)
    # rows 2-3: a batch that goes in whole; rows 4-5 meet stored counts (one changed, one the
    # same); rows 6-7 a batch of one new count and one changed stored count
    second = write(
        "b.csv",
        HEADER + "E1,2025-10-31,CIN,5\nE2,2025-10-31,CIN,1\n"
        "E1,2025-09-30,CIN,6\nE2,2025-09-30,CP,2\n"
        "E3,2025-10-31,CIN,7\nE3,2025-09-30,CL,0\n",
    )
    result = load("caseloads", second)
    assert (result.outcome, result.counts.added, result.counts.changed) == ("ok", 3, 2)
    assert _counts(db) == {
        ("E1", "2025-09-30", "CIN"): 6,
        ("E2", "2025-09-30", "CP"): 2,
        ("E3", "2025-09-30", "CL"): 0,
        ("E1", "2025-10-31", "CIN"): 5,
        ("E2", "2025-10-31", "CIN"): 1,
        ("E3", "2025-10-31", "CIN"): 7,
    }
    # the three new rows are one journal entry; the two replaced counts have before-images
    entries = db.execute(
        "SELECT op, row_id, last_row_id FROM import_changes WHERE import_id = ? ORDER BY id",
        (result.import_id,),
    ).fetchall()
    assert sorted(entries) == [("insert", 4, 6), ("update", 1, None), ("update", 3, None)]
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


def test_repeats_within_a_batch_across_batches_and_of_a_replaced_count_name_the_first_row(
    write, load, db: Database, dump
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    assert load("caseloads", write("a.csv", HEADER + "E1,2025-09-30,CIN,4\n")).outcome == "ok"
    before = dump(db)
    path = write(
        "b.csv",
        HEADER + "E2,2025-10-31,CP,1\nE2,2025-10-31,CP,2\n"  # rows 2, 3: same batch
        "E3,2025-10-31,CP,1\nE1,2025-09-30,CIN,5\n"  # row 5 replaces a stored count
        "E3,2025-10-31,CP,3\nE1,2025-09-30,CIN,6\n",  # rows 6, 7: repeat rows 4 and 5
    )
    result = load("caseloads", path)
    assert result.outcome == "failed"
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "Case Type", "duplicate of row 2 (same worker, date and case type)"),
        (6, "Case Type", "duplicate of row 4 (same worker, date and case type)"),
        (7, "Case Type", "duplicate of row 5 (same worker, date and case type)"),
    ]
    assert dump(db) == before


def test_every_problem_is_reported_in_file_order_even_after_the_first(
    write, load, db: Database, dump
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    before = dump(db)
    path = write(
        "c.csv",
        HEADER + "E9,2025-09-30,CIN,1\nE1,2025-09-30,CIN,1\nE1,2025-09-30,CIN,2\n"
        "E8,2025-09-30,CIN,1\n",
    )
    result = load("caseloads", path)
    assert [(p.row, p.value, p.reason[:20]) for p in result.problems] == [
        (2, "E9", "unknown worker refer"),
        (4, "CIN", "duplicate of row 3 ("),
        (5, "E8", "unknown worker refer"),
    ]
    assert dump(db) == before
