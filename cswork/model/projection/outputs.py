"""From run paths to the outputs a user reads: DfE rates, caseload, utilisation, cost, p10/p50/p90.

Rates follow :mod:`cswork.model.measures` (percentages; undefined where the denominator is zero);
utilisation is a percentage of capacity, as in the caseload pressure model.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

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
)
#: Further outputs: FTE by band, and the FTE needed to hold demand at the target caseload.
EXTRA_OUTPUTS: tuple[str, ...] = (*(f"fte_{band}" for band in BANDS), "needed_fte")


def _ratio(numerator: Array, denominator: Array, scale: float = 1.0) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, scale * numerator / denominator, np.nan)


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


def quantile_bands(outputs: Mapping[str, Array]) -> dict[str, Band]:
    """p10/p50/p90 across runs for each output, per month, ignoring runs where it is undefined."""
    bands = {}
    for name, values in outputs.items():
        if np.isnan(values).any():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a month undefined in every run
                low, mid, high = np.nanquantile(values, [0.1, 0.5, 0.9], axis=0)
        else:
            low, mid, high = np.quantile(values, [0.1, 0.5, 0.9], axis=0)
        bands[name] = Band(p10=low, p50=mid, p90=high)
    return bands
