"""Each team's caseload pressure at every month of the history, worked out in numpy.

The trend is the pressure of :mod:`cswork.model.team_pressure` at each month's latest caseload count:
for every worker in post on that date, the primary spell (largest FTE, then latest start), the cases
and weighted cases they held, their capacity (FTE × team target × NQSW factor in the ASYE), and their
utilisation band, rolled up by team and for the authority. Worker by worker that is a million
worker-months at fifty times the demo, each a Python object; here each month is a handful of array
operations over all its workers, and nothing larger than one month is held at once.

The figures are the same, to the last bit, as :class:`cswork.model.pressure.PressureCalculator`
rolled up with :func:`cswork.model.team_pressure.roll_up`: ``np.bincount`` adds each group's values
one after another in the order given, which is the workers' reference order, as ``roll_up`` does;
a worker's weighted cases are summed in the counts' own order; and a utilisation within a millionth
of a band boundary is rounded by Python itself, exactly as the worker-by-worker code bands it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.count_table import CaseCountTable, month_latest
from cswork.model.pressure import BANDS, Band, _year_after, band_for
from cswork.model.settings import CASE_TYPES, Settings
from cswork.model.team_pressure import GroupPressure, PressureTrend, TrendPoint
from cswork.model.workforce import CASE_HOLDING_ROLES, RoleSpell

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: Utilisation band boundaries (fractions), as :func:`cswork.model.pressure.band_for` draws them.
_BOUNDS = (0.85, 1.0, 1.10)
#: Utilisations this close to a boundary are banded after Python's own rounding.
_NEAR = 1e-6
#: A spell with no end is in post on every count date.
_OPEN_END = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class _Spells:
    """The role spells as columns, workers numbered in reference order."""

    refs: list[str]
    teams: list[str]
    worker: Ints
    team: Ints
    role: Ints
    fte: Floats
    start: Ints
    end: Ints

    @classmethod
    def of(cls, spells: Sequence[RoleSpell]) -> _Spells:
        refs = sorted({s.worker_ref for s in spells})
        teams = sorted({s.team for s in spells})
        ref_index = {ref: i for i, ref in enumerate(refs)}
        team_index = {team: i for i, team in enumerate(teams)}
        return cls(
            refs=refs,
            teams=teams,
            worker=np.array([ref_index[s.worker_ref] for s in spells], dtype=np.int64),
            team=np.array([team_index[s.team] for s in spells], dtype=np.int64),
            role=np.array([s.org_role for s in spells], dtype=np.int64),
            fte=np.array([s.fte for s in spells], dtype=np.float64),
            start=np.array([s.start.toordinal() for s in spells], dtype=np.int64),
            end=np.array(
                [_OPEN_END if s.end is None else s.end.toordinal() for s in spells], dtype=np.int64
            ),
        )


def _ranks(spells: _Spells) -> tuple[Ints, Ints]:
    """Spells ranked by (FTE, start), so that a worker's primary spell on a date is their highest
    ranked spell in post (equal ranks: the first given wins, as in ``primary_spells``); returns
    (order, rank of each spell)."""
    order = np.lexsort((-np.arange(len(spells.fte)), spells.start, spells.fte))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return order, rank


def _asye_months(
    spells: Sequence[RoleSpell],
    columns: _Spells,
    needed: npt.NDArray[np.bool_],
    cohort_starts: Mapping[str, date],
) -> tuple[Ints, Ints]:
    """The ASYE start of each worker where ``needed``, as (year × 12 + month − 1, day); (-1, 0)
    for none and where not needed. As :func:`cswork.model.pressure.asye_start` reads a worker's
    spells: none for a worker never employed (only agency spells); else the start of the first
    academy cohort an employed spell names, if it is known; else the first employed post, if it
    began within a year of the first qualified date any spell gives."""
    began = np.full(len(columns.refs), -1, dtype=np.int64)
    employed = np.array([spell.la_employed for spell in spells], dtype=np.bool_)
    cohorts = [spell.cohort for spell in spells]
    named = np.flatnonzero(employed & np.array([bool(cohort) for cohort in cohorts], dtype=bool))
    workers, first = np.unique(columns.worker[named], return_index=True)
    for worker, index in zip(workers.tolist(), named[first].tolist(), strict=True):
        cohort_start = cohort_starts.get(cohorts[index] or "")
        if cohort_start is not None:
            began[worker] = cohort_start.toordinal()
    qualified = [spell.qualified for spell in spells]
    dated = np.flatnonzero([day is not None for day in qualified])
    workers, first = np.unique(columns.worker[dated], return_index=True)
    days = [qualified[i] for i in dated[first].tolist()]
    year_after = {day: _year_after(day).toordinal() for day in set(days) if day is not None}
    since = np.array([day.toordinal() for day in days if day is not None], dtype=np.int64)
    until = np.array([year_after[day] for day in days if day is not None], dtype=np.int64)
    first_post = np.full(len(columns.refs), _OPEN_END, dtype=np.int64)
    np.minimum.at(first_post, columns.worker[employed], columns.start[employed])
    post = first_post[workers]
    newly = (began[workers] < 0) & (post < _OPEN_END) & (since <= post) & (post < until)
    began[workers[newly]] = post[newly]
    began[~needed] = -1
    month, day = np.full(len(began), -1, dtype=np.int64), np.zeros(len(began), dtype=np.int64)
    has = began >= 0
    ordinals, which = np.unique(began[has], return_inverse=True)
    starts = [date.fromordinal(ordinal) for ordinal in ordinals.tolist()]
    month[has] = np.array([on.year * 12 + on.month - 1 for on in starts], dtype=np.int64)[which]
    day[has] = np.array([on.day for on in starts], dtype=np.int64)[which]
    return month, day


def _bands(utilisation: Floats, measurable: npt.NDArray[np.bool_]) -> Ints:
    """Each utilisation's band index (0–3), as :func:`cswork.model.pressure.band_for` gives it after
    rounding to nine places; -1 where unmeasurable."""
    bounds = np.array(_BOUNDS)
    band = np.searchsorted(bounds, utilisation, side="left").astype(np.int64)
    # Rounding to nine places moves a value by at most 5e-10, so it can change the band only of a
    # value this close to a boundary (including one exactly on it): those are banded one by one.
    near = measurable & (np.abs(utilisation[:, None] - bounds) < _NEAR).any(axis=1)
    for i in np.flatnonzero(near).tolist():
        band[i] = BANDS.index(band_for(round(float(utilisation[i]), 9)))
    return np.where(measurable, band, -1)


def _sums(
    figures: Sequence[npt.NDArray[np.float64] | npt.NDArray[np.bool_]],
    group: Ints | None,
    size: int,
) -> list[list[float]]:
    """Each figure summed per group (``None``: one group of everyone). ``np.bincount`` adds one
    value after another in the order given (the workers' reference order), as ``roll_up`` does,
    so the sums are the same to the bit; ``np.sum`` adds pairwise and would not be."""
    if group is None:
        group = np.zeros(len(figures[0]), dtype=np.int64)
    return [np.bincount(group, weights=values, minlength=size).tolist() for values in figures]


def _group(name: str, *sums: float) -> GroupPressure:
    """One group's :class:`GroupPressure` from its sums (in the order of the figures), rounded as
    ``roll_up`` rounds."""
    fte, holders, cases, weighted, capacity, over, unmeasurable, *bands = sums
    return GroupPressure(
        name=name,
        case_holding_fte=round(fte, 6),
        case_holders=int(holders),
        cases=int(cases),
        weighted_cases=round(weighted, 6),
        capacity=round(capacity, 6),
        band_counts={band: int(n) for band, n in zip(BANDS, bands, strict=True)},
        over_capacity=int(over),
        unmeasurable=int(unmeasurable),
    )


def _groups(names: Sequence[str], sums: Sequence[list[float]]) -> list[GroupPressure]:
    """The groups that hold cases or capacity, from their sums."""
    return [
        _group(*row)
        for row in zip(names, *sums, strict=True)
        if int(row[3]) or round(row[5], 6)  # cases, capacity
    ]


def pressure_trend_table(
    spells: Sequence[RoleSpell],
    counts: CaseCountTable,
    settings: Settings,
    team_targets: Mapping[str, float] | None = None,
    cohort_starts: Mapping[str, date] | None = None,
    *,
    total_name: str = "All teams",
) -> list[PressureTrend]:
    """Each team's pressure at every count date (one per month: the month's latest count), then the
    authority's under ``total_name``. Teams appear from the first date they hold cases or capacity;
    a date on which a team had none is left out of its points."""
    days = month_latest(counts.dates)
    columns = _Spells.of(spells)
    workers, teams = len(columns.refs), len(columns.teams)
    _, rank = _ranks(columns)
    ref_index = {ref: i for i, ref in enumerate(columns.refs)}
    counted = np.array([ref_index.get(ref, -1) for ref in counts.refs], dtype=np.int64)
    weights = settings.weights
    weight_of = np.array([*(weights[t] for t in CASE_TYPES), 1.0])  # index -1: any other type
    holding = np.isin(columns.role, list(CASE_HOLDING_ROLES))
    needed = np.zeros(workers, dtype=np.bool_)
    needed[columns.worker[holding]] = True
    began_month, began_day = _asye_months(spells, columns, needed, cohort_starts or {})
    factors = np.array([settings.nqsw_factor(m) for m in range(settings.asye_months)])
    targets = dict(team_targets or {})
    target = np.array([targets.get(t) or settings.target_caseload for t in columns.teams])
    rows_by_day = np.searchsorted(counts.day, np.arange(len(counts.dates) + 1))
    day_of_table = {on: i for i, on in enumerate(counts.dates)}

    # Spells by worker, then rank: a worker's primary spell on a date is their last one in post.
    by_worker = np.lexsort((rank, columns.worker))
    spell_worker = columns.worker[by_worker]
    spell_start, spell_end = columns.start[by_worker], columns.end[by_worker]
    sums: list[tuple[date, list[list[float]], list[list[float]]]] = []
    for on in days:
        # The workers in post, each on their primary spell, in reference order.
        ordinal = on.toordinal()
        in_post = (spell_start <= ordinal) & (spell_end >= ordinal)
        held_by = spell_worker[in_post]
        last = np.ones(len(held_by), dtype=np.bool_)
        last[:-1] = held_by[1:] != held_by[:-1]
        worker, spell = held_by[last], by_worker[in_post][last]
        # Cases and weighted cases held, summed per worker in the counts' order.
        k = day_of_table[on]
        rows = slice(rows_by_day[k], rows_by_day[k + 1])
        holder_of, held = counted[counts.worker[rows]], counts.cases[rows]
        known = holder_of >= 0
        weighted_rows = held * weight_of[counts.case_type[rows]]
        cases = np.bincount(holder_of[known], weights=held[known], minlength=workers)[worker]
        weighted = np.bincount(holder_of[known], weights=weighted_rows[known], minlength=workers)[
            worker
        ]

        # Capacity: FTE × team target × the NQSW factor in the ASYE, for case-holding roles.
        months = on.year * 12 + on.month - 1 - began_month[worker]
        asye_month = months - (on.day < began_day[worker])
        in_asye = (began_month[worker] >= 0) & (asye_month >= 0)
        in_asye &= asye_month < settings.asye_months
        factor = np.where(in_asye, factors[np.clip(asye_month, 0, len(factors) - 1)], 1.0)
        fte, team = columns.fte[spell], columns.team[spell]
        capacity = np.where(holding[spell], fte * target[team] * factor, 0.0)

        measurable = capacity > 0
        utilisation = np.divide(weighted, capacity, out=np.zeros_like(weighted), where=measurable)
        band = _bands(utilisation, measurable)
        holder = cases > 0
        figures = [  # in the order _groups takes them
            np.where(holder, fte, 0.0),
            holder,
            cases,
            weighted,
            capacity,
            band >= BANDS.index(Band.FROM_100_TO_110),
            ~measurable & holder,
            *(band == b for b in range(len(BANDS))),
        ]
        sums.append((on, _sums(figures, team, teams), _sums(figures, None, 1)))
    points: dict[str, list[TrendPoint]] = defaultdict(list)
    totals: list[TrendPoint] = []
    for on, by_team, everyone in sums:
        for pressure in _groups(columns.teams, by_team):
            points[pressure.name].append(TrendPoint(on, pressure))
        totals.append(TrendPoint(on, _group(total_name, *(figure[0] for figure in everyone))))
    names = sorted(name for name in points if name != total_name)
    return [
        *(PressureTrend(name, tuple(points[name])) for name in names),
        PressureTrend(total_name, tuple(totals)),
    ]
