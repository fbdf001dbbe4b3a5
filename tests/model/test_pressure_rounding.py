"""Rounding in columns (:func:`cswork.model.pressure_trend.rounded`) is Python's ``round``, bit for
bit, and banding in columns is :func:`cswork.model.pressure.band_for` of the rounded utilisation."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from cswork.model.pressure import BANDS, band_for
from cswork.model.pressure_trend import _bands, rounded

#: Halfway cases and their neighbours: exact binary ties (1/128 × 10^6 is 7812.5), decimal ties
#: that are not exact in binary, band boundaries and sums of FTE.
TRICKY = [
    0.0078125,
    0.0234375,
    2.5e-06,
    1.0000005,
    0.8500000005,
    0.85,
    1.1,
    1.1000000005,
    0.1 + 0.2,
    12.345678500000001,
    0.0,
    -0.0,
    -2.5e-06,
    1e17,
    123456789.1234565,
]


def _neighbours(value: float) -> list[float]:
    return [float(np.nextafter(value, -np.inf)), value, float(np.nextafter(value, np.inf))]


def test_tricky_values_round_as_python_rounds() -> None:
    values = np.array([near for value in TRICKY for near in _neighbours(value)])
    for places in (6, 9):
        found = rounded(values, places).tolist()
        expected = [round(float(v), places) for v in values]
        assert [v.hex() for v in found] == [v.hex() for v in expected]


@given(st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), max_size=50))
@example([k / 2_000_000 for k in range(1, 40, 2)])
@example([k / 2_000_000_000 for k in range(1, 40, 2)])
def test_any_values_round_as_python_rounds(values: list[float]) -> None:
    array = np.array(values, dtype=np.float64)
    for places in (6, 9):
        found = rounded(array, places).tolist()
        assert [v.hex() for v in found] == [round(v, places).hex() for v in values]


@given(st.lists(st.floats(min_value=0.0, max_value=3.0), max_size=50))
@example([0.85, 1.0, 1.1, 0.8499999999999999, 1.0000000001, 1.1000000004, 1.1000000006])
def test_bands_are_band_for_of_the_rounded_utilisation(values: list[float]) -> None:
    utilisation = np.array(values, dtype=np.float64)
    found = _bands(utilisation, np.ones(len(values), dtype=np.bool_)).tolist()
    assert found == [BANDS.index(band_for(round(v, 9))) for v in values]
    assert _bands(utilisation, np.zeros(len(values), dtype=np.bool_)).tolist() == [-1] * len(values)
