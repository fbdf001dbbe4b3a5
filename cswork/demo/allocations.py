"""The demo's allocation history: children allocated to the demo's case holders, week by week.

Each team holds about as many children as its workers' caseload counts say. Children come in at
the front door, move on to assessment, then to help and protection or into care, and leave; a few
are reallocated within their team each year; and when a worker leaves or moves team, their children
are handed to a colleague in the weeks before, half of them to a duty worker for a few weeks first. Teams with more leavers and agency turnover therefore
show worse continuity, as they do in life. Children are numbers only; the history is counted with
:func:`cswork.model.continuity.continuity_counts`, and only the counts are stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cswork.demo.workforce import DemoSpell, Workforce
from cswork.model.continuity import (
    Allocation,
    TeamContinuity,
    continuity_counts,
    month_ends_covered,
)
from cswork.model.months import add_months
from cswork.model.workforce import CASE_HOLDING_ROLES

#: Months simulated: a year to fill the first window, then a year and a month of month ends
#: counted (so the latest can be compared with the same month a year before).
HISTORY_MONTHS = 25
#: How long before a worker's last day in a team their children are handed over.
HANDOVER = timedelta(days=21)
_WEEK = timedelta(days=7)
#: Each week: the chance a child's case closes, and where else they may go (team, chance).
_FLOW: dict[str, tuple[float, tuple[tuple[str, float], ...]]] = {
    "MASH and Front Door": (0.30, (("Assessment 1", 0.03), ("Assessment 2", 0.03))),
    "Assessment 1": (0.10, (("Help and Protection North", 0.035), ("Children in Care", 0.003))),
    "Assessment 2": (0.10, (("Help and Protection South", 0.035), ("Children in Care", 0.003))),
    "Help and Protection North": (0.022, (("Children in Care", 0.003),)),
    "Help and Protection South": (0.022, (("Children in Care", 0.003),)),
    "Children in Care": (0.006, (("Care Leavers", 0.004),)),
    "Care Leavers": (0.008, ()),
    "Disabled Children": (0.006, ()),
    "Social Work Academy": (0.025, ()),
}
#: Each week, the chance a child is reallocated within the team for other reasons (a worker's long
#: absence, a change of plan, a team's caseloads rebalanced).
_REALLOCATION = 0.004
#: The chance that a departing worker's child goes to a duty worker or manager for a few weeks
#: first (two changes for one departure), and for how many weeks at most.
_STAND_IN, _STAND_IN_WEEKS = 0.5, 6


@dataclass(slots=True)
class _Open:
    child: int
    worker: int
    start: date
    #: The day a stand-in allocation (a duty worker's, after a worker left) is handed on.
    until: date | None = None


def _case_holding(spells: Iterable[DemoSpell]) -> dict[str, list[DemoSpell]]:
    teams: dict[str, list[DemoSpell]] = defaultdict(list)
    for spell in spells:
        if spell.org_role in CASE_HOLDING_ROLES and spell.team in _FLOW:
            teams[spell.team].append(spell)
    return teams


def _targets(
    workforce: Workforce, cases: Iterable[tuple[int, str, str, int]]
) -> dict[str, list[tuple[date, int]]]:
    """Each team's cases at every count date, oldest first: how many children it holds."""
    by_worker: dict[int, list[DemoSpell]] = defaultdict(list)
    for spell in workforce.spells:
        by_worker[spell.worker].append(spell)
    totals: dict[tuple[str, date], int] = defaultdict(int)
    for worker, on_text, _, count in cases:
        on = date.fromisoformat(on_text)
        for spell in by_worker[worker]:
            if spell.start <= on and (spell.end is None or spell.end >= on):
                totals[spell.team, on] += count
                break
    found: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for (team, on), count in sorted(totals.items(), key=lambda item: item[0][1]):
        found[team].append((on, count))
    return found


def _target(points: list[tuple[date, int]], day: date) -> int:
    held = [count for on, count in points if on <= day]
    return held[-1] if held else (points[0][1] if points else 0)


def leaving_days(workforce: Workforce) -> dict[str, date]:
    """Each demo worker who has left: their last day in post (as the store reads it)."""
    ends: dict[int, list[date | None]] = defaultdict(list)
    for spell in workforce.spells:
        ends[spell.worker].append(spell.end)
    return {
        workforce.workers[worker].ref: max(d for d in days if d is not None)
        for worker, days in ends.items()
        if all(d is not None for d in days)
    }


