"""Scenario assumptions: checked per field with messages that say what is wrong."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.projection.assumptions import (
    FIELDS,
    AssumptionError,
    Assumptions,
    PlannedCohort,
    from_dict,
    parse_cohorts,
    parse_field,
    parse_pattern,
)


def test_defaults_are_valid_and_cohorts_are_kept_in_date_order() -> None:
    later, earlier = PlannedCohort(date(2026, 7, 6), 10), PlannedCohort(date(2026, 1, 26), 12)
    assert Assumptions(cohorts=(later, earlier)).cohorts == (earlier, later)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"leaver_rate_nqsw": -0.1}, "leaver_rate_nqsw must be between 0 and 5, not -0.1"),
        ({"no_show_rate": 1.5}, "no_show_rate must be between 0 and 1, not 1.5"),
        (
            {"agency_share_of_vacancies": 3},
            "agency_share_of_vacancies must be between 0 and 2, not 3",
        ),
        ({"horizon_months": 0}, "horizon_months must be between 1 and 240, not 0"),
        ({"horizon_months": 12.5}, "horizon_months must be a whole number, not 12.5"),
        ({"runs": "many"}, "runs must be a number, not 'many'"),
        ({"demand_growth": float("nan")}, "demand_growth must be between -0.9 and 5, not nan"),
        (
            {"cohorts": (PlannedCohort(date(2026, 1, 1), -1),)},
            "cohorts: size must be at least 0, not -1",
        ),
    ],
)
def test_each_field_is_checked_with_a_clear_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(AssumptionError) as caught:
        Assumptions(**changes)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_parse_field_sets_numbers_cohorts_and_the_trend() -> None:
    base = Assumptions(demand_growth=0.05)
    assert parse_field(base, "no_show_rate", "0.1").no_show_rate == 0.1
    assert parse_field(base, "runs", "500").runs == 500
    assert parse_field(base, "demand_growth", "trend").demand_growth is None
    cohorts = parse_field(base, "cohorts", "2026-01-26:12, 2026-07-06:10").cohorts
    assert cohorts == (PlannedCohort(date(2026, 1, 26), 12), PlannedCohort(date(2026, 7, 6), 10))
    assert parse_field(base, "cohorts", "").cohorts == ()


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        (
            "attrition",
            "0.1",
            "unknown assumption 'attrition'; known: cohorts, academy_pattern, leaver_rate_nqsw",
        ),
        ("runs", "1e3", "runs must be a whole number, not '1e3'"),
        ("no_show_rate", "ten", "no_show_rate must be a number, not 'ten'"),
        ("no_show_rate", "2", "no_show_rate must be between 0 and 1, not 2.0"),
        ("cohorts", "2026-01-26", "cohorts: '2026-01-26' is not DATE:SIZE (e.g. 2026-01-26:12)"),
        ("cohorts", "26/01/2026:12", "cohorts: '26/01/2026:12' is not DATE:SIZE"),
    ],
)
def test_parse_field_rejects_bad_text(key: str, text: str, message: str) -> None:
    with pytest.raises(AssumptionError) as caught:
        parse_field(Assumptions(), key, text)
    assert str(caught.value).startswith(message)


def test_dict_round_trip_and_errors() -> None:
    assumptions = Assumptions(cohorts=parse_cohorts("2026-01-26:12"), demand_growth=0.03, runs=200)
    assert from_dict(assumptions.to_dict()) == assumptions
    assert "demand_growth" not in Assumptions().to_dict()
    full = Assumptions(demand_growth=0.1, experienced_hires_per_month=2.0)
    assert set(full.to_dict()) == set(FIELDS)
    assumed = Assumptions(
        cohorts=(PlannedCohort(date(2027, 1, 4), 10, assumed=True),),
        academy_pattern=parse_pattern("1:10,7:12"),
    )
    assert from_dict(assumed.to_dict()) == assumed
    assert assumed.to_dict()["academy_pattern"] == "1:10,7:12"
    with pytest.raises(AssumptionError, match="academy_pattern: month must be 1-12, not 13"):
        parse_pattern("13:4")
    assert (
        parse_field(full, "experienced_hires_per_month", "vacancies").experienced_hires_per_month
        is None
    )
    with pytest.raises(AssumptionError, match="unknown assumption 'colour'"):
        from_dict({"colour": "blue"})
    with pytest.raises(AssumptionError, match="cohorts: each needs start and size"):
        from_dict({"cohorts": [{"start": "2026-01-26"}]})
    with pytest.raises(AssumptionError, match="cohorts: start 'soon' is not a date"):
        from_dict({"cohorts": [{"start": "soon", "size": 3}]})
