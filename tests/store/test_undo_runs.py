"""Undo reverses journal entries in runs (one statement per run), in the same order, exactly."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cswork.model.imports import ApplyCounts
from cswork.store import Database, imports
from cswork.store.imports import Journal, finish_import, row_dict, start_import, undo


def _update(db: Database, journal: Journal, table: str, row_id: int, **values: object) -> None:
    before = row_dict(db, table, row_id)
    assert before is not None
    journal.updated(table, before)
    assignments = ", ".join(f"[{c}] = ?" for c in values)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id])


@pytest.mark.parametrize("batch", [1, 2, 10_000])
def test_mixed_runs_and_repeated_updates_are_undone_exactly(
    db: Database,
    dump: Callable[[Database], object],
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(imports, "_UNDO_BATCH", batch)
    db.execute("INSERT INTO teams (id, name) VALUES (1, 'North')")
    db.execute("INSERT INTO workers (id, employee_ref, qualified_date) VALUES (1, 'E1', NULL)")
    db.execute(
        "INSERT INTO workers (id, employee_ref, qualified_date) VALUES (2, 'E2', '2015-01-01')"
    )
    db.execute(
        "INSERT INTO caseloads (id, worker_id, as_at, case_type, cases) "
        "VALUES (1, 1, '2025-01-31', 'CIN', 4), (2, 2, '2025-01-31', 'CP', 2)"
    )
    before = dump(db)
    import_id = start_import(db, "staff", "x.csv", "0" * 64, "2025-10-01T00:00:00")
    journal = Journal(db, import_id)
    db.execute("INSERT INTO teams (id, name) VALUES (2, 'South')")
    journal.inserted("teams", 2)
    for worker in (3, 4, 5):
        db.execute("INSERT INTO workers (id, employee_ref) VALUES (?, ?)", (worker, f"E{worker}"))
        journal.inserted("workers", worker)
    # the same row updated twice: undo must end at the first before-image
    _update(db, journal, "workers", 1, qualified_date="2020-02-02")
    _update(db, journal, "workers", 1, qualified_date="2021-03-03", display_name="Changed")
    _update(db, journal, "workers", 2, qualified_date=None)
    _update(db, journal, "caseloads", 1, cases=9)
    _update(db, journal, "caseloads", 2, cases=0)
    gone = row_dict(db, "caseloads", 2)
    assert gone is not None
    db.execute("DELETE FROM caseloads WHERE id = 2")
    journal.deleted("caseloads", gone)
    db.execute(
        "INSERT INTO caseloads (id, worker_id, as_at, case_type, cases) "
        "VALUES (3, 4, '2025-01-31', 'CL', 1)"
    )
    journal.inserted("caseloads", 3)
    journal.flush()
    finish_import(db, import_id, ApplyCounts(read=1), outcome="ok", at="x", message="m")
    assert dump(db) != before
    assert undo(db, import_id, "2025-10-02T00:00:00") == 11
    assert dump(db) == before
    assert db.execute("SELECT outcome FROM imports WHERE id = ?", (import_id,)).fetchone() == (
        "undone",
    )
