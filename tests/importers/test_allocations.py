"""The ``allocations`` import: an allocation history becomes continuity counts, atomically and
undoably, and no child identifier (nor a hash of one) ever reaches the database file or its WAL."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from cswork.model.continuity import TeamContinuity
from cswork.services.imports import undo_import
from cswork.store import Database
from cswork.store.continuity import load_continuity
from tests.model.test_continuity import EXPECTED, HISTORY, MONTH_ENDS

#: The leavers of the hand-worked history (L, S and A), and everyone else in post.
STAFF = "Emp Ref,Team,Role,Contract,FTE,Start,End\n" + "".join(
    f"{ref},North,5,Perm,1,2020-01-01,{end}\n"
    for ref, end in (
        ("A", "2025-06-30"),
        ("L", "2025-02-20"),
        ("S", "2025-01-15"),
        *((ref, "") for ref in "BCDEFGHIJKMNPQRT"),
    )
)


def _child_id(child: int) -> str:
    return f"LCS{700100 + child}"


def _uk(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _history_csv(header: str = "Child ID,Worker,Team,Start Date,End Date") -> str:
    rows = (
        f"{_child_id(a.child)},{a.worker},{a.team},{_uk(a.start)},{_uk(a.end)}\n" for a in HISTORY
    )
    return header + "\n" + "".join(rows)


def _stored_at(db: Database, days: tuple[date, ...]) -> list[TeamContinuity]:
    rows = [r for r in load_continuity(db) if r.month_end in days]
    return sorted(rows, key=lambda r: (r.team, r.month_end))


def _bytes_at_rest(path: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk now."""
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def _traces(child_ids: list[str]) -> list[bytes]:
    """Each identifier as text, and its MD5, SHA-1 and SHA-256 in hex (either case) and raw."""
    found: list[bytes] = []
    for child_id in child_ids:
        raw = child_id.encode()
        found.append(raw)
        for algorithm in ("md5", "sha1", "sha256"):
            digest = hashlib.new(algorithm, raw)
            hexed = digest.hexdigest()
            found += [hexed.encode(), hexed.upper().encode(), digest.digest()]
    return found


def test_the_history_is_counted_as_worked_by_hand(write, load, db: Database) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    result = load("allocations", write("alloc.csv", _history_csv()), as_at=date(2025, 5, 31))
    assert result.outcome == "ok", result.problems
    assert result.counts.read == len(HISTORY)
    assert result.warnings == ()
    assert result.details[0].startswith("9 children in 21 allocations; continuity counted at")
    assert _stored_at(db, MONTH_ENDS) == EXPECTED


def test_real_extract_headers_are_understood(write, load, db: Database) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    header = "Person ID,Allocated Worker,Allocated Team,Allocation Start,Allocation End"
    result = load("allocations", write("alloc.csv", _history_csv(header)), as_at=date(2025, 5, 31))
    assert result.outcome == "ok", result.problems
    assert _stored_at(db, MONTH_ENDS) == EXPECTED


def test_no_child_identifier_nor_its_hash_is_in_the_database_or_its_wal(
    write, load, db: Database, tmp_path: Path
) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    ids = sorted({_child_id(a.child) for a in HISTORY})
    # a failed import (rolled back), a dry run, then the real one, read before any checkpoint
    bad = _history_csv() + f"{ids[0]},A,North,01/02/2025,31/01/2025\n"
    assert load("allocations", write("bad.csv", bad)).outcome == "failed"
    assert load("allocations", write("alloc.csv", _history_csv()), dry_run=True).ok
    result = load("allocations", write("alloc.csv", _history_csv()))
    assert result.outcome == "ok"
    path = tmp_path / "test.db"
    assert path.with_name("test.db-wal").stat().st_size > 0  # the import is in the WAL
    assert [t for t in _traces(ids) if t in _bytes_at_rest(path)] == []
    undo_import(db, result.import_id or 0)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert [t for t in _traces(ids) if t in _bytes_at_rest(path)] == []


def test_an_xlsx_with_excel_dates_and_serial_numbers(xlsx, load, write, db: Database) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    rows: list[list[object]] = [["Mosaic ID", "Worker Ref", "Team", "Start Date", "End Date"]]
    for a in HISTORY:
        # even rows as spreadsheet dates, odd rows as Excel serial numbers
        start: object = a.start if a.child % 2 == 0 else (a.start - date(1899, 12, 30)).days
        rows.append([700100 + a.child, a.worker, a.team, start, a.end])
    path = xlsx("alloc.xlsx", {"Allocations": rows})
    result = load("allocations", path, as_at=date(2025, 5, 31))
    assert result.outcome == "ok", result.problems
    assert _stored_at(db, MONTH_ENDS) == EXPECTED


