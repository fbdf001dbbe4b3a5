"""Caseload pressure worked out in columns: the workers in post on a day, each on their primary
spell, with the cases they hold, their capacity and their month of the ASYE.

:class:`cswork.model.pressure.PressureCalculator` does this worker by worker from
:class:`~cswork.model.workforce.RoleSpell` records. At fifty times the demo, making the 58,000
records alone took 0.4 s, and the trend asks the question at 61 month ends. Here the spells are
columns read straight from the store (:class:`SpellColumns`) and each day is a handful of array
operations over all of them; only the workers of the report's own date become
:class:`~cswork.model.pressure.WorkerPressure` records.

The figures are the record code's to the last bit: a worker's weighted cases are added one count
after another in the counts' stored order (``np.bincount`` adds in the order given, as the record
code's loop does), and capacity is FTE × target × factor multiplied in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.count_table import CaseCountTable
from cswork.model.pressure import WorkerPressure, _year_after
from cswork.model.settings import CASE_TYPES, Settings
from cswork.model.spell_table import (  # one marking of dates for both tables
    NO_DATE,
    OPEN_END,
    record_columns,
)
from cswork.model.workforce import CASE_HOLDING_ROLES, RoleSpell

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SpellColumns:
    """Role spells as columns, row *i* being the *i*-th spell given.

    Workers are numbered in reference order and teams in name order. Dates are day ordinals
    (:meth:`datetime.date.toordinal`): ``end`` is :data:`OPEN_END` while in post, ``qualified``
    :data:`NO_DATE` when unknown. ``cohort`` is the academy cohort the spell's worker belongs to.
    """

    refs: tuple[str, ...]
    teams: tuple[str, ...]
    worker: Ints
    team: Ints
    role: Ints
    la: Bools  # permanent or fixed-term: LA-employed
    fte: Floats
    start: Ints
    end: Ints
    qualified: Ints
    cohort: tuple[str | None, ...]

    @classmethod
    def build(
        cls,
        refs: Sequence[str],
        teams: Sequence[str],
        roles: Sequence[int],
        la: Sequence[bool],
        fte: Sequence[float],
        start: Sequence[int],
        end: Sequence[int],
        qualified: Sequence[int],
        cohort: Sequence[str | None],
    ) -> SpellColumns:
        """The columns of spells given field by field (one entry per spell in each)."""
        ref_names = sorted(set(refs))
        team_names = sorted(set(teams))
        ref_of = {ref: i for i, ref in enumerate(ref_names)}
        team_of = {team: i for i, team in enumerate(team_names)}
        return cls(
            refs=tuple(ref_names),
            teams=tuple(team_names),
            worker=np.array([ref_of[ref] for ref in refs], dtype=np.int64),
            team=np.array([team_of[team] for team in teams], dtype=np.int64),
            role=np.array(roles, dtype=np.int64),
            la=np.array(la, dtype=np.bool_),
            fte=np.array(fte, dtype=np.float64),
            start=np.array(start, dtype=np.int64),
            end=np.array(end, dtype=np.int64),
            qualified=np.array(qualified, dtype=np.int64),
            cohort=tuple(cohort),
        )

    @classmethod
    def of(cls, spells: Sequence[RoleSpell]) -> SpellColumns:
        """The columns of some :class:`RoleSpell` records (kept in their order)."""
        return cls.build(**record_columns(spells))

    def __len__(self) -> int:
        return len(self.fte)


def asye_began(spells: SpellColumns, cohort_starts: Mapping[str, date]) -> Ints:
    """Each worker's ASYE start as an ordinal (:data:`NO_DATE` for none), as
    :func:`cswork.model.pressure.asye_start` reads the worker's spells: none for a worker never
    employed (only agency spells); else the start of the academy cohort the first employed spell
    naming one names, if it is known; else the first employed post, if it began within a year of
    the first qualifying date any spell gives."""
    began = np.full(len(spells.refs), NO_DATE, dtype=np.int64)
    named = np.flatnonzero(spells.la & np.array([bool(c) for c in spells.cohort], dtype=np.bool_))
    workers, first = np.unique(spells.worker[named], return_index=True)
    for worker, row in zip(workers.tolist(), named[first].tolist(), strict=True):
        cohort_start = cohort_starts.get(spells.cohort[row] or "")
        if cohort_start is not None:
            began[worker] = cohort_start.toordinal()
    dated = np.flatnonzero(spells.qualified != NO_DATE)
    workers, first = np.unique(spells.worker[dated], return_index=True)
    since = spells.qualified[dated[first]]
    year_after = {
        day: _year_after(date.fromordinal(day)).toordinal() for day in set(since.tolist())
    }
    until = np.array([year_after[day] for day in since.tolist()], dtype=np.int64)
    first_post = np.full(len(spells.refs), OPEN_END, dtype=np.int64)
    np.minimum.at(first_post, spells.worker[spells.la], spells.start[spells.la])
    post = first_post[workers]
    newly = (began[workers] == NO_DATE) & (post < OPEN_END) & (since <= post) & (post < until)
    began[workers[newly]] = post[newly]
    return began


def month_and_day(ordinals: Ints) -> tuple[Ints, Ints]:
    """Each ordinal as (year × 12 + month − 1, day of month); (-1, 0) for :data:`NO_DATE`."""
    month = np.full(len(ordinals), -1, dtype=np.int64)
    day = np.zeros(len(ordinals), dtype=np.int64)
    dated = ordinals != NO_DATE
    unique, which = np.unique(ordinals[dated], return_inverse=True)
    days = [date.fromordinal(ordinal) for ordinal in unique.tolist()]
    month[dated] = np.array([on.year * 12 + on.month - 1 for on in days], dtype=np.int64)[which]
    day[dated] = np.array([on.day for on in days], dtype=np.int64)[which]
    return month, day


def weighted_counts(index: Ints, weights: npt.NDArray[np.int32] | Floats, size: int) -> Floats:
    """``weights`` summed per ``index`` (0 … size − 1), each sum added in the order given; floats
    even when there is nothing to add (``np.bincount`` gives integers then)."""
    sums: Floats = np.bincount(index, weights=weights, minlength=size).astype(np.float64)
    return sums


@dataclass(frozen=True, slots=True)
class DayLoad:
    """The workers in post on a day, each on their primary spell, in reference order, with the
    cases they held at the count used (all arrays one entry per worker)."""

    on: date
    counted_on: date | None  # the count used
    worker: Ints
    spell: Ints
    rows: Ints  # count rows the worker held at the count used
    cases: Floats
    weighted: Floats
    capacity: Floats
    in_asye: Bools
    asye_month: Ints


class PressureColumns:
    """The pressure of each worker in post on any day, for one set of spells, counts and settings."""

    def __init__(
        self,
        spells: SpellColumns,
        counts: CaseCountTable,
        settings: Settings,
        team_targets: Mapping[str, float] | None = None,
        cohort_starts: Mapping[str, date] | None = None,
    ) -> None:
        self.spells, self.counts, self.settings = spells, counts, settings
        # Spells by worker, then by (FTE, start, first given highest): a worker's primary spell
        # among those in post is their last (largest FTE, then latest start, as primary_spells).
        rank = np.empty(len(spells), dtype=np.int64)
        rank[np.lexsort((-np.arange(len(spells)), spells.start, spells.fte))] = np.arange(
            len(spells)
        )
        self._by_worker = np.lexsort((rank, spells.worker))
        self._spell_worker = spells.worker[self._by_worker]
        self._spell_start = spells.start[self._by_worker]
        self._spell_end = spells.end[self._by_worker]
        ref_index = {ref: i for i, ref in enumerate(spells.refs)}
        self._counted = np.array([ref_index.get(ref, -1) for ref in counts.refs], dtype=np.int64)
        weights = settings.weights
        self._weight_of = np.array([*(weights[t] for t in CASE_TYPES), 1.0])  # -1: other type
        self.holding = np.isin(spells.role, list(CASE_HOLDING_ROLES))
        self._began_month, self._began_day = month_and_day(asye_began(spells, cohort_starts or {}))
        self._factors = np.array([settings.nqsw_factor(m) for m in range(settings.asye_months)])
        targets = dict(team_targets or {})
        self._target = np.array([targets.get(t) or settings.target_caseload for t in spells.teams])
        self._rows_by_day = np.searchsorted(counts.day, np.arange(len(counts.dates) + 1))
        self._day_of_table = {on: i for i, on in enumerate(counts.dates)}

    def count_rows(self, counted_on: date | None) -> slice:
        """The count rows taken on ``counted_on`` (none for ``None``)."""
        if counted_on is None:
            return slice(0, 0)
        k = self._day_of_table[counted_on]
        return slice(int(self._rows_by_day[k]), int(self._rows_by_day[k + 1]))

    def day(self, on: date, counted_on: date | None) -> DayLoad:
        """The workers in post on ``on`` with the counts taken on ``counted_on``."""
        ordinal = on.toordinal()
        in_post = (self._spell_start <= ordinal) & (self._spell_end >= ordinal)
        held_by = self._spell_worker[in_post]
        last = np.ones(len(held_by), dtype=np.bool_)
        last[:-1] = held_by[1:] != held_by[:-1]
        worker, spell = held_by[last], self._by_worker[in_post][last]

        rows = self.count_rows(counted_on)
        holder_of, held = self._counted[self.counts.worker[rows]], self.counts.cases[rows]
        known = holder_of >= 0
        size = len(self.spells.refs)
        weighted_rows = held * self._weight_of[self.counts.case_type[rows]]
        cases = weighted_counts(holder_of[known], held[known], size)[worker]
        weighted = weighted_counts(holder_of[known], weighted_rows[known], size)
        row_count = np.bincount(holder_of[known], minlength=size)[worker]

        # Capacity: FTE × team target × the NQSW factor in the ASYE, for case-holding roles.
        months = on.year * 12 + on.month - 1 - self._began_month[worker]
        asye_month = months - (on.day < self._began_day[worker])
        in_asye = (self._began_month[worker] >= 0) & (asye_month >= 0)
        in_asye &= asye_month < self.settings.asye_months
        factor = np.where(
            in_asye, self._factors[np.clip(asye_month, 0, len(self._factors) - 1)], 1.0
        )
        fte, team = self.spells.fte[spell], self.spells.team[spell]
        capacity = np.where(self.holding[spell], fte * self._target[team] * factor, 0.0)
        return DayLoad(
            on=on,
            counted_on=counted_on,
            worker=worker,
            spell=spell,
            rows=row_count,
            cases=cases,
            weighted=weighted[worker],
            capacity=capacity,
            in_asye=in_asye,
            asye_month=asye_month,
        )

    def worker_pressures(self, load: DayLoad) -> list[WorkerPressure]:
        """Every worker of ``load`` (:meth:`day`), as :meth:`cswork.model.pressure.PressureCalculator.at`
        gives them on its day with its count, by reference."""
        spells = self.spells
        position = np.full(len(spells.refs), -1, dtype=np.int64)
        position[load.worker] = np.arange(len(load.worker))
        # Each worker's counts by type, in the counts' order, as the record code builds them.
        by_type: list[dict[str, int]] = [{} for _ in range(len(load.worker))]
        rows = self.count_rows(load.counted_on)
        names = [*CASE_TYPES, "OTHER"]  # index -1: any other type
        holder = self._counted[self.counts.worker[rows]]
        place = np.where(holder >= 0, position[np.maximum(holder, 0)], -1)
        mine = np.flatnonzero(place >= 0)
        for at, kind, n in zip(
            place[mine].tolist(),
            self.counts.case_type[rows][mine].tolist(),
            self.counts.cases[rows][mine].tolist(),
            strict=True,
        ):
            held = by_type[at]
            name = names[kind]
            held[name] = held.get(name, 0) + n
        refs, teams = spells.refs, spells.teams
        return [
            WorkerPressure(
                worker_ref=refs[worker],
                team=teams[team],
                org_role=role,
                fte=fte,
                cases=int(cases),
                cases_by_type=held,
                # no counts at all: the record code's sum never began, and stayed the integer 0
                weighted_caseload=weighted if rows else 0,
                capacity=capacity,
                in_asye=in_asye,
                asye_month=month if in_asye else None,
            )
            for worker, team, role, fte, cases, held, weighted, rows, capacity, in_asye, month in zip(
                load.worker.tolist(),
                spells.team[load.spell].tolist(),
                spells.role[load.spell].tolist(),
                spells.fte[load.spell].tolist(),
                load.cases.tolist(),
                by_type,
                load.weighted.tolist(),
                load.rows.tolist(),
                load.capacity.tolist(),
                load.in_asye.tolist(),
                load.asye_month.tolist(),
                strict=True,
            )
        ]