class _Simulation:
    """The week-by-week allocation of the demo's children (see the module notes)."""

    def __init__(
        self,
        rng: np.random.Generator,
        workforce: Workforce,
        cases: Iterable[tuple[int, str, str, int]],
    ) -> None:
        self.rng = rng
        self.refs = [w.ref for w in workforce.workers]
        self.holders_of = _case_holding(workforce.spells)
        self.targets = _targets(workforce, cases)
        self.allocations: list[Allocation] = []
        self.open_by_team: dict[str, list[_Open]] = {team: [] for team in _FLOW}
        self.next_child = 0
        self.day = date.min
        #: Case holders in post in each team this week (worker: their spell's end), and those not
        #: about to leave it.
        self.holders: dict[str, dict[int, date | None]] = {}
        self.staying: dict[str, list[int]] = {}

    def week(self, day: date) -> None:
        """Move every child on by a week starting ``day``."""
        self.day = day
        self.holders = {
            team: {
                s.worker: s.end
                for s in spells
                if s.start <= day and (s.end is None or s.end >= day)
            }
            for team, spells in self.holders_of.items()
        }
        self.staying = {
            team: sorted(w for w, end in held.items() if end is None or end >= day + HANDOVER)
            for team, held in self.holders.items()
        }
        arriving: dict[str, list[_Open]] = defaultdict(list)
        for team in _FLOW:
            self.open_by_team[team] = self._team_week(team, arriving)
        for team in _FLOW:
            self.open_by_team[team].extend(arriving[team])
            self._top_up(team)

    def allocate(self, team: str, child: int, avoid: int | None = None) -> _Open | None:
        """A new allocation from today to a worker of ``team`` (not ``avoid``), if it has any."""
        staying = [w for w in self.staying.get(team, ()) if w != avoid]
        pool = staying or sorted(self.holders.get(team, ()))
        if not pool:
            return None
        return _Open(child, pool[int(self.rng.integers(len(pool)))], self.day)

    def close(self, team: str, held: _Open, last: date) -> None:
        """End an allocation on ``last``."""
        self.allocations.append(
            Allocation(held.child, self.refs[held.worker], team, held.start, last)
        )

    def _team_week(self, team: str, arriving: dict[str, list[_Open]]) -> list[_Open]:
        """The team's children still held after this week's closures, moves and reallocations."""
        closing, moves = _FLOW[team]
        day, yesterday = self.day, self.day - timedelta(days=1)
        staying = set(self.staying.get(team, ()))
        quiet_from, quiet_to = closing + sum(chance for _, chance in moves), 1 - _REALLOCATION
        still: list[_Open] = []
        held_now = self.open_by_team[team]
        for held, draw in zip(held_now, self.rng.random(len(held_now)), strict=True):
            leaving = held.worker not in staying or (held.until is not None and held.until <= day)
            if not leaving and quiet_from <= draw <= quiet_to:
                still.append(held)  # the usual week: nothing happens
                continue
            if held.start < day and draw < quiet_from:
                destination = _destination(draw, closing, moves)
                self.close(team, held, day if destination is None else yesterday)
                moved = self.allocate(destination, held.child) if destination else None
                if destination is not None and moved is not None:
                    arriving[destination].append(moved)
                continue
            if leaving or draw > quiet_to:
                new = self.allocate(team, held.child, avoid=held.worker)
                departing = held.worker not in staying and held.until is None
                if new is not None and departing and self.rng.random() < _STAND_IN:
                    weeks = int(self.rng.integers(1, _STAND_IN_WEEKS + 1))
                    new.until = day + weeks * _WEEK
                if new is not None and new.worker != held.worker:
                    self.close(team, held, yesterday)
                    held = new
            still.append(held)
        return still

    def _top_up(self, team: str) -> None:
        """New children, until the team holds as many as its caseload count says; over it (children
        moved in from other teams), the cases of as many children close."""
        held_now = self.open_by_team[team]
        wanted = _target(self.targets.get(team, []), self.day) - len(held_now)
        if wanted < 0:
            closing = set(self.rng.choice(len(held_now), size=-wanted, replace=False).tolist())
            for index in sorted(closing):
                self.close(team, held_now[index], self.day)
            self.open_by_team[team] = [h for i, h in enumerate(held_now) if i not in closing]
            return
        for _ in range(wanted):
            new = self.allocate(team, self.next_child)
            if new is None:
                return
            self.open_by_team[team].append(new)
            self.next_child += 1

    def finish(self) -> list[Allocation]:
        """Every allocation: those ended, then those still open."""
        for team, held_now in self.open_by_team.items():
            self.allocations.extend(
                Allocation(h.child, self.refs[h.worker], team, h.start) for h in held_now
            )
        return self.allocations


def _destination(draw: float, closing: float, moves: tuple[tuple[str, float], ...]) -> str | None:
    """Where a child goes on a draw below the chance of any change: ``None`` (closed) or a team."""
    if draw < closing:
        return None
    threshold = closing
    for team, chance in moves:
        threshold += chance
        if draw < threshold:
            return team
    return None


def allocation_history(
    rng: np.random.Generator,
    workforce: Workforce,
    cases: Iterable[tuple[int, str, str, int]],
    as_at: date,
) -> tuple[list[Allocation], date]:
    """Every allocation of the last :data:`HISTORY_MONTHS` months, and the day the history starts."""
    simulation = _Simulation(rng, workforce, cases)
    first = add_months(as_at, -HISTORY_MONTHS)
    day = first
    while day <= as_at:
        simulation.week(day)
        day += _WEEK
    return simulation.finish(), first


def demo_continuity(
    rng: np.random.Generator,
    workforce: Workforce,
    cases: Iterable[tuple[int, str, str, int]],
    as_at: date,
) -> list[TeamContinuity]:
    """The demo's continuity counts at each month end with a full year of history behind it."""
    allocations, first = allocation_history(rng, workforce, cases, as_at)
    ends = month_ends_covered(first, as_at)
    return continuity_counts(allocations, leaving_days(workforce), ends)