def test_a_header_only_file_is_a_clean_no_op(write, load, db: Database) -> None:
    result = load("allocations", write("alloc.csv", "Child ID,Worker,Team,Start Date,End Date\n"))
    assert (result.outcome, result.no_data_rows) == ("no-op", True)
    assert load_continuity(db) == []


@pytest.mark.parametrize(
    ("extra", "row", "column", "value", "reason"),
    [
        (
            "LCS700101,A,North,01/02/2025,31/01/2025\n",
            23,
            "End Date",
            "2025-01-31",
            "the end date is before the start date",
        ),
        ("LCS700101,A,North,31/02/2025,\n", 23, "Start Date", "31/02/2025", "not a real date"),
        ("LCS700101,A,North,,\n", 23, "Start Date", "", "a value is required"),
        ("LCS700101,,North,01/02/2025,\n", 23, "Worker", "", "a value is required"),
        (
            "LCS700101,A,North,01/06/2024,\n",
            23,
            "Child ID",
            "",
            "duplicate of row 2 (same child, worker and start date)",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    write, load, db: Database, dump, extra: str, row: int, column: str, value: str, reason: str
) -> None:
    before = dump(db)
    result = load("allocations", write("alloc.csv", _history_csv() + extra))
    assert result.outcome == "failed"
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "alloc.csv",
        row,
        column,
        value,
    )
    assert problem.reason.startswith(reason), problem.reason
    assert "LCS" not in problem.reason
    assert dump(db) == before
    assert load_continuity(db) == []


def test_a_missing_column_is_named(write, load) -> None:
    result = load(
        "allocations", write("alloc.csv", "Child ID,Worker,Start Date\nX1,A,01/01/2025\n")
    )
    assert result.outcome == "failed"
    assert [(p.row, p.column) for p in result.problems] == [(1, "team")]


def test_a_history_shorter_than_a_year_is_refused(write, load, db: Database) -> None:
    short = "Child ID,Worker,Team,Start Date,End Date\nX1,A,North,01/01/2025,\n"
    result = load("allocations", write("alloc.csv", short), as_at=date(2025, 6, 30))
    assert result.outcome == "failed"
    assert "needs a month end with the 12 months before it" in result.problems[0].reason
    assert load_continuity(db) == []


def test_dry_run_undo_strict_and_the_same_file_again(write, load, db: Database, dump) -> None:
    path = write("alloc.csv", _history_csv())
    before = dump(db)
    preview = load("allocations", path, dry_run=True)
    assert preview.outcome == "dry-run" and preview.counts.added > 0
    assert dump(db) == before
    strict = load("allocations", path, strict=True)
    assert strict.outcome == "failed"
    assert {(p.column, p.reason.split(" (")[0]) for p in strict.problems} == {
        ("Team", "unknown team")
    }
    result = load("allocations", path)
    assert result.outcome == "ok" and result.counts.added == preview.counts.added
    assert [w.split(",")[0] for w in result.warnings] == ["no staff data is stored"]
    assert load("allocations", path).outcome == "no-op"
    undo_import(db, result.import_id or 0)
    assert {k: v for k, v in dump(db).items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }


def test_a_later_extract_replaces_the_month_ends_it_covers(write, load, db: Database) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"
    assert load("allocations", write("a.csv", _history_csv()), as_at=date(2025, 5, 31)).ok
    # the same history without child 3 (South only, held on 31 December 2024 and 31 January 2025)
    without = "\n".join(
        line for line in _history_csv().splitlines() if not line.startswith(_child_id(3))
    )
    again = load("allocations", write("b.csv", without + "\n"), as_at=date(2025, 5, 31))
    assert again.outcome == "ok" and again.counts.changed == 2
    [south] = [r for r in load_continuity(db) if r.team == "South" and r.month_end == MONTH_ENDS[0]]
    assert south.by_workers == (1, 1, 0, 0)


def test_workers_missing_from_the_staff_data_are_counted_with_a_warning(
    write, load, db: Database
) -> None:
    without_t = "\n".join(line for line in STAFF.splitlines() if not line.startswith("T,"))
    assert load("staff", write("staff.csv", without_t + "\n")).outcome == "ok"
    result = load("allocations", write("alloc.csv", _history_csv()), as_at=date(2025, 5, 31))
    assert result.outcome == "ok"
    assert result.warnings == (
        "1 worker reference is not in the staff data: their children are counted, but whether "
        "the worker left is not known",
    )
    assert _stored_at(db, MONTH_ENDS) == EXPECTED
