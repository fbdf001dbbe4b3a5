"""Money and the agency rules against figures worked by hand (37-hour week, £52,000 permanent FTE,
so a permanent FTE costs £1,000 a week)."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.money import (
    JobType,
    PriceCap,
    annualised_premium,
    annualised_spend,
    cap_in_force,
    long_assignments,
    over_cap,
    overlapping,
    periods,
    pqe_unknown,
    project_team_assignments,
    spend,
    spend_by_team,
    under_three_years_pqe,
    vacancy_cost,
)
from cswork.model.workforce import Contract, RoleSpell

HOURS = 37.0
COST = dict.fromkeys(range(1, 7), 52_000.0)
AS_AT = date(2025, 12, 31)

#: £50 × 37 h = £1,850 a week; covering a vacancy; qualified 23 months before AS_AT.
A = RoleSpell(
    "AG1",
    "North",
    5,
    Contract.AGENCY,
    1.0,
    date(2025, 1, 1),
    qualified=date(2024, 1, 1),
    covering_vacancy=True,
    hourly_charge=50.0,
    job_type="social_worker",
    agency_supplier="Acme",
)
#: £40 × 20 h = £800 a week, 1 Oct to 30 Nov 2025, in a project team.
B = RoleSpell(
    "AG2",
    "South",
    4,
    Contract.AGENCY,
    0.5,
    date(2025, 10, 1),
    date(2025, 11, 30),
    qualified=date(2010, 1, 1),
    hourly_charge=40.0,
    job_type="senior_social_worker",
    weekly_hours=20.0,
    project_team=True,
)
P = RoleSpell("E1", "North", 5, Contract.PERMANENT, 1.0, date(2020, 1, 1))
SPELLS = [A, B, P]
CAPS = [
    PriceCap(JobType.SOCIAL_WORKER, date(2025, 4, 1), 45.0),
    PriceCap(JobType.SENIOR_SOCIAL_WORKER, date(2025, 4, 1), 42.0),
]


def test_periods_follow_the_financial_year() -> None:
    got = periods(AS_AT)
    assert (got.month_start, got.quarter_start, got.year_start) == (
        date(2025, 12, 1),
        date(2025, 10, 1),
        date(2025, 4, 1),
    )
    march = periods(date(2026, 3, 15))
    assert (march.quarter_start, march.year_start) == (date(2026, 1, 1), date(2025, 4, 1))
    april = periods(date(2026, 4, 30))
    assert (april.quarter_start, april.year_start) == (date(2026, 4, 1), date(2026, 4, 1))


def test_spend_for_a_month_a_quarter_and_the_year_to_date() -> None:
    # December: A for 31 days at £1,850 a week; B had ended.
    assert spend(SPELLS, date(2025, 12, 1), AS_AT, HOURS) == pytest.approx(31 * 1850 / 7)
    # October to December: A 92 days; B 61 days (1 Oct to 30 Nov) at £800 a week.
    assert spend(SPELLS, date(2025, 10, 1), AS_AT, HOURS) == pytest.approx(219_000 / 7)
    # April to December: A 275 days, B 61 days: (508,750 + 48,800) / 7 = 79,650.
    assert spend(SPELLS, date(2025, 4, 1), AS_AT, HOURS) == pytest.approx(79_650.0)


def test_annualised_spend_premium_and_cost_of_vacancies() -> None:
    assert annualised_spend(SPELLS, AS_AT, HOURS) == pytest.approx(1850 * 52)  # 96,200
    # A: £1,850 − £1,000 a week = £850 × 52 = £44,200
    assert annualised_premium(SPELLS, AS_AT, COST, HOURS) == pytest.approx(44_200)
    assert vacancy_cost(SPELLS, AS_AT, COST, HOURS) == pytest.approx(44_200)
    # 15 November: B adds £800 − £1,000 × 20/37 = £259.46 a week, and does not cover a vacancy.
    mid = date(2025, 11, 15)
    b_premium = 800 - 1000 * 20 / 37
    assert annualised_premium(SPELLS, mid, COST, HOURS) == pytest.approx(52 * (850 + b_premium))
    assert vacancy_cost(SPELLS, mid, COST, HOURS) == pytest.approx(44_200)
    # A senior practitioner costing £62,400 (£1,200 a week per FTE) shrinks B's premium.
    dearer = {**COST, 4: 62_400.0}
    assert annualised_premium([B], mid, dearer, HOURS) == pytest.approx(52 * (800 - 1200 * 20 / 37))


def test_spells_without_a_charge_cost_nothing_and_no_premium() -> None:
    bare = RoleSpell("AG9", "North", 5, Contract.AGENCY, 1.0, date(2025, 1, 1))
    assert annualised_spend([bare], AS_AT, HOURS) == 0.0
    assert annualised_premium([bare], AS_AT, COST, HOURS) == 0.0


def test_over_cap_counts_fte_and_excess_a_week_and_a_year() -> None:
    check = over_cap(SPELLS, CAPS, AS_AT, HOURS)
    assert (check.count, check.checked, check.unchecked) == (1, 1, 0)
    (breach,) = check.breaches
    assert (breach.worker_ref, breach.hourly_charge, breach.hourly_cap) == ("AG1", 50.0, 45.0)
    assert check.fte == pytest.approx(1.0)
    assert check.excess_week == pytest.approx(5 * 37)  # 185
    assert check.excess_year == pytest.approx(185 * 52)  # 9,620
    # B at £40 is under its £42 cap; before the caps began nothing could be checked.
    assert over_cap(SPELLS, CAPS, date(2025, 11, 15), HOURS).checked == 2
    early = over_cap(SPELLS, CAPS, date(2025, 3, 31), HOURS)
    assert (early.count, early.checked, early.unchecked) == (0, 0, 1)


def test_a_cap_runs_until_the_next_or_its_own_end() -> None:
    caps = [
        PriceCap(JobType.SOCIAL_WORKER, date(2025, 4, 1), 45.0, date(2025, 6, 30)),
        PriceCap(JobType.SOCIAL_WORKER, date(2026, 4, 1), 47.0),
        PriceCap(JobType.TEAM_MANAGER, date(2025, 4, 1), 60.0),
    ]
    assert cap_in_force(caps, JobType.SOCIAL_WORKER, date(2025, 6, 30)) == caps[0]
    assert cap_in_force(caps, JobType.SOCIAL_WORKER, date(2025, 7, 1)) is None
    assert cap_in_force(caps, JobType.SOCIAL_WORKER, date(2026, 4, 1)) == caps[1]
    assert over_cap(SPELLS, caps, AS_AT, HOURS).unchecked == 1


def test_overlapping_caps_are_found() -> None:
    first = PriceCap(JobType.SOCIAL_WORKER, date(2025, 4, 1), 45.0, date(2026, 4, 1))
    second = PriceCap(JobType.SOCIAL_WORKER, date(2026, 4, 1), 47.0)
    assert overlapping([second, first]) == (first, second)
    same_day = PriceCap(JobType.SOCIAL_WORKER, date(2025, 4, 1), 44.0)
    assert overlapping([first, same_day]) is not None
    other_type = PriceCap(JobType.TEAM_MANAGER, date(2025, 4, 1), 60.0)
    assert overlapping([first, other_type]) is None
    assert overlapping([PriceCap(JobType.SOCIAL_WORKER, date(2025, 4, 1), 45.0), second]) is None


def test_under_three_years_pqe_and_unknown_pqe() -> None:
    (young,) = under_three_years_pqe(SPELLS, AS_AT)
    assert (young.worker_ref, young.team, young.pqe_months) == ("AG1", "North", 23)
    assert young.supplier == "Acme"
    # 36 whole months of PQE meets the rule.
    three = RoleSpell(
        "AG3", "North", 5, Contract.AGENCY, 1.0, date(2025, 1, 1), qualified=date(2022, 12, 31)
    )
    assert under_three_years_pqe([three], AS_AT) == []
    unknown = RoleSpell("AG4", "North", 5, Contract.AGENCY, 1.0, date(2025, 1, 1))
    assert [w.worker_ref for w in pqe_unknown([unknown, *SPELLS], AS_AT)] == ["AG4"]
    # Permanent staff are never listed.
    nq = RoleSpell(
        "E2", "North", 5, Contract.PERMANENT, 1.0, date(2025, 1, 1), None, None, date(2024, 9, 1)
    )
    assert under_three_years_pqe([nq], AS_AT) == []


def test_project_teams_and_long_assignments() -> None:
    assert [w.worker_ref for w in project_team_assignments(SPELLS, date(2025, 11, 15))] == ["AG2"]
    assert project_team_assignments(SPELLS, AS_AT) == []
    # A began 1 January 2025: over 12 months only after 1 January 2026.
    assert long_assignments(SPELLS, date(2026, 1, 1)) == []
    (long,) = long_assignments(SPELLS, date(2026, 1, 2))
    assert (long.worker_ref, long.since, long.months_on(date(2026, 1, 2))) == (
        "AG1",
        date(2025, 1, 1),
        12,
    )


def test_an_assignment_moved_between_teams_is_one_assignment() -> None:
    first = RoleSpell("AG5", "North", 5, Contract.AGENCY, 1.0, date(2024, 1, 1), date(2024, 6, 30))
    moved = RoleSpell("AG5", "South", 5, Contract.AGENCY, 1.0, date(2024, 7, 3))
    (long,) = long_assignments([first, moved], date(2025, 3, 1))
    assert (long.team, long.since) == ("South", date(2024, 1, 1))
    # A break of more than a week starts a new assignment.
    back = RoleSpell("AG5", "South", 5, Contract.AGENCY, 1.0, date(2024, 9, 1))
    assert long_assignments([first, back], date(2025, 3, 1)) == []


def test_spend_and_premium_by_team() -> None:
    north, south = spend_by_team(SPELLS, AS_AT, date(2025, 4, 1), COST, HOURS)
    assert (north.team, north.agency_fte) == ("North", 1.0)
    assert north.spend_year == pytest.approx(96_200)
    assert north.premium_year == pytest.approx(44_200)
    assert north.spend_to_date == pytest.approx(275 * 1850 / 7)
    assert north.premium_to_date == pytest.approx(275 * 850 / 7)
    assert (south.team, south.agency_fte, south.spend_year) == ("South", 0.0, 0.0)
    assert south.spend_to_date == pytest.approx(61 * 800 / 7)
    assert south.premium_to_date == pytest.approx(61 * (800 - 1000 * 20 / 37) / 7)


def test_annualised_spends_are_the_annualised_spend_of_each_day() -> None:
    from cswork.model.month_ends import annualised_spends

    bare = RoleSpell("AG9", "North", 5, Contract.AGENCY, 1.0, date(2025, 1, 1))
    odd = RoleSpell(
        "AG8", "South", 5, Contract.AGENCY, 0.7, date(2025, 2, 3), hourly_charge=0.1 + 0.2
    )
    agency = [A, odd, B, bare]
    days = [
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 10, 1),
        date(2025, 11, 30),
        date(2025, 12, 1),
        AS_AT,
    ]
    expected = [annualised_spend(agency, day, HOURS) for day in days]
    assert annualised_spends(agency, days, HOURS) == expected
    assert expected[0] == 0.0
    assert annualised_spends([], days, HOURS) == [0.0] * len(days)
