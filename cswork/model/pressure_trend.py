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
a worker's weighted cases are summed in the counts' own order; and every rounding ``roll_up`` and
``band_for`` do with Python's ``round`` is done in columns to the same bit (:func:`rounded`). The
report's own date is rolled up the same way, by team and by service area (:func:`rolled_up`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from cswork.model.count_table import CaseCountTable, month_latest
from cswork.model.pressure import BANDS, Band
from cswork.model.pressure_columns import DayLoad, PressureColumns, SpellColumns, weighted_counts
from cswork.model.settings import Settings
from cswork.model.team_pressure import GroupPressure, PressureTrend, TrendPoint
from cswork.model.workforce import RoleSpell

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

#: Utilisation band boundaries (fractions), as :func:`cswork.model.pressure.band_for` draws them.
_BOUNDS = (0.85, 1.0, 1.10)
#: 10 ** places, exactly.
_SCALES = {1: 10.0, 6: 1e6, 9: 1e9}
#: The figures summed per group, by row: FTE of case holders, case holders, cases, weighted cases,
#: capacity, workers over capacity, unmeasurable workers, then the workers in each band.
_FTE, _HOLDERS, _CASES, _WEIGHTED, _CAPACITY, _OVER, _UNMEASURABLE = range(7)
#: The figures that count workers or cases, as whole numbers: holders, cases, over, unmeasurable,
#: then the bands.
_COUNTS = (_HOLDERS, _CASES, _OVER, _UNMEASURABLE, 7, 8, 9, 10)


def rounded(values: Floats, places: int) -> Floats:
    """``round(value, places)`` of each value, as Python rounds it, to the bit.

    Python rounds the exact binary value to ``places`` decimals (half to even) and reads the
    decimal back: the double nearest N / 10**places. ``np.rint(x * 10**places)`` finds the same N
    unless the multiplication's own rounding (half a unit in the last place at most) moved the
    product across a half-way point; products that close to one are rounded by Python itself.
    Dividing N by 10**places is one correctly rounded operation: the same nearest double.
    """
    scale = _SCALES[places]
    scaled = values * scale
    result: Floats = np.rint(scaled) / scale
    fraction = scaled - np.floor(scaled)
    doubtful = np.abs(fraction - 0.5) <= 1e-12 * np.abs(scaled) + 1e-9
    doubtful |= ~(np.abs(scaled) < 2.0**52)  # too large for rint to see a fraction (or not finite)
    for i in np.flatnonzero(doubtful).tolist():
        result[i] = round(float(values[i]), places)
    return result


def rounded_half_up(values: Floats, places: int = 1) -> list[float | None]:
    """:func:`cswork.model.measures.round_half_up` of each value (NaN: ``None``), to the bit.

    ``round_half_up`` is Python's ``round`` except for a value written (``repr``) with a 5 just
    past the last place kept, or in exponent form. A value written so is the double nearest to
    N / 10**(places + 1) with N ending in 5; those, and any with an exponent, are rounded by
    ``round_half_up`` itself, the rest in columns (:func:`rounded`).
    """
    from cswork.model.measures import round_half_up

    missing = np.isnan(values)
    finite = np.where(missing, 0.0, values)
    result: list[float | None] = rounded(finite, places).tolist()
    tenth = 10.0 ** (places + 1)
    written = np.rint(finite * tenth)
    doubtful = (np.abs(written) % 10 == 5) & (written / tenth == finite)
    doubtful |= (finite != 0) & ~((np.abs(finite) >= 1e-4) & (np.abs(finite) < 1e16))
    for i in np.flatnonzero(doubtful & ~missing).tolist():
        result[i] = round_half_up(float(values[i]), places)
    for i in np.flatnonzero(missing).tolist():
        result[i] = None
    return result


def trend_figures(
    trend: PressureTrend,
) -> tuple[list[float | None], list[float | None]]:
    """Each point's utilisation (%, one place) and caseload (one place), as the JSON writes them
    one by one (``round_half_up`` of 100 × ``utilisation`` and of ``caseload``), in columns."""
    return trends_figures([trend])[0]


def trends_figures(
    trends: Sequence[PressureTrend],
) -> list[tuple[list[float | None], list[float | None]]]:
    """:func:`trend_figures` of each of ``trends``, worked out in one pass over all their points
    (every operation is point by point, so each point's figures are those of its trend alone)."""
    pressures = [point.pressure for trend in trends for point in trend.points]
    weighted = np.array([p.weighted_cases for p in pressures], dtype=np.float64)
    capacity = np.array([p.capacity for p in pressures], dtype=np.float64)
    cases = np.array([p.cases for p in pressures], dtype=np.float64)
    fte = np.array([p.case_holding_fte for p in pressures], dtype=np.float64)
    ratio = np.divide(weighted, capacity, out=np.zeros_like(weighted), where=capacity > 0)
    utilisation = rounded_half_up(np.where(capacity > 0, 100 * rounded(ratio, 9), np.nan), 1)
    caseload = rounded_half_up(
        np.where(fte > 0, np.divide(cases, fte, out=np.zeros_like(cases), where=fte > 0), np.nan),
        1,
    )
    figures, start = [], 0
    for trend in trends:
        stop = start + len(trend.points)
        figures.append((utilisation[start:stop], caseload[start:stop]))
        start = stop
    return figures


