"""Continuity of social worker: how many workers each child has had in the last 12 months.

Ofsted's question is how many children have had "too many changes of social worker". From an
allocation history (one allocation per child and worker, with start and end dates) this module
counts, at each month end and for each team, the children allocated at that month end by the number
of distinct workers allocated to them in the 12 months to it (1, 2, 3, 4 or more), and how many of
them were reallocated in the period because their worker left.

The rules, in one place:

- An allocation runs from its start date to its end date, both days included (the end date is the
  last day the worker held the child); a blank end date is still open.
- A child is *allocated at a month end* when an allocation is open on that day. A child allocated
  in two teams at once (a handover) counts once, in the team of the allocation that started last
  (then the later team name, for a definite answer): a child who moved team is counted in the team
  holding them at the month end, with every worker of the 12 months, whichever team they were in.
- *Workers in the last 12 months* are the distinct workers of the child's allocations that overlap
  the 12 months ending at the month end (from the day after the same date a year earlier). The same
  worker allocated twice counts once.
- A child's allocation *ended because the worker left* when the worker's employment ended (the last
  day of their last role spell, none open after it) no more than :data:`ENDED_BEFORE_LEAVING` after
  the allocation's end and no more than :data:`ENDED_AFTER_LEAVING` before it, and the child was
  *reallocated*: another worker's allocation started after this one started and no more than
  :data:`REALLOCATED_WITHIN` after it ended. Such a child counts in ``worker_left`` at a month end
  when the allocation ended in the 12 months to it, and in ``worker_left_month`` when it ended in
  that calendar month.

Children are only ever numbers here (:class:`Allocation` ``child``): an index that exists while a
file is read. No identifier reaches this module, and nothing it returns can be traced to a child.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cswork.model.months import month_end, year_before

#: An allocation that ended up to eight weeks before the worker's last day ended because they left
#: (cases are handed over while a worker works their notice).
ENDED_BEFORE_LEAVING = timedelta(days=56)
#: ... or up to two weeks after it (the case-management system is updated late).
ENDED_AFTER_LEAVING = timedelta(days=14)
#: A child is reallocated when another worker's allocation starts within eight weeks of the end.
REALLOCATED_WITHIN = timedelta(days=56)
#: Months of history a month end needs before it: its 12 months of allocations.
WINDOW_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Allocation:
    """One child's allocation to one worker in one team, from ``start`` to ``end`` (inclusive;
    ``None`` while open). ``child`` is a number given while reading a file, never an identifier."""

    child: int
    worker: str
    team: str
    start: date
    end: date | None = None

    def open_on(self, day: date) -> bool:
        """Whether the allocation is open on ``day``."""
        return self.start <= day and (self.end is None or self.end >= day)

    def overlaps(self, after: date, until: date) -> bool:
        """Whether the allocation is open on any day after ``after`` up to ``until``."""
        return self.start <= until and (self.end is None or self.end > after)


@dataclass(frozen=True, slots=True)
class TeamContinuity:
    """The children a team held at a month end, by the number of workers they had in 12 months."""

    team: str
    month_end: date
    one: int = 0
    two: int = 0
    three: int = 0
    four_plus: int = 0
    worker_left: int = 0
    worker_left_month: int = 0

    @property
    def children(self) -> int:
        """Children allocated at the month end."""
        return self.one + self.two + self.three + self.four_plus

    @property
    def three_plus(self) -> int:
        """Children who had three or more workers in the 12 months."""
        return self.three + self.four_plus

    @property
    def three_plus_share(self) -> float | None:
        """The share of the children with three or more workers (``None`` with no children)."""
        return self.three_plus / self.children if self.children else None

    @property
    def by_workers(self) -> tuple[int, int, int, int]:
        """Children with 1, 2, 3 and 4 or more workers."""
        return self.one, self.two, self.three, self.four_plus


def combine(name: str, rows: Iterable[TeamContinuity], on: date) -> TeamContinuity:
    """The sum of several teams' rows for one month end (each child is in one team, so the sum is
    the authority's count)."""
    listed = [r for r in rows if r.month_end == on]
    return TeamContinuity(
        name,
        on,
        one=sum(r.one for r in listed),
        two=sum(r.two for r in listed),
        three=sum(r.three for r in listed),
        four_plus=sum(r.four_plus for r in listed),
        worker_left=sum(r.worker_left for r in listed),
        worker_left_month=sum(r.worker_left_month for r in listed),
    )


