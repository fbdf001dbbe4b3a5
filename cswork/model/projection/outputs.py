"""From run paths to the outputs a user reads: DfE rates, caseload, utilisation, cost and cumulative
cost, p10/p50/p90, and the differences between two scenarios' paired runs.

Rates follow :mod:`cswork.model.measures` (percentages; undefined where the denominator is zero);
utilisation is a percentage of capacity, as in the caseload pressure model.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.engine import Array, Paths

#: The outputs every projection reports, in display order.
OUTPUTS: tuple[str, ...] = (
    "in_post_fte",
    "agency_fte",
    "vacancy_fte",
    "vacancy_rate",
    "agency_rate",
    "caseload",
    "utilisation",
    "cost",
    "cumulative_cost",
)
#: Further outputs: FTE by band, and the FTE needed to hold demand at the target caseload.
EXTRA_OUTPUTS: tuple[str, ...] = (*(f"fte_{band}" for band in BANDS), "needed_fte")


def _ratio(numerator: Array, denominator: Array, scale: float = 1.0) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, scale * numerator / denominator, np.nan)


def cumulative(monthly: Array) -> Array:
    """Running totals of a monthly figure from the first projected month (index 0, the starting
    position, is 0), per run: shaped as ``monthly``."""
    total: Array = np.zeros_like(monthly, dtype=np.float64)
    total[:, 1:] = np.cumsum(monthly[:, 1:], axis=1)
    return total


def paired_differences(
    base: Mapping[str, Array], other: Mapping[str, Array], names: tuple[str, ...]
) -> dict[str, Band]:
    """p10/p50/p90 of ``other`` − ``base`` run by run, for each of ``names``.

    The two must come from paired runs (the same seed, runs and months, so run *i* of both starts
    from the same random numbers): the band is then that of the difference itself, far narrower and
    more honest than the gap between two separate bands. Identical assumptions give exactly zero.
    """
    return quantile_bands({name: other[name] - base[name] for name in names})


def output_paths(paths: Paths, target_caseload: float) -> dict[str, Array]:
    """Every output per run and month, shaped (runs, months + 1)."""
    in_post = paths.in_post_fte
    result = {
        "in_post_fte": in_post,
        "agency_fte": paths.agency_fte,
        "vacancy_fte": paths.vacancy_fte,
        "vacancy_rate": _ratio(paths.vacancy_fte, paths.vacancy_fte + in_post, 100.0),
        "agency_rate": _ratio(paths.agency_fte, paths.agency_fte + in_post, 100.0),
        "caseload": _ratio(paths.cases, paths.case_holding_fte),
        "utilisation": _ratio(paths.weighted_cases, paths.capacity, 100.0),
        "cost": paths.cost,
        "cumulative_cost": cumulative(paths.cost),
    }
    for index, band in enumerate(BANDS):
        result[f"fte_{band}"] = paths.band_fte[:, :, index]
    result["needed_fte"] = paths.weighted_cases / target_caseload
    return result


@dataclass(frozen=True, slots=True)
class Band:
    """The 10th, 50th and 90th percentiles of one output, per month (``nan`` where undefined)."""

    p10: Array
    p50: Array
    p90: Array


_LEVELS = (0.1, 0.5, 0.9)


def _quantiles(by_month: Array) -> list[Array]:
    """Linear-interpolated quantiles along each row (as ``numpy.quantile``), by one partition."""
    runs = by_month.shape[1]
    positions = [level * (runs - 1) for level in _LEVELS]
    below = [int(np.floor(p)) for p in positions]
    above = [min(b + 1, runs - 1) for b in below]
    ordered = np.partition(by_month, sorted(set(below + above)), axis=1)
    return [
        ordered[:, b] + (p - b) * (ordered[:, a] - ordered[:, b])
        for p, b, a in zip(positions, below, above, strict=True)
    ]


def _band(values: Array) -> Band:
    # one contiguous row of runs per month: partitioning along it is far faster than down columns
    by_month = np.ascontiguousarray(values.T)
    if np.isnan(by_month).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a month undefined in every run
            low, mid, high = np.nanquantile(by_month, _LEVELS, axis=1)
    else:
        low, mid, high = _quantiles(by_month)
    return Band(p10=low, p50=mid, p90=high)


class MonthlyBands:
    """p10/p50/p90 of every output of :func:`output_paths`, built a month at a time from
    :func:`cswork.model.projection.engine.simulate_months`, so that no run's path is kept.

    The bands are those :func:`quantile_bands` gives for the whole paths, to the last bit: each
    month's quantiles are taken both as :func:`_quantiles` interpolates and as ``numpy.nanquantile``
    does (they differ in the last bit), and an output takes the second in every month if any month
    of it is undefined in some run, as :func:`_band` chooses.
    """

    def __init__(self, target_caseload: float) -> None:
        self.target_caseload = target_caseload
        self.cumulative: Array | None = None
        self.simple: dict[str, list[Array]] = {}
        self.numpy: dict[str, list[Array]] = {}
        self.undefined: dict[str, bool] = {}
        self.months = 0  # months added so far

    def add(self, month: Mapping[str, Array]) -> None:
        """The next month's figures for every run (month 0, the start, first)."""
        for name, values in self._outputs(month).items():
            simple, numpy_like, undefined = _month_quantiles(values)
            self.simple.setdefault(name, []).append(simple)
            self.numpy.setdefault(name, []).append(numpy_like)
            self.undefined[name] = self.undefined.get(name, False) or undefined
        self.months += 1

    def bands(self) -> dict[str, Band]:
        """Each output's band over the months added."""
        result = {}
        for name, simple in self.simple.items():
            rows = np.array(self.numpy[name] if self.undefined[name] else simple).T
            result[name] = Band(p10=rows[0], p50=rows[1], p90=rows[2])
        return result

    def _outputs(self, month: Mapping[str, Array]) -> dict[str, Array]:
        """Every output of one month, per run, by the formulas of :func:`output_paths`."""
        band_fte = month["band_fte"]
        in_post: Array = band_fte.sum(axis=0)
        cost = month["cost"]
        # running totals from the first projected month, as :func:`cumulative` adds them
        if self.cumulative is None:  # the start
            cumulative = np.zeros_like(cost, dtype=np.float64)
        elif self.months == 1:
            cumulative = np.array(cost, dtype=np.float64)
        else:
            cumulative = self.cumulative + cost
        self.cumulative = cumulative
        agency, vacancy = month["agency_fte"], month["vacancy_fte"]
        result = {
            "in_post_fte": in_post,
            "agency_fte": agency,
            "vacancy_fte": vacancy,
            "vacancy_rate": _ratio(vacancy, vacancy + in_post, 100.0),
            "agency_rate": _ratio(agency, agency + in_post, 100.0),
            "caseload": _ratio(month["cases"], month["case_holding_fte"]),
            "utilisation": _ratio(month["weighted_cases"], month["capacity"], 100.0),
            "cost": cost,
            "cumulative_cost": cumulative,
        }
        for index, band in enumerate(BANDS):
            result[f"fte_{band}"] = band_fte[index]
        result["needed_fte"] = month["weighted_cases"] / self.target_caseload
        return result


