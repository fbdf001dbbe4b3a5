"""Caseload counts by worker, date and case type."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cswork.model.settings import CASE_TYPES
from cswork.model.workforce import CaseCount
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import must_date

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from cswork.model.count_table import CaseCountTable


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


def latest_count_date(db: sqlite_utils.Database, on_or_before: date) -> date | None:
    """The latest caseload count date on or before a date, or ``None``."""
    row = db.execute(
        "SELECT MAX(as_at) FROM caseloads WHERE as_at <= ?", (on_or_before.isoformat(),)
    )
    found = row.fetchone()[0]
    return must_date(found) if found else None


def count_dates(db: sqlite_utils.Database) -> list[date]:
    """The dates caseload counts are held for, oldest first."""
    # Hop from one date to the next through the index: DISTINCT would read every count's entry.
    return [
        must_date(r[0])
        for r in db.execute(
            "WITH RECURSIVE held(day) AS (SELECT MIN(as_at) FROM caseloads UNION ALL "
            "SELECT (SELECT MIN(as_at) FROM caseloads WHERE as_at > held.day) FROM held "
            "WHERE held.day IS NOT NULL) SELECT day FROM held WHERE day IS NOT NULL"
        )
    ]


def load_month_end_counts(db: sqlite_utils.Database, *, on_or_before: date) -> CaseCountTable:
    """Each month's latest caseload count on or before a date, as columns (for monthly trends)."""
    from cswork.model.count_table import month_latest

    return load_count_table(db, month_latest([d for d in count_dates(db) if d <= on_or_before]))


def load_count_table(
    db: sqlite_utils.Database, dates: Sequence[date], workers: CountWorkers | None = None
) -> CaseCountTable:
    """The caseload counts taken on ``dates`` (oldest first), as columns.

    Two million counts made into Python objects take seconds; here SQLite joins each date's worker
    ids and case types (as one number) and counts into text in one pass over the rows, and numpy
    parses the text.
    Rows keep their stored order within a date. Workers are numbered by ``workers`` (read from the
    store when not given: pass the same one to number several tables alike).
    """
    import numpy as np

    from cswork.model.count_table import CaseCountTable

    # Each row's worker id and case type as one number (id × 8 + type, 7 for any other type): a
    # column fewer for SQLite to join into text and numpy to parse.
    worker_ids, days, types, cases = [], [], [], []
    rows = db.execute(
        f"SELECT as_at, group_concat(worker_id * 8 + {_TYPE_CODE}), "
        f"group_concat(cases) FROM caseloads WHERE as_at IN ({', '.join('?' for _ in dates)}) "
        "GROUP BY as_at ORDER BY as_at",
        [on.isoformat() for on in dates],
    )
    index_of = {on.isoformat(): i for i, on in enumerate(dates)}
    for on, keys_text, cases_text in rows:
        keys = np.fromstring(keys_text, dtype=np.int64, sep=",")
        kinds = (keys & 7).astype(np.int32)
        worker_ids.append(keys >> 3)
        days.append(np.full(len(keys), index_of[on], dtype=np.int32))
        types.append(np.where(kinds == 7, -1, kinds).astype(np.int32))
        cases.append(np.fromstring(cases_text, dtype=np.int32, sep=","))
    numbered = workers or count_workers(db)
    empty = np.zeros(0, dtype=np.int32)
    return CaseCountTable(
        dates=tuple(dates),
        refs=numbered.refs,
        worker=numbered.position[np.concatenate(worker_ids)] if worker_ids else empty,
        day=np.concatenate(days) if days else empty,
        case_type=np.concatenate(types) if types else empty,
        cases=np.concatenate(cases) if cases else empty,
    )


#: A count's case type as a number: its index in ``CASE_TYPES``, 7 for any other type.
_TYPE_CODE = (
    "CASE case_type "
    + " ".join(f"WHEN '{name}' THEN {i}" for i, name in enumerate(CASE_TYPES))
    + " ELSE 7 END"
)


