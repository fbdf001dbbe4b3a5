"""Caseload counts by worker, date and case type."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cswork.model.workforce import CaseCount
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date


def load_case_counts(
    db: sqlite_utils.Database, *, on_or_before: date | None = None, latest_only: bool = False
) -> list[CaseCount]:
    """Caseload counts, optionally only those on or before a date, optionally only the latest date."""
    cutoff = on_or_before.isoformat() if on_or_before else "9999-12-31"
    if latest_only:
        sql = (
            "SELECT w.employee_ref, c.as_at, c.case_type, c.cases FROM caseloads c "
            "JOIN workers w ON w.id = c.worker_id "
            "WHERE c.as_at = (SELECT MAX(as_at) FROM caseloads WHERE as_at <= ?)"
        )
    else:
        sql = (
            "SELECT w.employee_ref, c.as_at, c.case_type, c.cases FROM caseloads c "
            "JOIN workers w ON w.id = c.worker_id WHERE c.as_at <= ?"
        )
    return [
        CaseCount(worker_ref=r[0], as_at=must_date(r[1]), case_type=r[2], cases=r[3])
        for r in db.execute(sql, (cutoff,)).fetchall()
    ]


def load_case_counts_on(db: sqlite_utils.Database, dates: Iterable[date]) -> list[CaseCount]:
    """Caseload counts taken on any of ``dates`` (for trends that need a few count dates only)."""
    wanted = sorted({day.isoformat() for day in dates})
    if not wanted:
        return []
    placeholders = ", ".join("?" for _ in wanted)
    sql = (
        "SELECT w.employee_ref, c.as_at, c.case_type, c.cases FROM caseloads c "
        f"JOIN workers w ON w.id = c.worker_id WHERE c.as_at IN ({placeholders})"
    )
    return [
        CaseCount(worker_ref=r[0], as_at=must_date(r[1]), case_type=r[2], cases=r[3])
        for r in db.execute(sql, wanted).fetchall()
    ]


def count_dates(db: sqlite_utils.Database) -> list[date]:
    """The dates caseload counts are held for, oldest first."""
    return [
        must_date(r[0]) for r in db.execute("SELECT DISTINCT as_at FROM caseloads ORDER BY as_at")
    ]


def worker_case_totals(db: sqlite_utils.Database, ref: str, up_to: date) -> list[tuple[date, int]]:
    """A worker's total cases at each count date up to ``up_to``, oldest first."""
    rows = db.execute(
        "SELECT c.as_at, SUM(c.cases) FROM caseloads c JOIN workers w ON w.id = c.worker_id "
        "WHERE w.employee_ref = ? AND c.as_at <= ? GROUP BY c.as_at ORDER BY c.as_at",
        (ref, up_to.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(day), int(total)) for day, total in rows]