def _bands(utilisation: Floats, measurable: npt.NDArray[np.bool_]) -> Ints:
    """Each utilisation's band index (0–3), as :func:`cswork.model.pressure.band_for` gives it after
    rounding to nine places (under 0.85; up to 1.0; up to 1.10; over); -1 where unmeasurable."""
    shown = rounded(utilisation, 9)
    band = (shown >= _BOUNDS[0]).astype(np.int64) + (shown > _BOUNDS[1]) + (shown > _BOUNDS[2])
    return np.where(measurable, band, -1)


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


def _sums(calculator: PressureColumns, load: DayLoad, group: Ints, groups: int) -> Floats:
    """Every figure (rows, as ``_FTE`` … name them) summed for each of ``groups`` groups (``group``
    of each worker; -1 for none) in one ``np.bincount`` and, in the last column, for everyone in
    a group; each sum adds one worker after another in reference order, as ``roll_up`` adds."""
    capacity, weighted, cases = load.capacity, load.weighted, load.cases
    measurable = capacity > 0
    utilisation = np.divide(weighted, capacity, out=np.zeros_like(weighted), where=measurable)
    band = _bands(utilisation, measurable)
    holder = cases > 0
    figures = np.stack(
        [
            np.where(holder, calculator.spells.fte[load.spell], 0.0),
            holder,
            cases,
            weighted,
            capacity,
            band >= BANDS.index(Band.FROM_100_TO_110),
            ~measurable & holder,
            *(band == b for b in range(len(BANDS))),
        ]
    )
    grouped = group >= 0
    if not grouped.all():
        figures, group = figures[:, grouped], group[grouped]
    keys = (np.arange(len(figures))[:, None] * groups + group).ravel()
    sums = np.empty((len(figures), groups + 1), dtype=np.float64)
    sums[:, :groups] = weighted_counts(keys, figures.ravel(), len(figures) * groups).reshape(
        len(figures), groups
    )
    # np.cumsum adds one after another too (np.sum would add pairwise): the authority's sums.
    sums[:, groups] = np.cumsum(figures, axis=1)[:, -1] + 0.0 if figures.shape[1] else 0.0
    return sums


def _pressures(sums: Floats, names: Sequence[str], kept: Bools) -> list[GroupPressure | None]:
    """Each group's :class:`GroupPressure` from its column of ``sums`` (figures by row) where
    ``kept``, rounded as ``roll_up`` rounds; ``None`` elsewhere."""
    floats = rounded(sums[(_FTE, _WEIGHTED, _CAPACITY), :].ravel(), 6).reshape(3, -1).T.tolist()
    counts = sums[_COUNTS, :].astype(np.int64).T.tolist()
    return [
        GroupPressure(
            name,
            fte,
            held[0],
            held[1],
            weighted,
            capacity,
            dict(zip(BANDS, held[4:], strict=True)),
            held[2],
            held[3],
        )
        if keep
        else None
        for name, (fte, weighted, capacity), held, keep in zip(
            names, floats, counts, kept.tolist(), strict=True
        )
    ]


def _held(sums: Floats) -> Bools:
    """Which columns of ``sums`` hold cases or capacity (rounded as ``roll_up`` rounds it)."""
    kept: Bools = (sums[_CASES] != 0) | (rounded(sums[_CAPACITY], 6) != 0)
    return kept


def rolled_up(
    calculator: PressureColumns,
    load: DayLoad,
    group_of_team: Ints,
    names: Sequence[str],
    total_name: str,
) -> tuple[GroupPressure, list[GroupPressure]]:
    """The pressure of everyone in ``load`` whose team is in a group (``group_of_team``: each
    team's group, -1 for none), as :func:`cswork.model.team_pressure.roll_up` gives it, and each
    group's that holds cases or capacity, by name, as :func:`~cswork.model.team_pressure.roll_up_by`
    gives them (``names``: each group's name)."""
    group = group_of_team[calculator.spells.team[load.spell]]
    sums = _sums(calculator, load, group, len(names))
    kept = _held(sums)
    kept[-1] = True
    *groups, total = _pressures(sums, [*names, total_name], kept)
    assert total is not None
    found = {g.name: g for g in groups if g is not None}
    return total, [found[name] for name in sorted(found)]


def trend_of(
    calculator: PressureColumns, days: Sequence[date], total_name: str
) -> list[PressureTrend]:
    """Each team's pressure, then the authority's, at each of ``days`` (count dates): every
    figure summed per team in one ``np.bincount`` a month, and rounded in columns as ``roll_up``
    rounds (:func:`rounded`)."""
    names = calculator.spells.teams
    points: list[list[TrendPoint]] = [[] for _ in range(len(names) + 1)]
    for on in days:
        load = calculator.day(on, on)
        sums = _sums(calculator, load, calculator.spells.team[load.spell], len(names))
        kept = _held(sums)
        kept[-1] = True  # the authority has a point every month
        for g, pressure in enumerate(_pressures(sums, [*names, total_name], kept)):
            if pressure is not None:
                points[g].append(TrendPoint(on, pressure))
    return [
        *(
            PressureTrend(name, tuple(points[g]))
            for g, name in enumerate(names)
            if points[g] and name != total_name
        ),
        PressureTrend(total_name, tuple(points[-1])),
    ]