def month_ends_covered(first: date, last: date) -> list[date]:
    """The month ends a history from ``first`` to ``last`` can be counted at: each has its full 12
    months of allocations in the history (the window starts on or after ``first``), and none is
    after ``last``."""
    found: list[date] = []
    year, month = first.year, first.month
    while True:
        day = month_end(year, month)
        if day > last:
            return found
        if year_before(day) + timedelta(days=1) >= first:
            found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def ended_by_leaving(
    allocation: Allocation, others: Sequence[Allocation], leaving: Mapping[str, date]
) -> bool:
    """Whether ``allocation`` ended because its worker left and the child was reallocated
    (``others``: the child's allocations; ``leaving``: each leaver's last day in post)."""
    end = allocation.end
    left = leaving.get(allocation.worker)
    if end is None or left is None:
        return False
    if not (left - ENDED_BEFORE_LEAVING <= end <= left + ENDED_AFTER_LEAVING):
        return False
    return any(
        other.worker != allocation.worker
        and other.start > allocation.start
        and other.start <= end + REALLOCATED_WITHIN
        for other in others
    )


@dataclass(slots=True)
class _Tally:
    by_workers: list[int]
    worker_left: int = 0
    worker_left_month: int = 0


def continuity_counts(
    allocations: Iterable[Allocation], leaving: Mapping[str, date], month_ends: Sequence[date]
) -> list[TeamContinuity]:
    """Each team's continuity at each of ``month_ends`` (ascending) where it held a child, by team
    name then month end. ``leaving``: the last day in post of each worker who left."""
    by_child: dict[int, list[Allocation]] = defaultdict(list)
    for allocation in allocations:
        by_child[allocation.child].append(allocation)
    ends = list(month_ends)
    #: Each month end with the day before its 12-month window and the first day of its month.
    windows = [(day, year_before(day), day.replace(day=1)) for day in ends]
    tallies: dict[tuple[str, date], _Tally] = {}
    for held in by_child.values():
        # plain tuples: this loop runs for every child at every month end
        spans = [(a.start, a.end or date.max, a.team, a.worker) for a in held]
        first_start = min(span[0] for span in spans)
        last_end = max(span[1] for span in spans)
        left_days = [
            a.end for a in held if a.end is not None and ended_by_leaving(a, held, leaving)
        ]
        # no month end after the last allocation ends can hold the child
        for day, window_from, month_start in windows[
            bisect_left(ends, first_start) : bisect_right(ends, last_end)
        ]:
            current = max(
                ((start, team) for start, end, team, _ in spans if start <= day <= end),
                default=None,
            )
            if current is None:
                continue
            workers = len({w for start, end, _, w in spans if start <= day and end > window_from})
            tally = tallies.get((current[1], day))
            if tally is None:
                tally = tallies[current[1], day] = _Tally([0, 0, 0, 0])
            tally.by_workers[min(workers, 4) - 1] += 1
            if left_days:
                if any(window_from < d <= day for d in left_days):
                    tally.worker_left += 1
                if any(month_start <= d <= day for d in left_days):
                    tally.worker_left_month += 1
    return [
        TeamContinuity(
            team,
            day,
            one=tally.by_workers[0],
            two=tally.by_workers[1],
            three=tally.by_workers[2],
            four_plus=tally.by_workers[3],
            worker_left=tally.worker_left,
            worker_left_month=tally.worker_left_month,
        )
        for (team, day), tally in sorted(tallies.items())
    ]
