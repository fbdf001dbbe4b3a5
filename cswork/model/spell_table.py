"""Role spells as columns, so that a position on a date is a few array operations, not a loop.

The projection's history asks for the workforce at every month end and its calibration for the
starting position at a dozen past dates; at fifty times the demo that was millions of
:class:`~cswork.model.workforce.RoleSpell` look-ups. Here each question is answered over all the
spells at once, and answers the same as the record-by-record code to the last bit: where that code
adds floats one after another, so does ``np.bincount`` (in the order given) and ``np.cumsum``;
``np.sum``, which adds pairwise, is never used for a figure.

Dates are day ordinals (:meth:`datetime.date.toordinal`); an open end is :data:`OPEN_END`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from cswork.model.workforce import CONTINUITY_DAYS, RoleSpell

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

#: The ordinal of a spell with no end: in post on every date.
OPEN_END = date.max.toordinal()
#: No date (no qualifying date, no cohort start, no ASYE).
NO_DATE = -1


def record_columns(spells: Sequence[RoleSpell]) -> dict[str, Any]:
    """The columns of some :class:`RoleSpell` records, as :class:`SpellTable` and
    :class:`cswork.model.pressure_columns.SpellColumns` take them (dates as day ordinals)."""
    return {
        "refs": [s.worker_ref for s in spells],
        "teams": [s.team for s in spells],
        "roles": [s.org_role for s in spells],
        "la": [s.la_employed for s in spells],
        "fte": [s.fte for s in spells],
        "start": [s.start.toordinal() for s in spells],
        "end": [OPEN_END if s.end is None else s.end.toordinal() for s in spells],
        "qualified": [NO_DATE if s.qualified is None else s.qualified.toordinal() for s in spells],
        "cohort": [s.cohort for s in spells],
    }


#: Band indexes, in the order of :data:`cswork.model.projection.assumptions.BANDS`.
NQSW, EARLY_CAREER, EXPERIENCED, SENIOR = range(4)
_EPOCH = date(1970, 1, 1).toordinal()


def month_and_day(ordinals: Ints) -> tuple[Ints, Ints]:
    """Each date as (year × 12 + month − 1, day of month).

    Many dates are looked up in a calendar of the years a history holds, worked out once: numpy's
    conversion between days and months takes a millisecond or two for the 50,000 workers of fifty
    times the demo, and a starting position asks several times."""
    if np.ndim(ordinals) == 0 or len(ordinals) < _LOOK_UP_FROM:
        return _month_and_day(ordinals)
    calendar = _calendar()
    index = ordinals - _CALENDAR_FIRST
    inside = (index >= 0) & (index < len(calendar.month))
    if inside.all():
        return calendar.month[index], calendar.day[index]
    index = np.where(inside, index, 0)
    month, day = calendar.month[index], calendar.day[index]
    outside = ~inside
    month[outside], day[outside] = _month_and_day(ordinals[outside])
    return month, day


def _month_and_day(ordinals: Ints) -> tuple[Ints, Ints]:
    """:func:`month_and_day` worked out date by date."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return months.astype(np.int64) + 1970 * 12, day


def _first_of_month(months: Ints) -> Ints:
    """The ordinal of the first day of each month (year × 12 + month − 1)."""
    calendar = _calendar()
    if np.ndim(months) == 0 or len(months) < _LOOK_UP_FROM:
        return _first_of_month_worked_out(months)
    index = months - calendar.first_month
    inside = (index >= 0) & (index < len(calendar.first_day))
    if inside.all():
        return calendar.first_day[index]
    first = calendar.first_day[np.where(inside, index, 0)]
    first[~inside] = _first_of_month_worked_out(months[~inside])
    return first


def _first_of_month_worked_out(months: Ints) -> Ints:
    first: Ints = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(
        np.int64
    ) + _EPOCH
    return first


