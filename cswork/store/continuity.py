"""Continuity of social worker as stored: counts per team and month end, and workers' leaving days.

The counts come from an ``allocations`` import (:mod:`cswork.store.apply_continuity`); no child
identifier is ever stored.
"""

from __future__ import annotations

from datetime import date

from cswork.model.continuity import TeamContinuity
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date


def leaving_dates(db: sqlite_utils.Database) -> dict[str, date]:
    """The last day in post of every worker who has left (no spell open), by employee reference."""
    rows = db.execute(
        "SELECT w.employee_ref, MAX(s.end_date) FROM role_spells s "
        "JOIN workers w ON w.id = s.worker_id "
        "GROUP BY w.id HAVING SUM(s.end_date IS NULL) = 0"
    ).fetchall()
    return {ref: must_date(day) for ref, day in rows}


def worker_refs(db: sqlite_utils.Database) -> set[str]:
    """Every stored employee reference."""
    return {row[0] for row in db.execute("SELECT employee_ref FROM workers")}


def load_continuity(
    db: sqlite_utils.Database, *, on_or_before: date | None = None
) -> list[TeamContinuity]:
    """Every stored team's continuity counts (optionally only month ends on or before a date), by
    month end then team."""
    cutoff = on_or_before.isoformat() if on_or_before else "9999-12-31"
    rows = db.execute(
        "SELECT t.name, c.month_end, c.one_worker, c.two_workers, c.three_workers, "
        "c.four_plus_workers, c.worker_left, c.worker_left_month FROM continuity c "
        "JOIN teams t ON t.id = c.team_id WHERE c.month_end <= ? ORDER BY c.month_end, t.name",
        (cutoff,),
    ).fetchall()
    return [
        TeamContinuity(
            team=row[0],
            month_end=must_date(row[1]),
            one=row[2],
            two=row[3],
            three=row[4],
            four_plus=row[5],
            worker_left=row[6],
            worker_left_month=row[7],
        )
        for row in rows
    ]