def _month_quantiles(values: Array) -> tuple[Array, Array, bool]:
    """p10/p50/p90 of one month's runs as :func:`_quantiles` and as ``numpy.nanquantile`` give
    them, and whether the month is undefined in any run (then both are ``numpy.nanquantile``'s)."""
    if np.isnan(values).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # undefined in every run
            found: Array = np.nanquantile(values, _LEVELS)
        return found, found, True
    places = _places(len(values))
    picked = np.partition(values, places.wanted)[places.picked]
    below, above, low, high = picked.reshape(4, len(_LEVELS))
    simple = below + places.fraction * (above - below)
    difference = high - low
    numpy_like = low + difference * places.gamma
    numpy_like = np.where(places.nearer_high, high - difference * places.rest, numpy_like)
    return simple, numpy_like, False


@dataclass(frozen=True, slots=True)
class _Places:
    """Where a month's quantiles are read from its partitioned runs, as :func:`_quantiles` reads
    them (below and above each position, and the fraction between) and as numpy's linear method
    does (the same positions, from whichever end is nearer)."""

    wanted: list[int]  # the places the runs are partitioned at
    picked: Array  # below, above, numpy's previous and following, level by level
    fraction: Array
    gamma: Array
    nearer_high: Array
    rest: Array  # 1 - gamma


@lru_cache(maxsize=8)
def _places(runs: int) -> _Places:
    """The :class:`_Places` of ``runs`` runs (the same for every month and output)."""
    positions = [level * (runs - 1) for level in _LEVELS]
    below = [int(np.floor(p)) for p in positions]
    above = [min(b + 1, runs - 1) for b in below]
    virtual = (runs - 1) * np.array(_LEVELS)
    previous = np.floor(virtual).astype(np.intp)
    following = np.minimum(previous + 1, runs - 1)
    gamma = virtual - previous
    places = _Places(
        wanted=sorted({*below, *above, *previous.tolist(), *following.tolist()}),
        picked=np.array([*below, *above, *previous.tolist(), *following.tolist()], dtype=np.intp),
        fraction=np.array([p - b for p, b in zip(positions, below, strict=True)]),
        gamma=gamma,
        nearer_high=gamma >= 0.5,
        rest=1 - gamma,
    )
    for column in (places.picked, places.fraction, places.gamma, places.nearer_high, places.rest):
        column.flags.writeable = False  # shared by every month of every projection
    return places


def quantile_bands(outputs: Mapping[str, Array]) -> dict[str, Band]:
    """p10/p50/p90 across runs for each output, per month, ignoring runs where it is undefined.

    Outputs are summarised on a thread pool when there are many runs (numpy partitions without the
    GIL); the figures do not depend on it.
    """
    names = list(outputs)
    runs = next(iter(outputs.values())).shape[0] if outputs else 0
    if runs < 2048 or (os.cpu_count() or 1) == 1:
        return {name: _band(outputs[name]) for name in names}
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return dict(zip(names, pool.map(_band, (outputs[n] for n in names)), strict=True))
