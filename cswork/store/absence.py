"""Absence: applying an ``absence`` import (days lost over periods, long-term absences) and reading
it back for pressure, the projection and the census."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cswork.model.absence import AbsenceBook, AbsenceReason, LongTermAbsence
from cswork.model.census_build import Absence
from cswork.model.imports import ApplyContext
from cswork.model.records import AbsenceRecord
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import upsert
from cswork.store.census import load_absences
from cswork.store.imports import Journal
from cswork.store.rows import must_date, to_date


def apply_absence(
    db: sqlite_utils.Database, records: Iterator[AbsenceRecord], ctx: ApplyContext, journal: Journal
) -> None:
    """Days lost by worker and period (a stored period for the same worker and dates is replaced),
    and long-term absences by worker and first day. Worker references must already be stored."""
    workers = {ref: int(i) for i, ref in db.execute("SELECT id, employee_ref FROM workers")}
    seen: dict[tuple[str, ...], int] = {}
    for record in records:
        worker_id = workers.get(record.worker_ref)
        if worker_id is None:
            ctx.problems.add(
                record.row,
                ctx.header_of("employee_ref"),
                record.worker_ref,
                "unknown worker reference (import staff first, or correct the reference)",
            )
            continue
        writes = []
        if record.days_lost is not None and record.period_start and record.period_end:
            key = {
                "worker_id": worker_id,
                "period_start": record.period_start.isoformat(),
                "period_end": record.period_end.isoformat(),
            }
            values = {"working_days_lost": record.days_lost, "reason": record.reason}
            writes.append(("absences", key, values, "period_start", "worker and period"))
        if record.absent_from is not None:
            key = {"worker_id": worker_id, "absent_from": record.absent_from.isoformat()}
            values = {
                "absent_to": record.absent_to.isoformat() if record.absent_to else None,
                "reason": record.reason,
            }
            writes.append(("long_term_absences", key, values, "absent_from", "worker and start"))
        for table, key, values, column, what in writes:
            identity = (table, *(str(v) for v in key.values()))
            if identity in seen:
                ctx.problems.add(
                    record.row,
                    ctx.header_of(column),
                    str(key[column]),
                    f"duplicate of row {seen[identity]} (same {what})",
                )
                continue
            seen[identity] = record.row
            outcome, _ = upsert(db, journal, table, key, values)
            if outcome == "added":
                ctx.counts.added += 1
            elif outcome == "changed":
                ctx.counts.changed += 1


def load_long_term_absences(db: sqlite_utils.Database) -> list[LongTermAbsence]:
    """Every long-term absence."""
    return [
        LongTermAbsence(r[0], must_date(r[1]), to_date(r[2]), AbsenceReason(r[3]))
        for r in db.execute(
            "SELECT w.employee_ref, a.absent_from, a.absent_to, a.reason "
            "FROM long_term_absences a JOIN workers w ON w.id = a.worker_id "
            "ORDER BY w.employee_ref, a.absent_from"
        ).fetchall()
    ]


def load_absence_book(
    db: sqlite_utils.Database,
    working_days: float,
    start: date | None = None,
    end: date | None = None,
) -> AbsenceBook:
    """Days lost over periods overlapping ``[start, end]`` (every period by default) and every
    long-term absence."""
    periods: list[Absence] = load_absences(db, start or date.min, end or date.max)
    return AbsenceBook(tuple(periods), tuple(load_long_term_absences(db)), working_days)
