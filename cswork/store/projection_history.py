"""History the projection reads besides spells and counts: academy cohort plans, and a fingerprint
that tells when any of it changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date


@dataclass(frozen=True, slots=True)
class CohortPlan:
    """An academy cohort: start date, planned size (if recorded) and workers recorded in it."""

    name: str
    start: date
    planned_size: int | None
    starters: int


def load_cohort_plans(db: sqlite_utils.Database) -> list[CohortPlan]:
    """Every academy cohort with its number of recorded workers, by start date."""
    rows = db.execute(
        "SELECT c.name, c.start_date, c.planned_size, COUNT(w.id) FROM cohorts c "
        "LEFT JOIN workers w ON w.cohort_id = c.id GROUP BY c.id ORDER BY c.start_date, c.name"
    ).fetchall()
    return [CohortPlan(r[0], must_date(r[1]), r[2], int(r[3])) for r in rows]


def history_fingerprint(db: sqlite_utils.Database) -> tuple[object, ...]:
    """A cheap value that changes whenever the history the projection reads changes: rows added or
    removed, an import made or undone, a setting changed."""
    row = db.execute(
        "SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || "
        "COALESCE(SUM(LENGTH(COALESCE(end_date, ''))), 0) FROM role_spells), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM caseloads), "
        "(SELECT COUNT(*) || ':' || COALESCE(SUM(funded_fte), 0) FROM establishment), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM cohorts), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || "
        "COALESCE(SUM(outcome = 'undone'), 0) FROM imports), "
        "(SELECT group_concat(key || '=' || value) FROM settings)"
    ).fetchone()
    return tuple(row)
