"""Applying establishment, demand, cohort and caseload imports (journalled upserts).

Caseloads are applied in bulk so that a million-row file keeps memory flat: the records are staged
in a temporary table in chunks (with worker ids found from a dict of the workers, which grows with
the workforce, not the file), duplicates and unknown worker references are found with SQL, and the
counts are merged with set-based statements that journal before-images as they go.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import NamedRows, upsert
from cswork.store.imports import Journal

if TYPE_CHECKING:
    from cswork.importers.caseloads import CaseloadRecord
    from cswork.importers.registry import ImportContext
    from cswork.importers.tables import CohortRecord, DemandRecord, EstablishmentRecord

_CHUNK = 10_000


def _count(ctx: ImportContext, outcome: str) -> None:
    if outcome == "added":
        ctx.counts.added += 1
    elif outcome == "changed":
        ctx.counts.changed += 1


def apply_establishment(
    db: sqlite_utils.Database,
    records: Iterator[EstablishmentRecord],
    ctx: ImportContext,
    journal: Journal,
) -> None:
    """Funded FTE by team, role and effective date; unknown teams created unless strict."""
    teams = NamedRows(db, journal, "teams")
    for record in records:
        team_id = teams.find(record.team)
        if team_id is None:
            if ctx.options.strict:
                ctx.problems.add(
                    record.row,
                    ctx.header_of("team"),
                    record.team,
                    "unknown team (strict mode: add it first, or import without --strict)",
                )
                continue
            team_id = teams.create(record.team)
        outcome, _ = upsert(
            db,
            journal,
            "establishment",
            {
                "team_id": team_id,
                "org_role": record.org_role,
                "effective_from": record.effective_from.isoformat(),
            },
            {"funded_fte": record.funded_fte},
        )
        _count(ctx, outcome)


def apply_demand(
    db: sqlite_utils.Database, records: Iterator[DemandRecord], ctx: ImportContext, journal: Journal
) -> None:
    """Monthly demand counts by measure."""
    for record in records:
        outcome, _ = upsert(
            db,
            journal,
            "demand",
            {"month": record.month, "measure": record.measure},
            {"value": record.value},
        )
        _count(ctx, outcome)


def apply_cohorts(
    db: sqlite_utils.Database, records: Iterator[CohortRecord], ctx: ImportContext, journal: Journal
) -> None:
    """Academy cohorts by name (matched case- and space-insensitively)."""
    cohorts = NamedRows(db, journal, "cohorts")
    for record in records:
        values = {"start_date": record.start.isoformat(), "planned_size": record.planned_size}
        found = cohorts.find(record.name)
        if found is None:
            cohorts.create(record.name, **values)
            ctx.counts.added += 1
            continue
        outcome, _ = upsert(db, journal, "cohorts", {"id": found}, values)
        _count(ctx, outcome)


_STAGE = "temp.caseload_stage"
_KEY = "c.worker_id = r.worker_id AND c.as_at = r.as_at AND c.case_type = r.case_type"


def _stage(db: sqlite_utils.Database, records: Iterator[CaseloadRecord]) -> None:
    db.execute(f"DROP TABLE IF EXISTS {_STAGE}")
    db.execute(
        f"CREATE TABLE {_STAGE} (row INTEGER, worker_ref TEXT, as_at TEXT, case_type TEXT, "
        "cases INTEGER, worker_id INTEGER)"
    )
    worker_ids = {
        ref: int(row_id) for row_id, ref in db.execute("SELECT id, employee_ref FROM workers")
    }
    find = worker_ids.get
    rows = (
        (r.row, r.worker_ref, r.as_at, r.case_type, r.cases, find(r.worker_ref)) for r in records
    )
    while chunk := list(islice(rows, _CHUNK)):
        db.conn.executemany(
            f"INSERT INTO {_STAGE} (row, worker_ref, as_at, case_type, cases, worker_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            chunk,
        )


def _check_stage(db: sqlite_utils.Database, ctx: ImportContext) -> None:
    limit = ctx.options.problem_limit
    duplicates = db.execute(
        f"SELECT MIN(row), MAX(row), case_type FROM {_STAGE} GROUP BY worker_ref, as_at, case_type "
        "HAVING COUNT(*) > 1 ORDER BY MIN(row) LIMIT ?",
        (limit,),
    ).fetchall()
    for first, last, case_type in duplicates:
        ctx.problems.add(
            last,
            ctx.header_of("case_type"),
            case_type,
            f"duplicate of row {first} (same worker, date and case type)",
        )
    unknown = db.execute(
        f"SELECT row, worker_ref FROM {_STAGE} WHERE worker_id IS NULL ORDER BY row LIMIT ?",
        (limit,),
    ).fetchall()
    for row, ref in unknown:
        ctx.problems.add(
            row,
            ctx.header_of("worker_ref"),
            ref,
            "unknown worker reference (import staff first, or correct the reference)",
        )


def apply_caseloads(
    db: sqlite_utils.Database,
    records: Iterator[CaseloadRecord],
    ctx: ImportContext,
    journal: Journal,
) -> None:
    """Caseload counts: a stored count for the same worker, date and case type is replaced."""
    _stage(db, records)
    if not ctx.problems:
        _check_stage(db, ctx)
    if ctx.problems:
        db.execute(f"DROP TABLE {_STAGE}")
        return
    journal.flush()
    stage = _STAGE
    db.execute(
        "INSERT INTO import_changes (import_id, table_name, row_id, op, before) "
        "SELECT ?, 'caseloads', c.id, 'update', json_object('id', c.id, 'worker_id', c.worker_id, "
        "'as_at', c.as_at, 'case_type', c.case_type, 'cases', c.cases) "
        f"FROM {stage} r JOIN caseloads c ON {_KEY} WHERE c.cases != r.cases ORDER BY c.id",
        (journal.import_id,),
    )
    cursor = db.execute(
        f"UPDATE caseloads AS c SET cases = r.cases FROM {stage} r "
        f"WHERE {_KEY} AND c.cases != r.cases"
    )
    ctx.counts.changed += max(cursor.rowcount, 0)
    newest = db.execute("SELECT COALESCE(MAX(id), 0) FROM caseloads").fetchone()[0]
    cursor = db.execute(
        "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
        f"SELECT r.worker_id, r.as_at, r.case_type, r.cases FROM {stage} r WHERE true "
        "ON CONFLICT (worker_id, as_at, case_type) DO NOTHING"  # stored ones were updated above
    )
    ctx.counts.added += max(cursor.rowcount, 0)
    db.execute(
        "INSERT INTO import_changes (import_id, table_name, row_id, op, before) "
        "SELECT ?, 'caseloads', id, 'insert', NULL FROM caseloads WHERE id > ? ORDER BY id",
        (journal.import_id, newest),
    )
    db.execute(f"DROP TABLE {stage}")