#: Arrays of dates shorter than this are worked out, not looked up.
_LOOK_UP_FROM = 256
#: The calendar's span: dates outside it are worked out.
_CALENDAR_FIRST = date(1900, 1, 1).toordinal()
_CALENDAR_END = date(2200, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class _Calendar:
    """Every day's month and day of month from :data:`_CALENDAR_FIRST`, and every month's first
    day from ``first_month``, as :func:`_month_and_day` gives them."""

    month: Ints
    day: Ints
    first_month: int
    first_day: Ints


@lru_cache(maxsize=1)
def _calendar() -> _Calendar:
    month, day = _month_and_day(np.arange(_CALENDAR_FIRST, _CALENDAR_END, dtype=np.int64))
    starts = np.flatnonzero(day == 1)
    calendar = _Calendar(month, day, int(month[0]), starts + _CALENDAR_FIRST)
    for column in (calendar.month, calendar.day, calendar.first_day):
        column.flags.writeable = False
    return calendar


def completed_months(start: Ints, end: Ints) -> Ints:
    """:func:`cswork.model.months.completed_months` of each pair of ordinals."""
    start_month, start_day = month_and_day(start)
    end_month, end_day = month_and_day(end)
    result: Ints = end_month - start_month - (end_day < start_day)
    return result


def in_order(values: Floats) -> float:
    """The sum of ``values`` added one after another from 0.0, as Python's ``sum`` adds them (a
    zero sum is +0.0, as it is when the first addition is to +0.0)."""
    return float(np.cumsum(values)[-1]) + 0.0 if len(values) else 0.0


def weighted_counts(index: Ints, weights: Floats, size: int) -> Floats:
    """``weights`` summed per ``index`` (0 … size − 1), each sum in the order given; floats even
    when there is nothing to add (``np.bincount`` gives integers then)."""
    sums: Floats = np.bincount(index, weights=weights, minlength=size).astype(np.float64)
    return sums


@dataclass(frozen=True, slots=True)
class AsyeStarts:
    """Each worker's ASYE start: ordinal (:data:`NO_DATE` for none), year × 12 + month − 1, day."""

    ordinal: Ints
    month: Ints
    day: Ints


@dataclass(frozen=True, slots=True)
class SpellTable:
    """The spells as columns, row *i* being ``spells[i]``.

    Workers are numbered in order of first appearance, teams and cohorts in name order.
    ``cohort`` is -1 for a spell with none; ``qualified`` is :data:`NO_DATE` when unknown.
    """

    spells: Sequence[RoleSpell]
    refs: tuple[str, ...]
    teams: tuple[str, ...]
    cohorts: tuple[str, ...]
    worker: Ints
    team: Ints
    role: Ints
    la: Bools
    fte: Floats
    start: Ints
    end: Ints
    qualified: Ints
    cohort: Ints
    in_cohort: Bools  # the spell names a cohort (``cohort is not None``)
    qualified_month: Ints  # the qualifying date as year × 12 + month − 1 (any, when unknown)
    qualified_day: Ints
    #: For a table of the spells started by a date (:meth:`started_by`), each row's number in
    #: the table it was taken from (none for that table itself), and that table's figures of
    #: single rows (see :meth:`row_figure`), shared with every table so taken.
    origin: Ints = field(default_factory=lambda: _NO_INTS, compare=False, repr=False)
    row_figures: dict[str, tuple[Bools, Ints]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, spells: Sequence[RoleSpell]) -> SpellTable:
        """The table of ``spells`` (kept in their order)."""
        return cls.of_columns(tuple(spells), **record_columns(spells))

    @classmethod
    def of_columns(
        cls,
        spells: Sequence[RoleSpell],
        *,
        refs: Sequence[str],
        teams: Sequence[str],
        roles: Sequence[int],
        la: Sequence[bool],
        fte: Sequence[float],
        start: Sequence[int],
        end: Sequence[int],
        qualified: Sequence[int],
        cohort: Sequence[str | None],
    ) -> SpellTable:
        """The table of ``spells`` given also field by field, one entry per spell in each (dates
        as ordinals, :data:`OPEN_END` and :data:`NO_DATE` as in the table): a store reading them
        as columns need not make a record of each spell first (``spells`` may make its records
        only when they are asked for)."""
        ref_names = list(dict.fromkeys(refs))
        team_names = sorted(set(teams))
        cohort_names = sorted({c for c in cohort if c})
        ref_of = {ref: i for i, ref in enumerate(ref_names)}
        team_of = {team: i for i, team in enumerate(team_names)}
        cohort_of = {name: i for i, name in enumerate(cohort_names)}

        def ints(values: Sequence[int]) -> Ints:
            return np.array(values, dtype=np.int64)

        qualified_dates = ints(qualified)
        qualified_month, qualified_day = month_and_day(
            np.where(qualified_dates != NO_DATE, qualified_dates, _EPOCH)
        )
        return cls(
            spells=spells,
            refs=tuple(ref_names),
            teams=tuple(team_names),
            cohorts=tuple(cohort_names),
            worker=ints([ref_of[ref] for ref in refs]),
            team=ints([team_of[team] for team in teams]),
            role=ints(roles),
            la=np.array(la, dtype=np.bool_),
            fte=np.array(fte, dtype=np.float64),
            start=ints(start),
            end=ints(end),
            qualified=qualified_dates,
            cohort=ints([cohort_of[c] if c else -1 for c in cohort]),
            in_cohort=np.array([c is not None for c in cohort], dtype=np.bool_),
            qualified_month=qualified_month,
            qualified_day=qualified_day,
        )

    def __len__(self) -> int:
        return len(self.spells)

    def subset(self, keep: Bools) -> SpellTable:
        """The rows where ``keep`` holds, in order, workers keeping their numbers."""
        return self._subset(keep)

    def _subset(
        self,
        keep: Bools,
        origin: Ints | None = None,
        row_figures: dict[str, tuple[Bools, Ints]] | None = None,
    ) -> SpellTable:
        return SpellTable(
            spells=picked(self.spells, keep),
            refs=self.refs,
            teams=self.teams,
            cohorts=self.cohorts,
            worker=self.worker[keep],
            team=self.team[keep],
            role=self.role[keep],
            la=self.la[keep],
            fte=self.fte[keep],
            start=self.start[keep],
            end=self.end[keep],
            qualified=self.qualified[keep],
            cohort=self.cohort[keep],
            in_cohort=self.in_cohort[keep],
            qualified_month=self.qualified_month[keep],
            qualified_day=self.qualified_day[keep],
            origin=_NO_INTS if origin is None else origin,
            row_figures={} if row_figures is None else row_figures,
        )

    def started_by(self, on: date) -> SpellTable:
        """The spells starting on or before ``on`` (sharing this table's figures of single rows:
        the projection takes a table like this for every start it calibrates)."""
        keep = self.start <= on.toordinal()
        rows = np.flatnonzero(keep)
        origin = self.origin[rows] if len(self.origin) else rows
        return self._subset(keep, origin, self.row_figures)

    def row_figure(self, name: str, rows: Ints, work_out: Callable[[Ints], Ints]) -> Ints:
        """Figure ``name`` of each of ``rows``, ``work_out(rows)`` giving it for rows not asked
        about before, here or in another table of spells started by a date taken from the same
        table. Only for a figure of a row that depends on nothing but the row and the spells
        that started before it (those any such table holds with it). Safe to share between
        threads: one works figures out at a time."""
        origin = self.origin[rows] if len(self.origin) else rows
        with _ROW_FIGURES_LOCK:
            known, values = self.row_figures.get(name, (_NO_BOOLS, _NO_INTS))
            size = int(origin.max()) + 1 if len(origin) else 0
            if size > len(known):
                known = np.concatenate((known, np.zeros(size - len(known), dtype=np.bool_)))
                values = np.concatenate((values, np.zeros(size - len(values), dtype=np.int64)))
            missing = np.flatnonzero(~known[origin])
            if len(missing):
                values[origin[missing]] = work_out(rows[missing])
                known[origin[missing]] = True
                self.row_figures[name] = (known, values)
            figures: Ints = values[origin]
        return figures

    def in_post(self, on: int) -> Ints:
        """The rows in post on day ``on`` (an ordinal), in order."""
        return np.flatnonzero((self.start <= on) & (self.end >= on))

    def ranks(self) -> Ints:
        """Each row's place when ranked by (FTE, start), equal ones first-given highest: a worker's
        primary spell among some rows is their highest ranked (as ``primary_spells`` chooses)."""
        order = np.lexsort((-np.arange(len(self.fte)), self.start, self.fte))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank

    def primary(self, rows: Ints, rank: Ints) -> Ints:
        """Each worker's primary row among ``rows``, ordered as ``primary_spells`` orders its dict:
        by each worker's first row among ``rows``."""
        workers = len(self.refs)
        best = np.full(workers, -1, dtype=np.int64)
        np.maximum.at(best, self.worker[rows], rank[rows])
        first = np.full(workers, len(self.fte), dtype=np.int64)
        np.minimum.at(first, self.worker[rows], rows)
        held = np.flatnonzero(best >= 0)
        by_rank = np.empty(len(rank), dtype=np.int64)
        by_rank[rank] = np.arange(len(rank))
        return by_rank[best[held[np.argsort(first[held], kind="stable")]]]

    def primary_set(self, rows: Ints, rank: Ints, by_rank: Ints) -> Ints:
        """Each worker's primary row among ``rows``, as :meth:`primary` chooses them, in no
        particular order (for a count of them); ``by_rank`` is the rows in rank order, the inverse
        of ``rank``."""
        best = np.full(len(self.refs), -1, dtype=np.int64)
        np.maximum.at(best, self.worker[rows], rank[rows])
        chosen: Ints = by_rank[best[best >= 0]]
        return chosen

    def asye_began(self, cohort_starts: Mapping[str, date]) -> AsyeStarts:
        """Each worker's ASYE start as :func:`cswork.model.pressure.asye_start` finds it from their
        spells here (an ordinal; :data:`NO_DATE` for none, for a worker with no spell here and for
        one with no employed spell: agency work is not an ASYE)."""
        workers, rows = len(self.refs), len(self.fte)
        if not rows:
            none = np.full(workers, NO_DATE, dtype=np.int64)
            return AsyeStarts(none, none, none)
        index = np.arange(rows, dtype=np.int64)
        # the first employed spell: earliest start, then first given
        first_key = np.full(workers, np.iinfo(np.int64).max, dtype=np.int64)
        la = self.la
        np.minimum.at(first_key, self.worker[la], (self.start * (rows + 1) + index)[la])
        has_first = first_key < np.iinfo(np.int64).max
        first_start = np.where(has_first, first_key // (rows + 1), NO_DATE)

        def first_row_where(mask: Bools) -> Ints:
            found = np.full(workers, rows, dtype=np.int64)
            np.minimum.at(found, self.worker[mask], index[mask])
            return found

        cohort_start = np.array(
            [cohort_starts[c].toordinal() if c in cohort_starts else NO_DATE for c in self.cohorts]
            + [NO_DATE],
            dtype=np.int64,
        )
        cohort_row = first_row_where((self.cohort >= 0) & la)
        has_cohort = cohort_row < rows
        by_cohort = np.where(
            has_cohort, cohort_start[self.cohort[np.minimum(cohort_row, rows - 1)]], NO_DATE
        )
        qualified_row = first_row_where(self.qualified != NO_DATE)
        has_qualified = qualified_row < rows
        qualified = np.where(
            has_qualified, self.qualified[np.minimum(qualified_row, rows - 1)], NO_DATE
        )
        within_year = has_qualified & (qualified <= first_start)
        within_year &= first_start < _year_after(np.where(has_qualified, qualified, first_start))
        began: Ints = np.where(
            by_cohort != NO_DATE, by_cohort, np.where(within_year, first_start, NO_DATE)
        )
        ordinal = np.where(has_first, began, NO_DATE)
        month, day = month_and_day(np.where(ordinal != NO_DATE, ordinal, _EPOCH))
        return AsyeStarts(ordinal, month, day)

    def bands(
        self, rows: Ints, on: Ints | int, began: AsyeStarts, asye_months: int, experienced_at: int
    ) -> tuple[Ints, Ints]:
        """Band and slot of each of ``rows`` on its day in ``on`` (or all on one day), as
        :func:`cswork.model.projection.state.place_worker` places it (slot 0 outside the NQSW and
        early-career bands); ``began`` is :meth:`asye_began`."""
        band, month, pqe = self._placed(rows, on, began, asye_months, experienced_at)
        slot = np.where(
            band == NQSW,
            month,
            np.where(band == EARLY_CAREER, np.clip(pqe, asye_months, experienced_at - 1), 0),
        )
        return band, slot.astype(np.int64)

    def band_counts(
        self, rows: Ints, on: int, began: AsyeStarts, asye_months: int, experienced_at: int
    ) -> list[int]:
        """How many of ``rows`` are in each band on day ``on``, as :meth:`bands` places them."""
        band = self._placed(rows, on, began, asye_months, experienced_at)[0]
        counts: list[int] = np.bincount(band, minlength=SENIOR + 1).tolist()
        return counts

    def _placed(
        self, rows: Ints, on: Ints | int, began: AsyeStarts, asye_months: int, experienced_at: int
    ) -> tuple[Ints, Ints, Ints]:
        """Each row's band on its day, with its months since the ASYE began and since
        qualifying (see :meth:`bands`)."""
        on_month, on_day = month_and_day(np.asarray(on, dtype=np.int64))
        began_month, began_day = began.month, began.day
        qualified_month, qualified_day = self.qualified_month, self.qualified_day
        worker = self.worker[rows]
        has_began = began.ordinal[worker] != NO_DATE
        month = on_month - began_month[worker] - (on_day < began_day[worker])
        nqsw = has_began & (month >= 0) & (month < asye_months)
        known = self.qualified[rows] != NO_DATE
        pqe = on_month - qualified_month[rows] - (on_day < qualified_day[rows])
        early = known & (pqe < experienced_at)
        senior = self.role[rows] <= 3
        band = np.select([senior, nqsw, early], [SENIOR, NQSW, EARLY_CAREER], EXPERIENCED)
        return band.astype(np.int64), month, pqe


_NO_BOOLS: Bools = np.zeros(0, dtype=np.bool_)
_NO_INTS: Ints = np.zeros(0, dtype=np.int64)
_NO_BOOLS.flags.writeable = _NO_INTS.flags.writeable = False
#: Held while a table's figures of single rows are read or worked out (tables share them).
_ROW_FIGURES_LOCK = threading.RLock()


def picked(spells: Sequence[RoleSpell], keep: Bools) -> Sequence[RoleSpell]:
    """The records of ``spells`` where ``keep`` holds, in order. Records a store makes only when
    asked for (a sequence with a ``picked(rows)`` method) stay so: only the rows are chosen."""
    pick = getattr(spells, "picked", None)
    if pick is not None:
        chosen: Sequence[RoleSpell] = pick(np.flatnonzero(keep))
        return chosen
    return tuple(compress(spells, keep.tolist()))


def record_field(spells: Sequence[RoleSpell], name: str, rows: Ints) -> list[Any]:
    """Field ``name`` of the records of ``rows`` (a store that makes its records only when asked
    for may give it without making them: a sequence with a ``field(name, rows)`` method)."""
    field = getattr(spells, "field", None)
    if field is not None:
        values: list[Any] = field(name, rows)
        return values
    return [getattr(spells[row], name) for row in rows.tolist()]


def _year_after(ordinals: Ints) -> Ints:
    """The same day a year later (28 February for 29 February), as ordinals."""
    months, day = month_and_day(ordinals)
    leap_day = (months % 12 == 1) & (day == 29)
    result: Ints = _first_of_month(months + 12) + np.where(leap_day, 27, day - 1)
    return result


def _one_per_person(table: SpellTable, rows: Ints, day: Ints) -> Ints:
    """``rows`` (in order) less all but one per worker and day (``day`` of each row): the lowest
    OrgRole, then the largest FTE, then the first; kept in order of each pair's first row, as
    :func:`cswork.model.position.departures` and ``arrivals`` keep them."""
    place = np.arange(len(rows))
    who = table.worker[rows]
    order = np.lexsort((place, -table.fte[rows], table.role[rows], day, who))
    new_key = np.ones(len(order), dtype=np.bool_)
    new_key[1:] = (who[order][1:] != who[order][:-1]) | (day[order][1:] != day[order][:-1])
    heads = np.flatnonzero(new_key)
    chosen = rows[order[heads]]
    seen_first = np.minimum.reduceat(place[order], heads) if len(heads) else heads
    result: Ints = chosen[np.argsort(seen_first, kind="stable")]
    return result


def _by_first_la_spell(table: SpellTable, rows: Ints) -> Ints:
    """``rows`` ordered as the position's loops meet them: workers by their first LA-employed
    spell, then each worker's spells in order."""
    la = np.flatnonzero(table.la)
    first = np.full(len(table.refs), len(table.fte), dtype=np.int64)
    np.minimum.at(first, table.worker[la], la)
    ordered: Ints = rows[np.lexsort((rows, first[table.worker[rows]]))]
    return ordered


def departure_rows(table: SpellTable, start: date, end: date) -> Ints:
    """The rows of :func:`cswork.model.position.departures` over ``(start, end]``, in its order.

    Only a worker with more than one LA-employed spell can end one role and keep or move to
    another; each of their spells ending in the window is paired with each of their other
    LA-employed spells to see whether one continues it (see :func:`_continued`).
    """
    rows = np.flatnonzero(table.la)
    worker, ends = table.worker[rows], table.end[rows]
    window = (ends != OPEN_END) & (ends > start.toordinal()) & (ends <= end.toordinal())
    single = np.bincount(worker, minlength=len(table.refs))[worker] == 1
    several = rows[window & ~single]
    leavers = np.concatenate((rows[window & single], several[~_continued(table, rows, several)]))
    leavers = _by_first_la_spell(table, leavers)
    return _one_per_person(table, leavers, table.end[leavers])


def _continued(table: SpellTable, la_rows: Ints, ending: Ints) -> Bools:
    """Whether each of the ``ending`` rows (LA-employed, with an end) is followed by another of the
    worker's LA-employed spells (``la_rows``) held on some day of the week after it ends: a move,
    or a concurrent role kept, so not a leaver (as :func:`cswork.model.position.leaver_spells`)."""
    who = table.worker[ending]
    pool = la_rows[np.isin(table.worker[la_rows], who)]
    pool = pool[np.argsort(table.worker[pool], kind="stable")]
    pool_worker = table.worker[pool]
    first = np.searchsorted(pool_worker, who, side="left")
    count = np.searchsorted(pool_worker, who, side="right") - first
    # every (ending row, other spell of the same worker) pair
    pair = np.repeat(np.arange(len(ending)), count)
    place = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    other, own = pool[np.repeat(first, count) + place], ending[pair]
    continues = (
        (other != own)
        & (table.start[other] <= table.end[own] + CONTINUITY_DAYS)
        & (table.end[other] > table.end[own])
    )
    found: Bools = np.bincount(pair[continues], minlength=len(ending)) > 0
    return found


def converted_rows(table: SpellTable, rows: Ints, within_days: int) -> Bools:
    """Whether each of the LA-employed ``rows`` began within ``within_days`` days after one of the
    same worker's agency spells ended (on the start day itself not counting)."""
    agency = np.flatnonzero(~table.la & (table.end != OPEN_END))
    span = OPEN_END + within_days + 2  # keeps each worker's dates apart
    ended = np.sort(table.worker[agency] * span + table.end[agency])
    base = table.worker[rows] * span + table.start[rows]
    found: Bools = np.searchsorted(ended, base, side="left") > np.searchsorted(
        ended, base - within_days, side="left"
    )
    return found


def arrival_rows(table: SpellTable, start: date, end: date) -> Ints:
    """The rows of :func:`cswork.model.position.arrivals` over ``(start, end]``, in its order."""
    rows = np.flatnonzero(table.la)
    # whether each start continues another role: the same in any table of the spells started
    # by a date, so worked out once for them all (see SpellTable.row_figure)
    continued = table.row_figure(
        "continues a role",
        rows,
        lambda missing: _continues(table, rows)[np.searchsorted(rows, missing)].astype(np.int64),
    ).astype(np.bool_)
    begins = table.start[rows]
    window = (begins > start.toordinal()) & (begins <= end.toordinal())
    starters = _by_first_la_spell(table, rows[window & ~continued])
    return _one_per_person(table, starters, table.start[starters])


def _continues(table: SpellTable, rows: Ints) -> Bools:
    """Whether each of the LA-employed ``rows`` (all of them, in order) continues another role."""
    worker, begins = table.worker[rows], table.start[rows]
    # A start continues another role when one of the worker's LA-employed spells that began
    # earlier ends no more than a week before it: the latest end among those, per worker, from a
    # running maximum over the spells in (worker, start) order, offset so workers never mix.
    order = np.lexsort((begins, worker))
    sorted_worker, sorted_start = worker[order], begins[order]
    offset = sorted_worker * (OPEN_END + 1)
    running = np.maximum.accumulate(offset + table.end[rows][order]) if len(rows) else offset
    new_group = np.ones(len(order), dtype=np.bool_)
    new_group[1:] = (sorted_worker[1:] != sorted_worker[:-1]) | (
        sorted_start[1:] != sorted_start[:-1]
    )
    group_first = np.maximum.accumulate(np.where(new_group, np.arange(len(order)), 0))
    before = group_first - 1
    same_worker = (before >= 0) & (sorted_worker[np.maximum(before, 0)] == sorted_worker)
    latest_end = running[np.maximum(before, 0)] - offset
    continued_sorted = same_worker & (latest_end >= sorted_start - CONTINUITY_DAYS)
    continued = np.empty(len(order), dtype=np.bool_)
    continued[order] = continued_sorted
    return continued
