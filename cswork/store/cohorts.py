"""Academy cohorts as recorded: name, start date, planned size."""

from __future__ import annotations

from cswork.model.cohorts import AcademyCohort
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date


def load_cohorts(db: sqlite_utils.Database) -> list[AcademyCohort]:
    """Every cohort, past and planned, oldest first."""
    return [
        AcademyCohort(name=row[0], start=must_date(row[1]), planned_size=row[2])
        for row in db.execute(
            "SELECT name, start_date, planned_size FROM cohorts ORDER BY start_date, name"
        ).fetchall()
    ]
