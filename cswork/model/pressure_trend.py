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
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.count_table import CaseCountTable, month_latest
from cswork.model.pressure import BANDS, Band, band_for
from cswork.model.pressure_columns import PressureColumns, SpellColumns
from cswork.model.settings import Settings
from cswork.model.team_pressure import GroupPressure, PressureTrend, TrendPoint
from cswork.model.workforce import RoleSpell

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: Utilisation band boundaries (fractions), as :func:`cswork.model.pressure.band_for` draws them.
_BOUNDS = (0.85, 1.0, 1.10)
#: Utilisations this close to a boundary are banded after Python's own rounding.
_NEAR = 1e-6


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
    spells: SpellColumns | Sequence[RoleSpell],
    counts: CaseCountTable,
    settings: Settings,
    team_targets: Mapping[str, float] | None = None,
    cohort_starts: Mapping[str, date] | None = None,
    *,
    total_name: str = "All teams",
    dates: Sequence[date] | None = None,
) -> list[PressureTrend]:
    """Each team's pressure at every count date (one per month: the month's latest count), then the
    authority's under ``total_name``. Teams appear from the first date they hold cases or capacity;
    a date on which a team had none is left out of its points. ``dates`` picks the count dates
    (each month's latest count in ``counts`` by default)."""
    if not isinstance(spells, SpellColumns):
        spells = SpellColumns.of(spells)
    calculator = PressureColumns(spells, counts, settings, team_targets, cohort_starts)
    return trend_of(calculator, month_latest(counts.dates) if dates is None else dates, total_name)


def trend_of(
    calculator: PressureColumns, days: Sequence[date], total_name: str
) -> list[PressureTrend]:
    """Each team's pressure, then the authority's, at each of ``days`` (count dates)."""
    teams = len(calculator.spells.teams)
    team_of_spell = calculator.spells.team
    over_band = BANDS.index(Band.FROM_100_TO_110)
    sums: list[tuple[date, list[list[float]], list[list[float]]]] = []
    for on in days:
        load = calculator.day(on, on)
        team = team_of_spell[load.spell]
        capacity, weighted, cases = load.capacity, load.weighted, load.cases
        measurable = capacity > 0
        utilisation = np.divide(weighted, capacity, out=np.zeros_like(weighted), where=measurable)
        band = _bands(utilisation, measurable)
        holder = cases > 0
        figures = [  # in the order _groups takes them
            np.where(holder, calculator.spells.fte[load.spell], 0.0),
            holder,
            cases,
            weighted,
            capacity,
            band >= over_band,
            ~measurable & holder,
            *(band == b for b in range(len(BANDS))),
        ]
        sums.append((on, _sums(figures, team, teams), _sums(figures, None, 1)))
    points: dict[str, list[TrendPoint]] = defaultdict(list)
    totals: list[TrendPoint] = []
    for on, by_team, everyone in sums:
        for pressure in _groups(calculator.spells.teams, by_team):
            points[pressure.name].append(TrendPoint(on, pressure))
        totals.append(TrendPoint(on, _group(total_name, *(figure[0] for figure in everyone))))
    names = sorted(name for name in points if name != total_name)
    return [
        *(PressureTrend(name, tuple(points[name])) for name in names),
        PressureTrend(total_name, tuple(totals)),
    ]
