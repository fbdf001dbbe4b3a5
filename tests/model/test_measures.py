"""The DfE measures reproduce every published England rate from its counts (docs/design.md, Measures)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cswork.model import measures
from cswork.model.measures import round_half_up
from cswork.reference import england_rows

SHARED_REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "dfe_national.csv"


def _reference_rows() -> list[dict[str, str]]:
    from importlib import resources

    text = resources.files("cswork.data").joinpath("dfe_national.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


ROWS = _reference_rows()


def test_packaged_reference_matches_the_shared_reference() -> None:
    if not SHARED_REFERENCE.exists():
        pytest.skip("shared/reference is not beside this checkout")
    packaged = _reference_rows()
    with SHARED_REFERENCE.open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == packaged


def test_reference_has_rows() -> None:
    assert len(ROWS) >= 2


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["time_period"])
def test_rates_reproduce_published_values(row: dict[str, str]) -> None:
    f = {k: float(v) for k, v in row.items() if k not in {"geographic_level", "area"}}
    inpost = f["inpost_fte"]
    assert round_half_up(measures.vacancy_rate(f["vacancy_fte"], inpost)) == f["vacancy_rate_fte"]
    assert round_half_up(measures.agency_rate(f["agency_fte"], inpost)) == f["agency_rate_fte"]
    assert round_half_up(measures.turnover_rate(f["leavers_fte"], inpost)) == f["turnover_rate_fte"]
    assert round_half_up(measures.caseload(f["cases"], f["case_holders_fte"])) == f["caseload_fte"]
    assert (
        round_half_up(measures.agency_cover_rate(f["agency_cover_fte"], f["vacancy_fte"]))
        == f["vacancy_agency_cover_rate_fte"]
    )
    assert (
        round_half_up(measures.absence_rate(f["working_days_lost"], inpost))
        == f["absence_rate_fte"]
    )


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
