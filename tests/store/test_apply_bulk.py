"""Bulk staff upserts: inserts written in batches, updates journalled, undo exact."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cswork.services.imports import run_import, undo_import
from cswork.store import Database, apply_bulk, open_db
from cswork.store.imports import Journal, start_import

HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,Qualified Date"


@pytest.fixture
def demo_copy(demo_path: Path, tmp_path: Path) -> Database:
    """A writable copy of the demo authority."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_path, target)
    return open_db(target)


def test_batched_inserts_and_updates_of_old_and_new_rows_undo_exactly(
    demo_copy: Database,
    tmp_path: Path,
    dump: Callable[[Database], object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(apply_bulk, "_BATCH", 2)  # flush often: workers must precede their spells
    db = demo_copy
    ref, qualified = db.execute(
        "SELECT w.employee_ref, w.qualified_date FROM role_spells s "
        "JOIN workers w ON w.id = s.worker_id WHERE w.qualified_date IS NOT NULL "
        "AND s.end_date IS NULL ORDER BY s.id LIMIT 1"
    ).fetchone()
    assert qualified != "2001-02-03"
    before = dump(db)
    rows = [
        f"{ref},Brand New Team,Social Worker,Perm,0.5,2025-10-01,2001-02-03",  # old worker
        "NEW1,Brand New Team,Social Worker,Perm,1,2024-01-01,",  # new worker ...
        "NEW1,Brand New Team,Senior Practitioner,Perm,1,2025-01-01,2019-07-01",  # ... updated
        *(f"NEW{n},North Star,Social Worker,Agency,1,2025-02-0{n}," for n in range(2, 8)),
    ]
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run_import(db, "staff", path)
    assert (result.outcome, result.counts.added, result.counts.changed) == (
        "ok",
        9,
        0,
    )  # every row adds a spell
    assert db.execute(
        "SELECT qualified_date FROM workers WHERE employee_ref = ?", (ref,)
    ).fetchone() == ("2001-02-03",)
    assert db.execute(
        "SELECT w.qualified_date, COUNT(s.id) FROM workers w JOIN role_spells s "
        "ON s.worker_id = w.id WHERE w.employee_ref = 'NEW1'"
    ).fetchone() == ("2019-07-01", 2)
    ops = dict(
        db.execute(
            "SELECT table_name || ':' || op, SUM(COALESCE(last_row_id, row_id) - row_id + 1) "
            "FROM import_changes WHERE import_id = ? GROUP BY 1",
            (result.import_id,),
        ).fetchall()
    )
    # rows journalled: 2 teams, 7 new workers, 9 spells (as runs of ids); one before-image (the
    # old worker); none for NEW1's update
    assert ops == {
        "teams:insert": 2,
        "workers:insert": 7,
        "role_spells:insert": 9,
        "workers:update": 1,
    }
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


@pytest.mark.parametrize("remember", [True, False])
def test_a_key_added_twice_is_updated_in_place_without_a_before_image(
    db: Database, remember: bool
) -> None:
    import_id = start_import(db, "staff", "x.csv", "0" * 64, "2025-10-01T00:00:00")
    journal = Journal(db, import_id)
    workers = apply_bulk.KeyedRows(db, journal, "workers", ("employee_ref",), remember=remember)
    assert workers.upsert(("E1",), {"qualified_date": None}) == ("added", 1)
    assert workers.upsert(("E2",), {}) == ("added", 2)
    assert workers.upsert(("E1",), {"qualified_date": None}) == ("same", 1)
    assert workers.upsert(("E1",), {"qualified_date": "2019-07-01"}) == ("changed", 1)
    assert workers.upsert(("E1",), {"qualified_date": "2019-07-01"}) == ("same", 1)
    workers.flush()
    journal.flush()
    assert db.execute("SELECT id, employee_ref, qualified_date FROM workers").fetchall() == [
        (1, "E1", "2019-07-01"),
        (2, "E2", None),
    ]
    assert db.execute("SELECT row_id, last_row_id, op FROM import_changes").fetchall() == [
        (1, 2, "insert")  # one run of ids
    ]
