"""Caseload counts as columns: millions of (worker, date, case type) counts without an object each.

At fifty times the demo the store holds 2.1 million counts; as Python records they took seconds to
make and over a gigabyte to hold. As four columns of 32-bit integers they are 34 MB, and a date's
worth becomes records only when asked for.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.settings import CASE_TYPES
from cswork.model.workforce import CaseCount

#: A column of the table: 32 bits keep two million rows in 8 MB.
Column = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class CaseCountTable:
    """Caseload counts as columns, one entry per stored (worker, date, case type) row, rows ordered
    by date.

    ``worker`` indexes ``refs``, ``day`` indexes ``dates`` (oldest first) and ``case_type`` indexes
    :data:`cswork.model.settings.CASE_TYPES` (-1 for any other type, weighted 1).
    """

    dates: tuple[date, ...]
    refs: tuple[str, ...]
    worker: Column
    day: Column
    case_type: Column
    cases: Column

    @classmethod
    def of(cls, counts: Iterable[CaseCount]) -> CaseCountTable:
        """The table of some :class:`CaseCount` records (kept in their order within a date)."""
        ordered = sorted(counts, key=lambda c: c.as_at)  # stable: a date's counts keep their order
        dates = sorted({c.as_at for c in ordered})
        refs = sorted({c.worker_ref for c in ordered})
        day, ref = {on: i for i, on in enumerate(dates)}, {r: i for i, r in enumerate(refs)}
        code = {name: i for i, name in enumerate(CASE_TYPES)}

        def column(values: list[int]) -> Column:
            return np.array(values, dtype=np.int32)

        return cls(
            dates=tuple(dates),
            refs=tuple(refs),
            worker=column([ref[c.worker_ref] for c in ordered]),
            day=column([day[c.as_at] for c in ordered]),
            case_type=column([code.get(c.case_type, -1) for c in ordered]),
            cases=column([c.cases for c in ordered]),
        )

    def on_or_before(self, day: date) -> list[CaseCount]:
        """The counts of the latest count date not after ``day`` (none if there is none), as
        records in their stored order: one date's worth, however long the history."""
        index = bisect_right(self.dates, day)
        if not index:
            return []
        on = self.dates[index - 1]
        # rows are ordered by date: the date's rows are one slice
        first, stop = np.searchsorted(self.day, [index - 1, index])
        names = [*CASE_TYPES, "OTHER"]  # index -1: any other type
        refs = self.refs
        return [
            CaseCount(worker_ref=refs[worker], as_at=on, case_type=names[kind], cases=cases)
            for worker, kind, cases in zip(
                self.worker[first:stop].tolist(),
                self.case_type[first:stop].tolist(),
                self.cases[first:stop].tolist(),
                strict=True,
            )
        ]

    def totals_by_date(self) -> dict[date, dict[str, float]]:
        """Cases held across all workers, per count date and case type (types in name order, as
        SQL's ``GROUP BY as_at, case_type`` gives them; a type with rows but no cases is 0)."""
        kinds = len(CASE_TYPES)
        key = self.day.astype(np.int64) * kinds + self.case_type
        size = len(self.dates) * kinds
        sums = np.bincount(key, weights=self.cases, minlength=size).tolist()
        present = np.bincount(key, minlength=size).tolist()
        by_name = sorted(range(kinds), key=lambda k: CASE_TYPES[k])
        return {
            on: {
                CASE_TYPES[k]: float(sums[day * kinds + k])
                for k in by_name
                if present[day * kinds + k]
            }
            for day, on in enumerate(self.dates)
        }


def month_latest(dates: Sequence[date]) -> list[date]:
    """Each month's latest date among ``dates``, oldest first: the trend's points."""
    latest: dict[tuple[int, int], date] = {}
    for on in dates:
        key = (on.year, on.month)
        latest[key] = max(on, latest.get(key, on))
    return sorted(latest.values())


class DatedCounts:
    """Caseload counts read a date at a time, when first asked for: a projection from one start
    needs the counts of a handful of the history's dates (its start's and its past starts'), not
    all two million of them.

    ``read(dates)`` gives the counts of those dates (a :class:`CaseCountTable`; every table it gives
    must number the workers alike, by the same ``refs``); ``read_totals()`` gives what
    :meth:`CaseCountTable.totals_by_date` gives for every date. Each is read once (the totals
    from the counts when every date has been read already, see :meth:`read_all`); safe to share
    between threads.
    """

    def __init__(
        self,
        dates: Sequence[date],
        read: Callable[[Sequence[date]], CaseCountTable],
        read_totals: Callable[[], dict[date, dict[str, float]]],
    ) -> None:
        self.dates = tuple(dates)
        self._read = read
        self._read_totals = read_totals
        self._tables: dict[date, CaseCountTable] = {}
        self._totals: dict[date, dict[str, float]] | None = None
        self._lock = threading.Lock()

    def latest(self, day: date) -> CaseCountTable:
        """The counts of the latest count date on or before ``day``, alone in a table (no dates
        when there is none)."""
        index = bisect_right(self.dates, day)
        if not index:
            return _NO_COUNTS
        on = self.dates[index - 1]
        with self._lock:
            table = self._tables.get(on)
            if table is None:
                table = self._tables[on] = self._read([on])
            return table

    def on_or_before(self, day: date) -> list[CaseCount]:
        """The counts of the latest count date not after ``day``, as records in stored order."""
        return self.latest(day).on_or_before(day)

    def read_all(self) -> None:
        """Read every date's counts now, in one pass (for a caller that will ask for most dates,
        such as a backtest): the totals then come from them too."""
        with self._lock:
            missing = [on for on in self.dates if on not in self._tables]
            if not missing:
                return
            table = self._read(missing)
            bounds = np.searchsorted(table.day, np.arange(len(missing) + 1)).tolist()
            for i, on in enumerate(missing):
                first, stop = bounds[i], bounds[i + 1]
                self._tables[on] = CaseCountTable(
                    dates=(on,),
                    refs=table.refs,
                    worker=table.worker[first:stop],
                    day=np.zeros(stop - first, dtype=np.int32),
                    case_type=table.case_type[first:stop],
                    cases=table.cases[first:stop],
                )
            if self._totals is None and len(missing) == len(self.dates):
                self._totals = table.totals_by_date()

    def totals_by_date(self) -> dict[date, dict[str, float]]:
        """Cases held across all workers, per count date and case type (see
        :meth:`CaseCountTable.totals_by_date`)."""
        with self._lock:
            if self._totals is None:
                self._totals = self._read_totals()
            return self._totals


_EMPTY: Column = np.zeros(0, dtype=np.int32)
_NO_COUNTS = CaseCountTable((), (), _EMPTY, _EMPTY, _EMPTY, _EMPTY)