@dataclass(frozen=True, slots=True)
class CountWorkers:
    """The store's workers as a count table numbers them: ``refs`` in id order, and the number of
    each worker id (``position[id]``)."""

    refs: tuple[str, ...]
    position: npt.NDArray[np.int32]


def count_workers(db: sqlite_utils.Database) -> CountWorkers:
    """The store's workers, numbered for count tables."""
    import numpy as np

    # The ids and references joined into text by SQLite, in one pass, and split by numpy and
    # Python: as 49,800 rows at fifty times the demo they took twice as long, all of it in Python.
    ids_text, refs_text = db.execute(
        "SELECT group_concat(id), group_concat(employee_ref, char(31)) "
        "FROM (SELECT id, employee_ref FROM workers ORDER BY id)"
    ).fetchone()
    ids = np.fromstring(ids_text or "", dtype=np.int64, sep=",")
    refs = tuple(refs_text.split("\x1f")) if refs_text else ()
    if len(refs) != len(ids) or np.any(ids[1:] <= ids[:-1]):  # a separator in a reference
        rows = db.execute("SELECT id, employee_ref FROM workers ORDER BY id").fetchall()
        ids = np.array([row[0] for row in rows], dtype=np.int64)
        refs = tuple(row[1] for row in rows)
    position = np.zeros(ids[-1] + 1 if len(ids) else 0, dtype=np.int32)
    position[ids] = np.arange(len(ids), dtype=np.int32)
    return CountWorkers(refs, position)


def case_totals_by_date(db: sqlite_utils.Database) -> dict[date, dict[str, float]]:
    """Cases held across all workers, per count date and case type (types in name order; a type
    with rows but no cases is 0), as :meth:`CaseCountTable.totals_by_date` gives them from a table
    of every count, without making that table: each date's counts and case types, as one number
    each, joined into text in one pass over the rows and summed by numpy."""
    import numpy as np

    kinds = len(CASE_TYPES)
    by_name = sorted(range(kinds), key=lambda k: CASE_TYPES[k])
    totals: dict[date, dict[str, float]] = {}
    for on, text in db.execute(
        f"SELECT as_at, group_concat(cases * 8 + {_TYPE_CODE}) FROM caseloads "
        "GROUP BY as_at ORDER BY as_at"
    ):
        keys = np.fromstring(text, dtype=np.int64, sep=",")
        kind = keys & 7
        sums = np.bincount(kind, weights=keys >> 3, minlength=8).tolist()
        present = np.bincount(kind, minlength=8).tolist()
        totals[must_date(on)] = {CASE_TYPES[k]: float(sums[k]) for k in by_name if present[k]}
    return totals


def latest_case_totals(db: sqlite_utils.Database, *, on_or_before: date) -> dict[str, int]:
    """Each worker's total cases at the latest count on or before a date (summed in SQL: a
    count date at fifty times the demo is 36,000 rows, 18,000 workers)."""
    rows = db.execute(
        "SELECT w.employee_ref, SUM(c.cases) FROM caseloads c JOIN workers w ON w.id = c.worker_id "
        "WHERE c.as_at = (SELECT MAX(as_at) FROM caseloads WHERE as_at <= ?) GROUP BY c.worker_id",
        (on_or_before.isoformat(),),
    ).fetchall()
    return {ref: int(total) for ref, total in rows}


def worker_case_totals(db: sqlite_utils.Database, ref: str, up_to: date) -> list[tuple[date, int]]:
    """A worker's total cases at each count date up to ``up_to``, oldest first."""
    rows = db.execute(
        "SELECT c.as_at, SUM(c.cases) FROM caseloads c JOIN workers w ON w.id = c.worker_id "
        "WHERE w.employee_ref = ? AND c.as_at <= ? GROUP BY c.as_at ORDER BY c.as_at",
        (ref, up_to.isoformat()),
    ).fetchall()
    return [(date.fromisoformat(day), int(total)) for day, total in rows]
