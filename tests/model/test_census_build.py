"""Building the return from role spells: who is in it, and what each record says."""

from __future__ import annotations

from datetime import date

from cswork.model.census import CensusWorker, census_date, return_figures
from cswork.model.census_build import (
    Absence,
    LaLevel,
    SpellOrigin,
    WorkerDetails,
    build_return,
    days_lost_in,
)
from cswork.model.position import latest_case_counts
from cswork.model.workforce import CaseCount, Contract, RoleSpell

P, A = Contract.PERMANENT, Contract.AGENCY
SPELLS = [
    # E1 moves team on 1 March 2025 (no break), in post on 30 September with 14 cases.
    RoleSpell("E1", "North", 5, P, 0.8, date(2019, 4, 1), date(2025, 2, 28)),
    RoleSpell("E1", "South", 4, P, 1.0, date(2025, 3, 1)),
    # E2 resigned on 31 January 2025.
    RoleSpell("E2", "North", 5, P, 0.6, date(2024, 11, 4), date(2025, 1, 31), "resignation"),
    # E3 left before the census year began: not in the 2025 return.
    RoleSpell("E3", "North", 5, P, 1.0, date(2020, 1, 6), date(2024, 9, 30), "retired"),
    # AG1 engaged on 30 September; AG2's placement ended in August: not in the return.
    RoleSpell("AG1", "North", 5, A, 1.0, date(2025, 6, 2)),
    RoleSpell("AG2", "North", 5, A, 1.0, date(2025, 1, 6), date(2025, 8, 15)),
    # E4 starts after the census date: not in the return.
    RoleSpell("E4", "North", 5, P, 1.0, date(2025, 10, 6)),
]
EXTRAS = {
    ("E1", date(2019, 4, 1)): SpellOrigin(start_origin="newly_qualified"),
    ("E2", date(2024, 11, 4)): SpellOrigin(leaver_destination="agency_england"),
}
# Each worker's cases at the latest count on or before the census date (a count after it is
# ignored), as the store gives them.
COUNTS = latest_case_counts(
    [
        CaseCount("E1", date(2025, 9, 30), "CIN", 9),
        CaseCount("E1", date(2025, 9, 30), "CP", 5),
        CaseCount("AG1", date(2025, 9, 30), "CLA", 16),
        CaseCount("E1", date(2025, 10, 31), "CIN", 40),
    ],
    date(2025, 9, 30),
)
ABSENCES = [
    Absence("E1", date(2025, 1, 1), date(2025, 1, 10), 8.0),
    # 20 days over 1 September to 31 October 2025: 30 of its 61 days fall in the year.
    Absence("E1", date(2025, 9, 1), date(2025, 10, 31), 20.0),
]


def _build() -> dict[tuple[str, bool], CensusWorker]:
    census = build_return(
        2025,
        "999",
        LaLevel(2.5, 1.0, 1),
        SPELLS,
        EXTRAS,
        {"E1": WorkerDetails(swe_number="ZZ0000000001", qual_inst=("Westmoor University",))},
        COUNTS,
        ABSENCES,
    )
    return {(w.worker_ref, w.agency): w for w in census.workers}


def test_the_return_holds_la_workers_of_the_year_and_agency_workers_on_30_september() -> None:
    assert set(_build()) == {("E1", False), ("E2", False), ("AG1", True)}


def test_a_move_within_the_la_keeps_the_service_start_and_reports_the_current_role() -> None:
    e1 = _build()[("E1", False)]
    assert e1.role_start == date(2019, 4, 1)
    assert e1.start_origin == 1
    assert (e1.org_role, e1.fte, e1.fte30, e1.cases30) == (4, 1.0, 1.0, 14)
    assert e1.role_end is None
    assert e1.swe_number == "ZZ0000000001"


def test_a_leaver_has_end_date_reason_and_destination_codes() -> None:
    e2 = _build()[("E2", False)]
    assert e2.role_end == date(2025, 1, 31)
    assert (e2.reason_leave, e2.leaver_destination) == (1, 3)
    assert (e2.fte, e2.fte30, e2.cases30) == (0.6, None, None)


def test_working_days_lost_count_the_part_of_a_period_inside_the_year() -> None:
    lost = days_lost_in(ABSENCES, date(2024, 10, 1), census_date(2025))
    assert lost["E1"] == 8.0 + 20.0 * 30 / 61
    assert _build()[("E1", False)].working_days_lost == 17.84


def test_figures_from_the_return() -> None:
    census = build_return(2025, "999", LaLevel(2.5, 1.0, 1), SPELLS, EXTRAS, {}, COUNTS, [])
    figures = return_figures(census)
    assert (figures.in_post_fte, figures.in_post_headcount) == (1.0, 1)
    assert figures.leavers_fte == 0.6
    assert figures.starters_fte == 0.6  # E2 started in November 2024
    assert (figures.cases, figures.case_holders_fte) == (30, 2.0)
    assert figures.vacancy_rate == 100 * 2.5 / 3.5
    assert figures.agency_rate == 50.0
    assert figures.turnover_rate == 60.0
    assert figures.caseload == 15.0


def test_a_return_declaring_no_vacancies_has_a_vacancy_rate_of_nought() -> None:
    census = build_return(2025, "999", LaLevel(0.0, 1.0, 1), SPELLS, EXTRAS, {}, COUNTS, [])
    assert return_figures(census).vacancy_rate == 0.0


def test_agency_figures_from_a_return_come_from_its_agency_records() -> None:
    """NoAgencyFTE is the cover of vacancies; the agency rate counts every agency record."""
    census = build_return(2025, "999", LaLevel(2.5, 0.0, 0), SPELLS, EXTRAS, {}, COUNTS, [])
    figures = return_figures(census)
    assert (figures.agency_fte, figures.agency_headcount) == (1.0, 1)
    assert (figures.agency_cover_fte, figures.agency_cover_headcount) == (0.0, 0)
