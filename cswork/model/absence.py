"""Absence as lost capacity: working days lost over periods, and long-term absences (sickness,
maternity or parental leave, other) running from a date.

Only a reason category is ever held, never medical detail. A worker's share of capacity lost on a
date is all of it while on a long-term absence that day; otherwise their own absence rate over the
12 months to the date (working days lost ÷ (FTE × working days in a year), at most all of it). The
authority's absence rate (DfE: working days lost ÷ (FTE in post × working days in the year)) is
:func:`cswork.model.measures.absence_rate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from cswork.model.census_build import Absence, days_lost_in
from cswork.model.measures import WORKING_DAYS_PER_YEAR, absence_rate
from cswork.model.months import year_before

if TYPE_CHECKING:  # numpy is imported where the columns are made: the summary path needs none
    from cswork.model.spell_table import Floats, Ints


class AbsenceReason(StrEnum):
    """The reason categories kept (no medical detail)."""

    SICKNESS = "sickness"
    MATERNITY = "maternity"  # maternity, paternity, adoption or shared parental leave
    OTHER = "other"

    @property
    def label(self) -> str:
        """As a workforce lead says it."""
        return {"sickness": "Sickness", "maternity": "Maternity/parental", "other": "Other"}[
            self.value
        ]

    @property
    def census_code(self) -> str:
        """The census ReasonAbsence code."""
        return {"sickness": "SIC", "maternity": "MAT", "other": "OTH"}[self.value]


@dataclass(frozen=True, slots=True)
class LongTermAbsence:
    """A worker absent from ``start`` to ``end`` inclusive (``None``: still absent)."""

    worker_ref: str
    start: date
    end: date | None
    reason: AbsenceReason

    def covers(self, on: date) -> bool:
        """Whether the worker is absent on ``on``."""
        return self.start <= on and (self.end is None or on <= self.end)


def absent_on(absences: Iterable[LongTermAbsence], on: date) -> dict[str, AbsenceReason]:
    """Workers on a long-term absence on ``on``, with its reason (the latest-starting one)."""
    found: dict[str, LongTermAbsence] = {}
    for absence in absences:
        if absence.covers(on):
            held = found.get(absence.worker_ref)
            if held is None or absence.start > held.start:
                found[absence.worker_ref] = absence
    return {ref: absence.reason for ref, absence in found.items()}


@dataclass(frozen=True, slots=True)
class AbsenceBook:
    """Everything held about absence, to ask how much of a worker's capacity is lost on a date."""

    periods: tuple[Absence, ...] = ()
    long_term: tuple[LongTermAbsence, ...] = ()
    working_days: float = WORKING_DAYS_PER_YEAR

    @property
    def empty(self) -> bool:
        """Whether no absence is recorded."""
        return not self.periods and not self.long_term

    def days_lost(self, on: date) -> dict[str, float]:
        """Working days lost per worker in the 12 months to ``on``."""
        return days_lost_in(self.periods, year_before(on) + timedelta(days=1), on)

    def lost_shares(self, fte: Mapping[str, float], on: date) -> dict[str, float]:
        """Each worker's share of capacity lost on ``on`` (workers with none left out): 1 on a
        long-term absence, else days lost in the 12 months to ``on`` ÷ (FTE × working days)."""
        absent = absent_on(self.long_term, on)
        lost = self.days_lost(on)
        shares = {}
        for ref, worker_fte in fte.items():
            if ref in absent:
                shares[ref] = 1.0
            elif lost.get(ref, 0.0) > 0 and worker_fte > 0:
                shares[ref] = min(lost[ref] / (worker_fte * self.working_days), 1.0)
        return shares

    def rate(
        self, fte_in_post: float, on: date, columns: AbsencePeriods | None = None
    ) -> float | None:
        """The absence rate (a fraction) over the 12 months to ``on`` for ``fte_in_post``: working
        days lost ÷ (FTE in post × working days), ``None`` with no FTE. ``columns``, when given,
        must be ``AbsencePeriods.of(self.periods)``, kept by a caller that asks for many dates."""
        periods = columns if columns is not None else AbsencePeriods.of(self.periods)
        lost = periods.days_lost(year_before(on) + timedelta(days=1), on)
        percent = absence_rate(lost, fte_in_post, self.working_days)
        return None if percent is None else percent / 100.0


