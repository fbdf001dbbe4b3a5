"""Workforce position: in post, leavers, vacancies and caseload from hand-built records."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.position import (
    arrivals,
    departures,
    leaver_spells,
    starter_spells,
    workforce_position,
)
from cswork.model.workforce import CaseCount, Contract, EstablishmentLine, RoleSpell

AS_AT = date(2025, 9, 30)
P, A = Contract.PERMANENT, Contract.AGENCY


def spell(
    ref: str,
    team: str = "T1",
    fte: float = 1.0,
    start: date = date(2020, 1, 1),
    end: date | None = None,
    contract: Contract = P,
    role: int = 5,
    covering: bool = False,
) -> RoleSpell:
    return RoleSpell(ref, team, role, contract, fte, start, end, covering_vacancy=covering)


def test_in_post_counts_la_employed_and_agency_separately() -> None:
    spells = [
        spell("E1"),
        spell("E2", fte=0.6),
        spell("E3", end=date(2025, 9, 29)),
        spell("AG1", contract=A, covering=True),
        spell("AG2", contract=A),
        spell("E4", start=date(2025, 10, 1)),
    ]
    total = workforce_position(spells, [], [], AS_AT).total
    assert total.in_post_fte == pytest.approx(1.6)
    assert total.in_post_headcount == 2
    assert total.agency_fte == pytest.approx(2.0)
    assert total.agency_cover_fte == pytest.approx(1.0)
    assert total.agency_rate == pytest.approx(100 * 2 / 3.6)


def test_spell_ending_on_the_date_is_still_in_post() -> None:
    total = workforce_position([spell("E1", end=AS_AT)], [], [], AS_AT).total
    assert total.in_post_fte == 1.0


def test_leavers_exclude_moves_within_the_authority() -> None:
    spells = [
        spell("E1", end=date(2025, 3, 31)),
        spell("E1", team="T2", start=date(2025, 4, 1)),  # moved team: not a leaver
        spell("E2", end=date(2025, 6, 30), fte=0.8),  # left
        spell("E3", end=date(2024, 9, 30)),  # left exactly a year before: outside the window
        spell("AG1", contract=A, end=date(2025, 5, 1)),  # agency: never a leaver
    ]
    leavers = leaver_spells(spells, date(2024, 9, 30), AS_AT)
    assert [s.worker_ref for s in leavers] == ["E2"]
    total = workforce_position(spells, [], [], AS_AT).total
    assert total.leavers_fte == pytest.approx(0.8)
    assert total.turnover_rate == pytest.approx(80.0)  # 0.8 left over 1.0 in post


def test_starters_exclude_moves_within_the_authority() -> None:
    spells = [
        spell("E1", end=date(2025, 3, 31)),
        spell("E1", team="T2", start=date(2025, 4, 3)),
        spell("E2", start=date(2025, 5, 1)),
    ]
    assert [s.worker_ref for s in starter_spells(spells, date(2024, 9, 30), AS_AT)] == ["E2"]


def test_vacancies_are_per_team_and_role_and_never_negative() -> None:
    establishment = [
        EstablishmentLine("T1", 5, 3.0, date(2020, 1, 1)),
        EstablishmentLine("T1", 5, 4.0, date(2025, 4, 1)),  # grew in April
        EstablishmentLine("T1", 5, 9.0, date(2025, 10, 1)),  # not yet in force
        EstablishmentLine("T2", 5, 1.0, date(2020, 1, 1)),
    ]
    spells = [spell("E1"), spell("E2", team="T2"), spell("E3", team="T2"), spell("AG1", contract=A)]
    position = workforce_position(spells, establishment, [], AS_AT)
    # T1: 4 funded, 1 LA-employed -> 3 vacant (agency does not fill a vacancy);
    # T2: 1 funded, 2 in post -> 0 vacant, not -1.
    assert position.teams["T1"].vacancy_fte == pytest.approx(3.0)
    assert position.teams["T2"].vacancy_fte == 0.0
    assert position.total.vacancy_fte == pytest.approx(3.0)
    assert position.total.establishment_fte == pytest.approx(5.0)
    assert position.total.vacancy_rate == pytest.approx(100 * 3 / 6)


def test_vacancy_rate_without_funded_posts_is_unknown_not_zero() -> None:
    # T1 has 2 funded posts, both filled: 0 % is a real figure. T2 has no establishment recorded:
    # 0 vacancies out of 1 in post would claim a fully staffed team nobody has measured.
    establishment = [EstablishmentLine("T1", 5, 2.0, date(2020, 1, 1))]
    spells = [spell("E1"), spell("E2"), spell("E3", team="T2")]
    position = workforce_position(spells, establishment, [], AS_AT)
    assert position.teams["T1"].vacancy_rate == 0.0
    assert position.teams["T2"].vacancy_rate is None
    assert position.total.vacancy_rate == 0.0
    assert workforce_position(spells, [], [], AS_AT).total.vacancy_rate is None


def test_caseload_counts_only_case_holders_at_the_latest_count() -> None:
    spells = [spell("E1", fte=0.5), spell("E2"), spell("AG1", contract=A)]
    counts = [
        CaseCount("E1", date(2025, 8, 31), "CIN", 30),  # superseded by the September count
        CaseCount("E1", date(2025, 9, 30), "CIN", 6),
        CaseCount("E1", date(2025, 9, 30), "CP", 3),
        CaseCount("AG1", date(2025, 9, 30), "CLA", 9),
        CaseCount("E2", date(2025, 9, 30), "CIN", 0),  # holds none: not a case holder
    ]
    total = workforce_position(spells, [], counts, AS_AT).total
    assert total.cases == 18
    assert total.case_holders_fte == pytest.approx(1.5)
    assert total.caseload == pytest.approx(12.0)


def test_concurrent_roles_count_one_caseload() -> None:
    spells = [spell("E1", fte=0.6), spell("E1", team="T2", fte=0.4, start=date(2021, 1, 1))]
    counts = [CaseCount("E1", AS_AT, "CIN", 10)]
    position = workforce_position(spells, [], counts, AS_AT)
    assert position.total.cases == 10
    assert position.total.case_holders_fte == pytest.approx(0.6)
    assert position.teams["T1"].cases == 10
    assert position.teams["T2"].cases == 0


CONCURRENT = [
    spell("E1", team="X", fte=0.5, start=date(2023, 1, 1), end=date(2025, 3, 31), role=4),
    spell("E1", team="Y", fte=0.5, start=date(2023, 1, 1), role=5),
]


def test_ending_one_of_two_concurrent_roles_is_not_leaving() -> None:
    """One worker, roles X and Y (0.5 FTE each) from 2023; X ends, Y goes on: no leaver."""
    total = workforce_position(CONCURRENT, [], [], AS_AT).total
    assert leaver_spells(CONCURRENT, date(2024, 9, 30), AS_AT) == []
    assert total.leavers_fte == 0.0
    assert total.turnover_rate == 0.0
    assert total.in_post_headcount == 1


def test_a_second_concurrent_role_is_not_a_start() -> None:
    spells = [
        spell("E1", team="X", start=date(2025, 1, 1), fte=0.5),
        spell("E1", team="Y", start=date(2025, 6, 1), fte=0.5),
    ]
    assert [s.team for s in starter_spells(spells, date(2024, 9, 30), AS_AT)] == ["X"]


def test_leaving_both_concurrent_roles_is_one_departure_in_the_senior_role() -> None:
    spells = [
        spell("E1", team="X", fte=0.5, end=date(2025, 3, 31), role=5),
        spell("E1", team="Y", fte=0.5, end=date(2025, 3, 31), role=4),
    ]
    assert len(leaver_spells(spells, date(2024, 9, 30), AS_AT)) == 2  # their FTE all left
    assert workforce_position(spells, [], [], AS_AT).total.leavers_fte == 1.0
    (person,) = departures(spells, date(2024, 9, 30), AS_AT)
    assert person.org_role == 4
    (starter,) = arrivals(
        [spell("E2", start=date(2025, 1, 1), role=r) for r in (5, 3)], date(2024, 9, 30), AS_AT
    )
    assert starter.org_role == 3
