"""Price caps: the region's most an hour per core job type, by effective date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cswork.model.imports import ApplyContext
from cswork.model.money import JobType, PriceCap, overlapping
from cswork.model.records import CapRecord
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import upsert
from cswork.store.imports import Journal
from cswork.store.rows import must_date, to_date


class CapError(ValueError):
    """A cap that cannot be stored: it overlaps another for the same job type."""


def load_price_caps(db: sqlite_utils.Database) -> list[PriceCap]:
    """Every stored price cap, by job type (in the guidance's order) and date."""
    order = list(JobType)
    caps = [
        PriceCap(JobType(row[0]), must_date(row[1]), float(row[2]), to_date(row[3]))
        for row in db.execute(
            "SELECT job_type, effective_from, hourly_cap, effective_to FROM price_caps"
        ).fetchall()
    ]
    return sorted(caps, key=lambda cap: (order.index(cap.job_type), cap.effective_from))


def _describe(cap: PriceCap) -> str:
    until = f" to {cap.effective_to.isoformat()}" if cap.effective_to else ""
    return f"the {cap.job_type.label} cap from {cap.effective_from.isoformat()}{until}"


def apply_caps(
    db: sqlite_utils.Database, records: Iterator[CapRecord], ctx: ApplyContext, journal: Journal
) -> None:
    """Add or change caps by job type and effective-from date; a cap overlapping a stored one it
    does not replace is a problem naming the row."""
    incoming = list(records)
    stored = load_price_caps(db)
    replaced = {(r.cap.job_type, r.cap.effective_from) for r in incoming}
    kept = [c for c in stored if (c.job_type, c.effective_from) not in replaced]
    for record in incoming:
        clash = overlapping([*kept, record.cap])
        if clash is not None:
            other = clash[0] if clash[1] is record.cap else clash[1]
            ctx.problems.add(
                record.row,
                ctx.header_of("effective_from"),
                record.cap.effective_from.isoformat(),
                f"overlaps {_describe(other)} already stored",
            )
            continue
        outcome, _ = upsert(
            db,
            journal,
            "price_caps",
            {
                "job_type": record.cap.job_type.value,
                "effective_from": record.cap.effective_from.isoformat(),
            },
            {
                "hourly_cap": record.cap.hourly_cap,
                "effective_to": record.cap.effective_to.isoformat()
                if record.cap.effective_to
                else None,
            },
        )
        if outcome == "added":
            ctx.counts.added += 1
        elif outcome == "changed":
            ctx.counts.changed += 1


def set_price_cap(
    db: sqlite_utils.Database,
    job_type: JobType,
    hourly_cap: float,
    effective_from: date,
    effective_to: date | None = None,
) -> PriceCap:
    """Store one cap (replacing the type's cap from the same date); :class:`CapError` if it would
    overlap another."""
    cap = PriceCap(job_type, effective_from, hourly_cap, effective_to)
    others = [
        c
        for c in load_price_caps(db)
        if (c.job_type, c.effective_from) != (job_type, effective_from)
    ]
    clash = overlapping([*others, cap])
    if clash is not None:
        other = clash[0] if clash[1] is cap else clash[1]
        raise CapError(f"the new cap overlaps {_describe(other)}")
    with db.atomic():
        db.execute(
            "INSERT INTO price_caps (job_type, hourly_cap, effective_from, effective_to) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (job_type, effective_from) DO UPDATE SET "
            "hourly_cap = excluded.hourly_cap, effective_to = excluded.effective_to",
            (
                job_type.value,
                hourly_cap,
                effective_from.isoformat(),
                effective_to.isoformat() if effective_to else None,
            ),
        )
    return cap


def delete_price_caps(db: sqlite_utils.Database, job_type: JobType) -> int:
    """Remove every cap for ``job_type``; returns how many there were."""
    with db.atomic():
        cursor = db.execute("DELETE FROM price_caps WHERE job_type = ?", (job_type.value,))
    return int(cursor.rowcount)