@dataclass(frozen=True, slots=True)
class AbsencePeriods:
    """Absence periods as columns (workers numbered by first appearance), so that the days lost
    over any window are a few array operations, not a loop over every period."""

    worker: Ints
    start: Ints  # day ordinals
    end: Ints
    days: Floats

    @classmethod
    def of(cls, periods: Sequence[Absence]) -> AbsencePeriods:
        """The columns of ``periods``, in their order."""
        import numpy as np

        number: dict[str, int] = {}
        return cls(
            worker=np.array(
                [number.setdefault(p.worker_ref, len(number)) for p in periods], dtype=np.int64
            ),
            start=np.array([p.start.toordinal() for p in periods], dtype=np.int64),
            end=np.array([p.end.toordinal() for p in periods], dtype=np.int64),
            days=np.array([p.days for p in periods], dtype=np.float64),
        )

    def days_lost(self, start: date, end: date) -> float:
        """Working days lost in ``[start, end]`` by everyone: the sum of :func:`days_lost_in`'s
        values, each worker's days added in the periods' order and the workers in order of their
        first period inside the window, as that sum adds them."""
        import numpy as np

        first = np.maximum(self.start, start.toordinal())
        last = np.minimum(self.end, end.toordinal())
        inside = np.flatnonzero(first <= last)
        if not len(inside):
            return 0.0
        share = (last[inside] - first[inside] + 1) / (self.end[inside] - self.start[inside] + 1)
        who = self.worker[inside]
        per_worker = np.bincount(who, weights=self.days[inside] * share)
        seen, first_row = np.unique(who, return_index=True)
        ordered = per_worker[seen[np.argsort(first_row, kind="stable")]]
        return float(np.cumsum(ordered)[-1])


@dataclass(frozen=True, slots=True)
class GroupAbsence:
    """Capacity a team (or the authority) loses to absence on a date."""

    name: str
    capacity: float
    capacity_lost: float
    fte_lost: float
    weighted_cases: float
    long_term: Mapping[AbsenceReason, int]

    @property
    def available(self) -> float:
        """Capacity left after absence."""
        return self.capacity - self.capacity_lost

    @property
    def lost_share(self) -> float | None:
        """Capacity lost ÷ capacity (a fraction), ``None`` without capacity."""
        return self.capacity_lost / self.capacity if self.capacity > 0 else None

    @property
    def utilisation(self) -> float | None:
        """Weighted cases ÷ capacity left after absence, ``None`` when none is left."""
        return self.weighted_cases / self.available if self.available > 1e-9 else None


class _Worker(Protocol):
    """What :func:`group_absence` needs of a worker's pressure."""

    @property
    def worker_ref(self) -> str: ...
    @property
    def team(self) -> str: ...
    @property
    def fte(self) -> float: ...
    @property
    def capacity(self) -> float: ...
    @property
    def weighted_caseload(self) -> float: ...


def group_absence(
    name: str,
    workers: Sequence[_Worker],
    shares: Mapping[str, float],
    absent: Mapping[str, AbsenceReason],
) -> GroupAbsence:
    """A group's capacity, the capacity and FTE lost to absence, and its long-term absences."""
    long_term: dict[AbsenceReason, int] = dict.fromkeys(AbsenceReason, 0)
    for worker in workers:
        if worker.worker_ref in absent:
            long_term[absent[worker.worker_ref]] += 1
    return GroupAbsence(
        name=name,
        capacity=sum(w.capacity for w in workers),
        capacity_lost=sum(w.capacity * shares.get(w.worker_ref, 0.0) for w in workers),
        fte_lost=sum(w.fte * shares.get(w.worker_ref, 0.0) for w in workers),
        weighted_cases=sum(w.weighted_caseload for w in workers),
        long_term=long_term,
    )


def absence_by_team(
    total_name: str,
    workers: Sequence[_Worker],
    book: AbsenceBook,
    on: date,
) -> tuple[GroupAbsence, list[GroupAbsence]]:
    """The authority's and each team's capacity lost to absence on ``on`` (teams by name)."""
    shares = book.lost_shares({w.worker_ref: w.fte for w in workers}, on)
    absent = absent_on(book.long_term, on)
    teams: dict[str, list[_Worker]] = defaultdict(list)
    for worker in workers:
        teams[worker.team].append(worker)
    return group_absence(total_name, workers, shares, absent), [
        group_absence(team, members, shares, absent) for team, members in sorted(teams.items())
    ]
