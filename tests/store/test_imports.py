"""The import log and undo journal: atomic, idempotent, exactly undoable, with snapshots."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cswork.importers import ImportOptions
from cswork.services.imports import (
    UndoRefusedError,
    import_log,
    last_failed_import,
    run_import,
    undo_import,
)
from cswork.store import Database, open_db
from cswork.store.settings import set_setting

HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date,End Date"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo_copy(demo_path: Path, tmp_path: Path) -> Database:
    """A writable copy of the demo authority."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_path, target)
    return open_db(target)


def test_staff_import_updates_matched_spells_and_undo_restores_exactly(
    demo_copy: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    db = demo_copy
    ref, start = db.execute(
        "SELECT w.employee_ref, s.start_date FROM role_spells s JOIN workers w ON w.id = s.worker_id "
        "WHERE s.end_date IS NULL AND s.contract = 'permanent' ORDER BY s.id LIMIT 1"
    ).fetchone()
    spells_before = db.execute("SELECT COUNT(*) FROM role_spells").fetchone()[0]
    before = dump(db)
    path = _write(
        tmp_path,
        "update.csv",
        f"{HEADER},Leaving Reason\n{ref},Brand New Team,Social Worker,Perm,0.6,{start},2025-09-30,Resigned\n"
        "N1,Brand New Team,Social Worker,Perm,1,2025-09-01,,\n",
    )
    result = run_import(db, "staff", path)
    assert (result.outcome, result.counts.added, result.counts.changed) == ("ok", 1, 1)
    assert db.execute("SELECT COUNT(*) FROM role_spells").fetchone()[0] == spells_before + 1
    fte, end, reason = db.execute(
        "SELECT s.fte, s.end_date, s.leaving_reason FROM role_spells s "
        "JOIN workers w ON w.id = s.worker_id WHERE w.employee_ref = ? AND s.start_date = ?",
        (ref, start),
    ).fetchone()
    assert (fte, end, reason) == (0.6, "2025-09-30", "resignation")
    assert dump(db) != before
    assert undo_import(db, result.import_id or 0).rows_restored == 4  # team, worker, 2 spells
    assert dump(db) == before
    assert import_log(db)[0].outcome == "undone"


def test_caseload_import_and_undo_exact_on_the_demo(
    demo_copy: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    db = demo_copy
    workers = [r[0] for r in db.execute("SELECT employee_ref FROM workers ORDER BY id LIMIT 40")]
    rows = "".join(f"{ref},2025-09-30,CIN,{i % 7}\n" for i, ref in enumerate(workers))
    before = dump(db)
    result = run_import(
        db, "caseloads", _write(tmp_path, "c.csv", "Worker,As At,Case Type,Cases\n" + rows)
    )
    assert result.outcome == "ok"
    assert result.counts.added + result.counts.changed > 0
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


def test_reimporting_an_identical_file_is_a_no_op_that_says_so(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    path = _write(tmp_path, "hr.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n")
    first = run_import(db, "staff", path)
    after_first = dump(db)
    again = run_import(db, "staff", _write(tmp_path, "renamed.csv", path.read_text()))
    assert again.outcome == "no-op"
    assert again.message.startswith(f"identical to import #{first.import_id} of hr.csv")
    assert dump(db) == after_first
    assert [r.outcome for r in import_log(db)] == ["no-op", "ok"]
    undo_import(db, first.import_id or 0)
    assert run_import(db, "staff", path).outcome == "ok"  # after undo, the file applies again


def test_an_identical_file_with_another_as_at_date_is_read_again(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    """The same caseload report given a new --as-at date is new data, not a no-op."""
    staff = f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n"
    run_import(db, "staff", _write(tmp_path, "hr.csv", staff))
    path = _write(tmp_path, "wide.csv", "Worker,CIN,CP\nE1,3,2\n")
    august = run_import(db, "caseloads", path, ImportOptions(as_at=date(2025, 8, 31)))
    september = run_import(db, "caseloads", path, ImportOptions(as_at=date(2025, 9, 30)))
    assert (september.outcome, september.counts.added) == ("ok", 2)
    assert september.warnings == (
        f"the same file as import #{august.import_id} (wide.csv), read again with these options "
        "and settings, changes what is stored",
    )
    assert db.execute(
        "SELECT as_at, case_type, cases FROM caseloads ORDER BY as_at, case_type"
    ).fetchall() == [
        ("2025-08-31", "CIN", 3),
        ("2025-08-31", "CP", 2),
        ("2025-09-30", "CIN", 3),
        ("2025-09-30", "CP", 2),
    ]
    after = dump(db)
    again = run_import(db, "caseloads", path, ImportOptions(as_at=date(2025, 9, 30)))
    assert again.outcome == "no-op"
    assert again.message.startswith(f"identical to import #{september.import_id} of wide.csv")
    assert dump(db) == after
    preview = run_import(
        db, "caseloads", path, ImportOptions(as_at=date(2025, 10, 31)), dry_run=True
    )
    assert (preview.outcome, preview.counts.added) == ("dry-run", 2)


def test_an_identical_file_is_read_again_with_a_corrected_mapping(
    db: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "hr.csv", f"{HEADER}\nE1,North,Social Worker,CAS,1,2021-01-01,\n")
    mapping = _write(tmp_path, "map.toml", '[values.contract]\n"CAS" = "permanent"\n')
    run_import(db, "staff", path, ImportOptions(mapping=mapping))
    mapping.write_text('[values.contract]\n"CAS" = "agency"\n', encoding="utf-8")
    fixed = run_import(db, "staff", path, ImportOptions(mapping=mapping))
    assert (fixed.outcome, fixed.counts.changed) == ("ok", 1)
    assert db.execute("SELECT contract FROM role_spells").fetchall() == [("agency",)]


def test_an_identical_hours_file_is_read_again_after_standard_hours_change(
    db: Database, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "hr.csv",
        "Employee Number,Team,Job Title,Contract Type,Hours,Start Date\n"
        "E1,North,Social Worker,Perm,29.6,2021-01-01\n",
    )
    run_import(db, "staff", path)
    assert db.execute("SELECT fte FROM role_spells").fetchall() == [(0.8,)]  # 29.6 / 37
    set_setting(db, "standard_hours", "36")
    again = run_import(db, "staff", path)
    assert (again.outcome, again.counts.changed) == ("ok", 1)
    # 29.6 / 36 = 0.82222..., stored to four places
    assert db.execute("SELECT fte FROM role_spells").fetchall() == [(0.8222,)]
    assert run_import(db, "staff", path).outcome == "no-op"


def test_dry_run_writes_nothing_not_even_the_log(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    path = _write(tmp_path, "hr.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n")
    before = dump(db)
    result = run_import(db, "staff", path, dry_run=True)
    assert (result.outcome, result.import_id, result.counts.added) == ("dry-run", None, 1)
    assert result.message.startswith("dry run: 1 row read; would be 1 added")
    assert dump(db) == before
    assert import_log(db) == []
    assert db.execute("SELECT COUNT(*) FROM import_changes").fetchone()[0] == 0


def test_a_dry_run_counts_what_would_be_added_changed_and_closed_exactly_as_the_import_does(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    first = (
        f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n"
        "E2,North,Social Worker,Perm,1,2021-01-01,\nE3,South,Social Worker,Perm,1,2022-01-01,\n"
    )
    run_import(db, "staff", _write(tmp_path, "first.csv", first))
    # E1 goes part time (changed), E4 joins (added), E2 and E3 are absent (closed)
    second = _write(
        tmp_path,
        "second.csv",
        f"{HEADER}\nE1,North,Social Worker,Perm,80%,2021-01-01,\n"
        "E4,South,Social Worker,Agency,1,2025-09-01,\n",
    )
    options = ImportOptions(snapshot=date(2025, 9, 30))
    before = dump(db)
    preview = run_import(db, "staff", second, options, dry_run=True)
    counts = (preview.counts.added, preview.counts.changed, preview.counts.closed)
    assert (preview.outcome, counts) == ("dry-run", (1, 1, 2))
    assert preview.message == (
        "dry run: 2 rows read; would be 1 added, 1 changed, 2 closed; "
        "0 blank or total rows skipped; nothing written"
    )
    assert preview.details == (
        "close E2 (North, in post since 2021-01-01) at 2025-09-30: not in the snapshot",
        "close E3 (South, in post since 2022-01-01) at 2025-09-30: not in the snapshot",
    )
    assert dump(db) == before
    done = run_import(db, "staff", second, options)
    assert (done.counts.added, done.counts.changed, done.counts.closed) == (1, 1, 2)
    assert done.details == preview.details


def test_a_snapshot_that_closes_more_spells_than_it_lists_warns(
    db: Database, tmp_path: Path
) -> None:
    three = "".join(f"E{n},North,Social Worker,Perm,1,2021-01-01,\n" for n in (1, 2, 3))
    run_import(db, "staff", _write(tmp_path, "all.csv", f"{HEADER}\n{three}"))
    one_team = _write(
        tmp_path, "part.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n"
    )
    options = ImportOptions(snapshot=date(2025, 9, 30))
    warning = (
        "the snapshot closes 2 spells, more than the 1 rows the file lists: check it is everyone "
        "in post on 2025-09-30 (undo the import if not)"
    )
    assert run_import(db, "staff", one_team, options, dry_run=True).warnings == (warning,)
    assert run_import(db, "staff", one_team, options).warnings == (warning,)
    two = _write(tmp_path, "two.csv", f"{HEADER}\n{three}".rsplit("E3", 1)[0])
    assert run_import(db, "staff", two, options, dry_run=True).warnings == ()  # nothing to close


def test_snapshot_closes_open_spells_absent_from_the_file(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    first = _write(
        tmp_path,
        "june.csv",
        f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\nE2,North,Social Worker,Perm,1,2021-01-01,\n"
        "E3,North,Social Worker,Perm,1,2021-01-01,2022-01-01\nE4,North,Social Worker,Perm,1,2025-08-01,\n",
    )
    run_import(db, "staff", first)
    later = _write(tmp_path, "july.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n")
    options = ImportOptions(snapshot=date(2025, 7, 31))
    before = dump(db)
    preview = run_import(db, "staff", later, options, dry_run=True)
    assert preview.counts.closed == 1
    assert preview.details == (
        "close E2 (North, in post since 2021-01-01) at 2025-07-31: not in the snapshot",
    )
    assert dump(db) == before
    result = run_import(db, "staff", later, options)
    assert result.counts.closed == 1
    ends = dict(
        db.execute(
            "SELECT w.employee_ref, s.end_date FROM role_spells s JOIN workers w ON w.id = s.worker_id"
        ).fetchall()
    )
    # E3 had already left; E4 started after the snapshot date, so the file could not list them
    assert ends == {"E1": None, "E2": "2025-07-31", "E3": "2022-01-01", "E4": None}
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


def test_a_failed_import_writes_nothing_and_logs_problems_without_values(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    run_import(
        db,
        "staff",
        _write(tmp_path, "ok.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01,\n"),
    )
    before = dump(db)
    path = _write(
        tmp_path,
        "bad.csv",
        f"{HEADER}\nE1,North,Social Worker,Perm,0.5,2021-01-01,\nSECRET-REF,North,Social Worker,Perm,7,2021-01-01,\n",
    )
    result = run_import(db, "staff", path)
    assert result.outcome == "failed" and result.problems[0].value == "7"
    assert dump(db) == before
    failed = last_failed_import(db)
    assert failed is not None and failed.id == result.import_id
    assert failed.errors == (
        {
            "file": "bad.csv",
            "row": 3,
            "column": "FTE",
            "reason": "FTE must be more than 0 and at most 1.5 (write 80% or '29.6 hrs')",
        },
    )
    stored = json.dumps(db.execute("SELECT * FROM imports").fetchall())
    assert "SECRET-REF" not in stored
    assert (
        db.execute(
            "SELECT COUNT(*) FROM import_changes WHERE import_id = ?", (result.import_id,)
        ).fetchone()[0]
        == 0
    )


def test_only_the_latest_import_in_force_can_be_undone(db: Database, tmp_path: Path) -> None:
    one = run_import(db, "cohorts", _write(tmp_path, "a.csv", "Cohort,Start\nC1,2021-01-25\n"))
    two = run_import(db, "cohorts", _write(tmp_path, "b.csv", "Cohort,Start\nC2,2021-07-05\n"))
    with pytest.raises(
        UndoRefusedError, match=f"import #{two.import_id} came after import #{one.import_id}"
    ):
        undo_import(db, one.import_id or 0)
    undo_import(db, two.import_id or 0)
    undo_import(db, one.import_id or 0)
    with pytest.raises(UndoRefusedError, match="changed nothing that can be undone \\(undone\\)"):
        undo_import(db, one.import_id or 0)
    with pytest.raises(UndoRefusedError, match="there is no import #99"):
        undo_import(db, 99)


def test_swe_numbers_are_hashed_with_the_key_and_undone_with_the_import(
    db: Database, tmp_path: Path, dump: Callable[[Database], object]
) -> None:
    before = dump(db)
    path = _write(
        tmp_path,
        "hr.csv",
        f"{HEADER},SWE No\nE1,North,Social Worker,Perm,1,2021-01-01,,SW1\n"
        "E2,North,Social Worker,Perm,1,2021-01-01,,SW1\n",
    )
    result = run_import(db, "staff", path)
    hashes = {r[0] for r in db.execute("SELECT swe_number FROM workers")}
    assert len(hashes) == 1 and next(iter(hashes)).startswith("hmac-sha256:")
    undo_import(db, result.import_id or 0)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        (
            "staff",
            f"{HEADER}\nE99001,North,Social Worker,Perm,1,2021-01-01,\nE99002,,Social Worker,Perm,1,2021-01-01,\n",
        ),
        (
            "staff",
            f"{HEADER}\nE99001,Brand New,Social Worker,Perm,1,2021-01-01,\nE99001,Brand New,Social Worker,Perm,1,2021-01-01,\n",
        ),
        (
            "caseloads",
            "Worker,As At,Case Type,Cases\nE10001,2025-09-30,CIN,3\nNOBODY,2025-09-30,CIN,3\n",
        ),
        ("caseloads", "Worker,As At,CIN,CP\nE10001,2025-09-30,3,x\n"),
        (
            "establishment",
            "Team,Role,FTE,Effective From\nNew Team,5,3,2025-04-01\nNew Team,9,3,2025-04-01\n",
        ),
        ("demand", "Month,Referrals\n2025-10,300\n2025-13,300\n"),
        ("cohorts", "Cohort,Start\nCohort 99,2026-01-26\nCohort 100,31/02/2026\n"),
    ],
)
def test_the_demo_is_unchanged_after_any_failed_import(
    demo_copy: Database, tmp_path: Path, dump: Callable[[Database], object], kind: str, content: str
) -> None:
    before = dump(demo_copy)
    changes = demo_copy.execute("SELECT COUNT(*) FROM import_changes").fetchone()[0]
    result = run_import(demo_copy, kind, _write(tmp_path, "bad.csv", content))
    assert result.outcome == "failed" and result.problems
    assert dump(demo_copy) == before
    assert demo_copy.execute("SELECT COUNT(*) FROM import_changes").fetchone()[0] == changes
