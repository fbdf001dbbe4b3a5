"""Worker caseload pressure from hand-built records: bands, capacity, ASYE, unmeasurable workers."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.pressure import Band, WorkerPressure, band_for, worker_pressures
from cswork.model.settings import Settings
from cswork.model.workforce import CaseCount, Contract, RoleSpell

AS_AT = date(2025, 9, 30)


def spell(
    ref: str,
    team: str = "T1",
    fte: float = 1.0,
    role: int = 5,
    start: date = date(2020, 1, 6),
    qualified: date | None = date(2010, 7, 1),
    cohort: str | None = None,
) -> RoleSpell:
    return RoleSpell(
        ref, team, role, Contract.PERMANENT, fte, start, qualified=qualified, cohort=cohort
    )


def held(ref: str, on: date = AS_AT, **cases: int) -> list[CaseCount]:
    return [CaseCount(ref, on, case_type, n) for case_type, n in cases.items()]


def one(
    worker: RoleSpell,
    counts: list[CaseCount],
    settings: Settings | None = None,
    targets: dict[str, float] | None = None,
    cohorts: dict[str, date] | None = None,
) -> WorkerPressure:
    (result,) = worker_pressures([worker], counts, AS_AT, settings or Settings(), targets, cohorts)
    return result


@pytest.mark.parametrize(
    ("utilisation", "band"),
    [
        (0.8499, Band.UNDER_85),
        (0.85, Band.FROM_85_TO_100),
        (1.0, Band.FROM_85_TO_100),
        (1.0001, Band.FROM_100_TO_110),
        (1.1, Band.FROM_100_TO_110),
        (1.1001, Band.OVER_110),
    ],
)
def test_band_boundaries(utilisation: float, band: Band) -> None:
    assert band_for(utilisation) is band


@pytest.mark.parametrize(
    ("cin", "cl", "band", "over"),
    [
        (16, 1, Band.UNDER_85, False),  # 16.5 / 20 = 82.5 %
        (17, 0, Band.FROM_85_TO_100, False),  # 17 / 20 = 85 % exactly
        (20, 0, Band.FROM_85_TO_100, False),  # 20 / 20 = 100 % exactly: not over capacity
        (22, 0, Band.FROM_100_TO_110, True),  # 22 / 20 = 110 % exactly
        (22, 1, Band.OVER_110, True),  # 22.5 / 20 = 112.5 %
    ],
)
def test_exact_boundaries_through_the_model(cin: int, cl: int, band: Band, over: bool) -> None:
    # Team target 20, full time, experienced: capacity 1.0 × 20 × 1.0 = 20.
    worker = one(spell("E1"), held("E1", CIN=cin, CL=cl), targets={"T1": 20})
    assert worker.capacity == 20
    assert worker.band is band
    assert worker.over_capacity is over


def test_a_boundary_load_is_banded_as_the_arithmetic_says_not_as_floats_round() -> None:
    # 17 cases × 0.7 = 11.9 against 0.7 FTE × target 20 = 14: exactly 85 %.
    # In floats 0.7 * 17 / (0.7 * 20) is 0.8499999999999999, which would band it under 85 %.
    settings = Settings({"weight.CIN": 0.7})
    worker = one(spell("E1", fte=0.7), held("E1", CIN=17), settings, targets={"T1": 20})
    assert worker.utilisation == 0.85
    assert worker.band is Band.FROM_85_TO_100


def test_part_time_capacity_is_pro_rata() -> None:
    # 0.5 FTE × 18 = 9; 6 CIN × 1.0 + 2 CP × 1.5 = 9 weighted: 100 %, at capacity, not over.
    worker = one(spell("E1", fte=0.5), held("E1", CIN=6, CP=2))
    assert worker.capacity == pytest.approx(9.0)
    assert worker.cases == 8
    assert worker.weighted_caseload == pytest.approx(9.0)
    assert worker.utilisation == 1.0
    assert not worker.over_capacity


def test_cases_with_zero_fte_are_unmeasurable_not_divided_by_zero() -> None:
    worker = one(spell("E1", fte=0.0), held("E1", CIN=5))
    assert worker.capacity == 0
    assert worker.utilisation is None
    assert worker.band is None
    assert worker.unmeasurable
    assert not worker.over_capacity


@pytest.mark.parametrize("role", [1, 2, 3, 6])
def test_managers_and_role_6_hold_no_capacity(role: int) -> None:
    idle = one(spell("M1", role=role), [])
    assert idle.capacity == 0
    assert idle.band is None
    assert not idle.unmeasurable  # no cases, no capacity: simply not a case holder
    holding = one(spell("M1", role=role), held("M1", CIN=2))
    assert holding.unmeasurable


def test_senior_practitioners_hold_capacity() -> None:
    assert one(spell("S1", role=4), []).capacity == 18


@pytest.mark.parametrize(
    ("cohort_start", "month", "factor"),
    [
        (date(2025, 9, 15), 0, 0.6),  # first month: the start factor
        (date(2025, 1, 27), 8, 0.6 + 0.3 * 8 / 11),  # Jan 27 → Sep 30: 8 whole months
        (date(2024, 10, 1), 11, 0.9),  # last month of a 12-month ASYE: the end factor
    ],
)
def test_nqsw_factor_by_month(cohort_start: date, month: int, factor: float) -> None:
    worker = one(
        spell("N1", start=cohort_start, qualified=None, cohort="C"), [], cohorts={"C": cohort_start}
    )
    assert worker.in_asye
    assert worker.asye_month == month
    assert worker.capacity == pytest.approx(18 * factor)


def test_after_twelve_months_an_nqsw_has_full_capacity() -> None:
    start = date(2024, 9, 30)  # 12 whole months before the date
    worker = one(spell("N1", start=start, qualified=None, cohort="C"), [], cohorts={"C": start})
    assert not worker.in_asye
    assert worker.asye_month is None
    assert worker.capacity == 18


def test_asye_length_is_a_setting() -> None:
    # Started 8 July 2024: 14 whole months by 30 September 2025.
    start = date(2024, 7, 8)
    nqsw = spell("N1", start=start, qualified=None, cohort="C")
    twelve = one(nqsw, [], cohorts={"C": start})
    assert not twelve.in_asye
    assert twelve.capacity == 18
    # With a 24-month programme they are in month 14: 0.6 + 0.3 × 14/23 = 0.78261 → 14.087.
    longer = one(nqsw, [], Settings({"asye_months": 24}), cohorts={"C": start})
    assert longer.in_asye
    assert longer.asye_month == 14
    assert longer.capacity == pytest.approx(18 * (0.6 + 0.3 * 14 / 23))


def test_nqsw_without_a_cohort_is_found_from_their_qualifying_date() -> None:
    # Qualified 1 June 2025, started 1 August 2025: month 1 of the ASYE (Aug 1 → Sep 30).
    worker = one(spell("N1", start=date(2025, 8, 1), qualified=date(2025, 6, 1)), [])
    assert worker.in_asye
    assert worker.asye_month == 1
    experienced = one(spell("E1", start=date(2025, 8, 1), qualified=date(2015, 6, 1)), [])
    assert not experienced.in_asye


def test_agency_work_is_not_an_asye() -> None:
    # Qualified 1 June 2025 and working through an agency from 1 August: not on the authority's
    # ASYE, so no NQSW protection, no reduced capacity and no "ASYE month" alert.
    qualified = date(2025, 6, 1)
    agency = RoleSpell("A1", "T1", 5, Contract.AGENCY, 1.0, date(2025, 8, 1), qualified=qualified)
    worker = one(agency, [])
    assert not worker.in_asye
    assert worker.asye_month is None
    assert worker.capacity == 18
    # Taken on by the authority on 1 September: the ASYE begins with the employed post.
    ended = RoleSpell(
        "A1",
        "T1",
        5,
        Contract.AGENCY,
        1.0,
        date(2025, 7, 1),
        date(2025, 8, 31),
        qualified=qualified,
    )
    employed = spell("A1", start=date(2025, 9, 1), qualified=qualified)
    [joined] = worker_pressures([ended, employed], [], AS_AT, Settings())
    assert joined.in_asye
    assert joined.asye_month == 0


def test_only_the_latest_count_on_or_before_the_date_is_used() -> None:
    counts = held("E1", on=date(2025, 8, 31), CIN=30) + held("E1", CIN=9, CP=2)
    counts += held("E1", on=date(2025, 10, 31), CIN=50)
    worker = one(spell("E1"), counts)
    assert worker.cases == 11
    assert worker.cp_cases == 2
    assert worker.weighted_caseload == pytest.approx(12.0)  # 9 + 2 × 1.5
