"""The DfE measures reproduce every published England rate from its counts (docs/design.md, Measures)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cswork.model import measures
from cswork.model.measures import round_half_up
from cswork.reference import england_rows

SHARED_REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "dfe_national.csv"


def _reference_rows() -> list[dict[str, str]]:
    from importlib import resources

    text = resources.files("cswork.data").joinpath("dfe_national.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


ROWS = _reference_rows()


def test_packaged_reference_holds_the_shared_reference_unchanged() -> None:
    if not SHARED_REFERENCE.exists():
        pytest.skip("shared/reference is not beside this checkout")
    packaged = {row["time_period"]: row for row in _reference_rows()}
    with SHARED_REFERENCE.open(encoding="utf-8") as handle:
        shared = list(csv.DictReader(handle))
    for row in shared:
        held = packaged[row["time_period"]]
        assert {key: held[key] for key in row} == row


def test_reference_has_every_census_year_since_2017_with_its_source() -> None:
    years = [int(row["time_period"]) for row in ROWS]
    assert years == list(range(2017, max(years) + 1))
    assert all(row["source"].startswith("csww_indicators_2017_to_20") for row in ROWS)


#: Published national rates that the rounded national counts do not reproduce, with why: DfE
#: computes some rates leaving out authorities whose item is unavailable or of low reliability (in
#: 2024 Birmingham's agency figures are "u"), and revises a rate without its count. The published
#: rate is what is shown; the others must reproduce.
NOT_FROM_THE_COUNTS = {
    ("2017", "vacancy_agency_cover_rate_fte"),
    ("2018", "vacancy_agency_cover_rate_fte"),
    ("2022", "turnover_rate_fte"),
    ("2024", "absence_rate_fte"),
    ("2024", "agency_rate_fte"),
    ("2024", "turnover_rate_fte"),
    ("2024", "vacancy_agency_cover_rate_fte"),
}


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["time_period"])
def test_rates_reproduce_published_values(row: dict[str, str]) -> None:
    f = {k: float(v) for k, v in row.items() if k not in {"geographic_level", "area", "source"}}
    inpost = f["inpost_fte"]
    computed = {
        "vacancy_rate_fte": measures.vacancy_rate(f["vacancy_fte"], inpost),
        "agency_rate_fte": measures.agency_rate(f["agency_fte"], inpost),
        "turnover_rate_fte": measures.turnover_rate(f["leavers_fte"], inpost),
        "caseload_fte": measures.caseload(f["cases"], f["case_holders_fte"]),
        "vacancy_agency_cover_rate_fte": measures.agency_cover_rate(
            f["agency_cover_fte"], f["vacancy_fte"]
        ),
        "absence_rate_fte": measures.absence_rate(f["working_days_lost"], inpost),
    }
    for column, value in computed.items():
        reproduced = round_half_up(value) == f[column]
        assert reproduced != ((row["time_period"], column) in NOT_FROM_THE_COUNTS), column


def test_england_rows_load_with_published_rates() -> None:
    latest = england_rows()[-1]
    assert latest.year == max(int(r["time_period"]) for r in ROWS)
    assert latest.vacancy_rate == 14.2


@pytest.mark.parametrize(
    "function",
    [
        measures.vacancy_rate,
        measures.agency_rate,
        measures.turnover_rate,
        measures.caseload,
        measures.agency_cover_rate,
        measures.absence_rate,
    ],
)
def test_rates_of_nothing_are_undefined_not_zero(function: object) -> None:
    assert function(0.0, 0.0) is None  # type: ignore[operator]


def test_round_half_up_rounds_halves_up_not_to_even() -> None:
    assert round_half_up(0.25) == 0.3
    assert round_half_up(14.15) == 14.2
    assert round_half_up(None) is None
    assert round(0.25, 1) == 0.2  # what we must not do


def _by_decimal(value: float, places: int) -> float:
    """round_half_up as it was written: every value through Decimal (the oracle of the quick path)."""
    from decimal import ROUND_HALF_UP, Decimal

    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _same(value: float, places: int) -> None:
    from decimal import InvalidOperation

    try:
        oracle = _by_decimal(value, places)
    except InvalidOperation:  # more digits than Decimal's precision: refused, as it always was
        with pytest.raises(InvalidOperation):
            round_half_up(value, places)
        return
    quick = round_half_up(value, places)
    assert quick is not None
    assert (quick, math.copysign(1, quick)) == (oracle, math.copysign(1, oracle)), value


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 6))
def test_round_half_up_agrees_with_decimal_on_any_float(value: float, places: int) -> None:
    _same(value, places)


@given(st.integers(-(10**9), 10**9), st.integers(1, 6), st.integers(0, 9))
def test_round_half_up_agrees_with_decimal_at_and_beside_every_half(
    whole: int, places: int, last: int
) -> None:
    """Values written with a 5 (or any digit) just past the last place kept, and their neighbours."""
    value = float(f"{whole / 10**places:.{places}f}{last}")
    for nearby in (value, math.nextafter(value, math.inf), math.nextafter(value, -math.inf)):
        _same(nearby, places)


@pytest.mark.parametrize(
    "value", [2.675, 1.005, 0.125, -0.25, -0.04, -0.0, 0.0, 5, 1e16, 1.5e-7, 123456789.95]
)
def test_round_half_up_agrees_with_decimal_on_known_cases(value: float) -> None:
    for places in range(4):
        _same(value, places)
