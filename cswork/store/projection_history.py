"""History the projection reads besides spells and counts: academy cohort plans, and a fingerprint
that tells when any of it changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.derived import history_version
from cswork.store.rows import must_date

if TYPE_CHECKING:
    from cswork.model.absence import AbsencePeriods
    from cswork.model.spell_table import Ints


@dataclass(frozen=True, slots=True)
class CohortPlan:
    """An academy cohort: start date, planned size (if recorded) and workers recorded in it."""

    name: str
    start: date
    planned_size: int | None
    starters: int


def load_cohort_plans(db: sqlite_utils.Database) -> list[CohortPlan]:
    """Every academy cohort with its number of recorded workers, by start date."""
    # Workers counted per cohort in one pass: joined to each cohort instead, SQLite read every
    # worker once per cohort (20 ms at fifty times the demo, against 4).
    rows = db.execute(
        "SELECT c.name, c.start_date, c.planned_size, COALESCE(n.starters, 0) FROM cohorts c "
        "LEFT JOIN (SELECT cohort_id, COUNT(*) AS starters FROM workers "
        "WHERE cohort_id IS NOT NULL GROUP BY cohort_id) n ON n.cohort_id = c.id "
        "ORDER BY c.start_date, c.name"
    ).fetchall()
    return [CohortPlan(r[0], must_date(r[1]), r[2], int(r[3])) for r in rows]


def history_fingerprint(db: sqlite_utils.Database) -> tuple[object, ...]:
    """A cheap value that changes whenever the history the projection reads changes: rows added or
    removed, an import made or undone, a setting changed."""
    # The caseloads' count and largest id are asked for apart: together in one SELECT they make
    # SQLite read all two million rows at fifty times the demo (0.12 s), apart they take the
    # smallest index's row count and one step to the end of the table.
    row = db.execute(
        "SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || "
        "COALESCE(SUM(LENGTH(COALESCE(end_date, ''))), 0) FROM role_spells), "
        "(SELECT COUNT(*) FROM caseloads) || ':' || "
        "COALESCE((SELECT MAX(id) FROM caseloads), 0), "
        "(SELECT COUNT(*) || ':' || COALESCE(SUM(funded_fte), 0) FROM establishment), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM cohorts), "
        "(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || "
        "COALESCE(SUM(outcome = 'undone'), 0) FROM imports), "
        "(SELECT group_concat(key || '=' || value) FROM settings)"
    ).fetchone()
    return tuple(row)


def read_history_stamp(db: sqlite_utils.Database) -> tuple[object, ...]:
    """The history version and the tables' fingerprint, read now: the same while nothing of the
    history changes (see :mod:`cswork.store.derived`)."""
    return (history_version(db), *history_fingerprint(db))


def load_absence_periods(db: sqlite_utils.Database) -> AbsencePeriods:
    """Every absence period, as columns: what ``AbsencePeriods.of`` makes of the records
    :func:`cswork.store.census.load_absences` gives for all time (the same query, so the same
    order, and each worker numbered at their first period), without a record each (52,000 of them
    at fifty times the demo took a fifth of a second). Workers are read by id, not reference (the
    same numbering: each reference is one worker's), and numbered by numpy."""
    import numpy as np

    from cswork.model.absence import AbsencePeriods

    rows = db.execute(
        "SELECT w.id, a.period_start, a.period_end, a.working_days_lost "
        "FROM absences a JOIN workers w ON w.id = a.worker_id "
        "WHERE a.period_start <= ? AND a.period_end >= ?",
        (date.max.isoformat(), date.min.isoformat()),
    ).fetchall()
    ids, starts, ends, days = zip(*rows, strict=True) if rows else ((), (), (), ())
    ordinals = {text: must_date(text).toordinal() for text in {*starts, *ends}}
    return AbsencePeriods(
        worker=first_appearance(np.array(ids, dtype=np.int64)),
        start=np.array([ordinals[text] for text in starts], dtype=np.int64),
        end=np.array([ordinals[text] for text in ends], dtype=np.int64),
        days=np.array(days, dtype=np.float64),
    )


def first_appearance(ids: Ints) -> Ints:
    """Each of ``ids`` numbered 0, 1, … in order of its first appearance."""
    import numpy as np

    distinct, first, position = np.unique(ids, return_index=True, return_inverse=True)
    number = np.empty(len(distinct), dtype=np.int64)
    number[np.argsort(first)] = np.arange(len(distinct), dtype=np.int64)
    numbered: Ints = number[position]
    return numbered
