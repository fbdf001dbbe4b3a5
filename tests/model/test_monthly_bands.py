"""Bands built a month at a time equal the bands of the whole paths, to the last bit.

``project`` keeps no run's path since issue 18: :func:`simulate_months` steps every block of runs
a month at a time and :class:`MonthlyBands` takes each month's quantiles. Here both are checked
against :func:`simulate` with :func:`output_paths` and :func:`quantile_bands`, byte for byte, over
one and several blocks, with months undefined in every run (which switch an output to
``numpy.nanquantile``), and the month-by-month interpolation against numpy's own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from cswork.model.projection.assumptions import Assumptions
from cswork.model.projection.engine import BLOCK_RUNS, simulate, simulate_months
from cswork.model.projection.outputs import (
    MonthlyBands,
    _month_quantiles,
    output_paths,
    quantile_bands,
)
from cswork.model.projection.state import StartingState
from tests.model.conftest import make_state
from tests.model.test_projection_engine import BUSY


def _assert_same_bands(state: StartingState, assumptions: Assumptions, runs: int) -> None:
    whole = quantile_bands(output_paths(simulate(state, assumptions, 18, runs, 4), 18.0))
    monthly = MonthlyBands(18.0)
    for month in simulate_months(state, assumptions, 18, runs, 4):
        monthly.add(month)
    stepped = monthly.bands()
    assert list(stepped) == list(whole)
    for name, band in whole.items():
        for quantile in ("p10", "p50", "p90"):
            expected, got = getattr(band, quantile), getattr(stepped[name], quantile)
            assert got.dtype == expected.dtype
            assert got.tobytes() == expected.tobytes(), (name, quantile)


@pytest.mark.parametrize("runs", [2, 3, 257, BLOCK_RUNS + 100])
def test_monthly_bands_are_the_bands_of_the_whole_paths(runs: int) -> None:
    state = make_state(nqsw={1: 10, 7: 4}, early={20: 6}, noise_sd=0.05, trend=0.03)
    _assert_same_bands(state, BUSY, runs)


def test_months_undefined_in_every_run_are_the_same_too() -> None:
    """No capacity nor case holders at the start but agency workers, who arrive only later: the
    start's caseload and utilisation are undefined, so those outputs take numpy's quantiles."""
    state = make_state(experienced=20.0, senior=0.0, agency=0.0, noise_sd=0.05)
    bands = ("nqsw", "early_career", "experienced", "senior")
    state = replace(
        state,
        holding_share={**dict.fromkeys(bands, 0.0), "agency": 1.0},
        capacity_per_fte={**dict.fromkeys(bands, 0.0), "agency": 18.0},
    )
    whole = quantile_bands(output_paths(simulate(state, BUSY, 18, 300, 4), 18.0))
    assert np.isnan(whole["utilisation"].p50[0]) and not np.isnan(whole["utilisation"].p50[-1])
    _assert_same_bands(state, BUSY, 300)


@pytest.mark.parametrize("runs", [2, 3, 10, 999, 10_000])
def test_the_numpy_interpolation_is_numpys(runs: int) -> None:
    values = np.random.default_rng(runs).lognormal(3.0, 1.0, runs)
    _, numpy_like, undefined = _month_quantiles(values)
    assert not undefined
    assert numpy_like.tobytes() == np.quantile(values, [0.1, 0.5, 0.9]).tobytes()
