"""History the projection calibrates on: case totals by date and type, and academy cohort plans."""

from __future__ import annotations

from collections import defaultdict
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


def case_totals_by_date(db: sqlite_utils.Database) -> dict[date, dict[str, float]]:
    """Cases held across all workers, per count date and case type."""
    totals: dict[date, dict[str, float]] = defaultdict(dict)
    for on, case_type, cases in db.execute(
        "SELECT as_at, case_type, SUM(cases) FROM caseloads GROUP BY as_at, case_type"
    ).fetchall():
        totals[must_date(on)][case_type] = float(cases)
    return dict(totals)


def history_fingerprint(db: sqlite_utils.Database) -> tuple[object, ...]:
    """A cheap value that changes whenever the history the projection reads changes."""
    row = db.execute(
        "SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || "
        "COALESCE(SUM(LENGTH(COALESCE(end_date, ''))), 0) FROM role_spells), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM caseloads), "
        "(SELECT COUNT(*) || ':' || COALESCE(SUM(funded_fte), 0) FROM establishment), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM cohorts), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM imports), "
        "(SELECT group_concat(key || '=' || value) FROM settings)"
    ).fetchone()
    return tuple(row)
