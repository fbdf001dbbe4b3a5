"""The pre-submission check: one return built to contain each problem, one test per problem.

Each test asserts that the finding names the worker and says how to fix it. (The store cannot hold
a role ending before it starts, so that problem is built here as a return, as an imported file
could carry it.)
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cswork.model.census import CensusReturn, CensusWorker
from cswork.model.census_check import (
    Finding,
    PreviousReturn,
    PreviousWorker,
    Severity,
    check_return,
)

CLEAN = CensusWorker(
    worker_ref="E1",
    agency=False,
    swe_number="ZZ0000000001",
    fte=1.0,
    qual_inst=("University of Demoshire",),
    org_role=5,
    role_start=date(2020, 1, 6),
    fte30=1.0,
    cases30=12,
    qualified=date(2015, 6, 30),
)


def _return(*workers: CensusWorker, vacancy: float = 2.0, agency: float = 1.0) -> CensusReturn:
    return CensusReturn(2025, "999", vacancy, agency, 1, workers)


def _only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, findings
    return matching[0]


def test_a_clean_return_has_no_findings() -> None:
    assert check_return(_return(CLEAN)) == []


def test_missing_swe_number() -> None:
    finding = _only(check_return(_return(replace(CLEAN, swe_number=None))), "swe_missing")
    assert (finding.worker_ref, finding.severity) == ("E1", Severity.ERROR)
    assert finding.message == "no Social Work England number held"
    assert "add the worker's SWE number" in finding.fix


def test_swe_number_held_only_as_a_hash() -> None:
    worker = replace(CLEAN, swe_number=None, swe_hashed=True)
    finding = _only(check_return(_return(worker)), "swe_missing")
    assert "only a hash" in finding.message
    assert "--keep-swe" in finding.fix


def test_missing_qualifying_institution() -> None:
    finding = _only(check_return(_return(replace(CLEAN, qual_inst=()))), "qual_inst_missing")
    assert finding.worker_ref == "E1"
    assert "QualInst" in finding.message
    assert "institution where the worker qualified" in finding.fix


def test_codes_off_the_list() -> None:
    worker = replace(CLEAN, gender="3", ethnicity="WBRI")
    finding = _only(check_return(_return(worker)), "bad_code")
    assert finding.message == "GenderCurrent '3' is not on the census code list"
    assert finding.fix == "record one of: 0, 1, 2, 9"


def test_fte_zero_with_cases() -> None:
    finding = _only(check_return(_return(replace(CLEAN, fte30=0.0))), "fte_zero_with_cases")
    assert finding.message == "FTE on 30 September is 0 but 12 cases are held"
    assert "correct the FTE" in finding.fix


def test_more_than_50_cases_per_fte() -> None:
    worker = replace(CLEAN, fte30=0.5, cases30=26)
    finding = _only(check_return(_return(worker)), "caseload_over_50")
    assert finding.message == "26 cases at 0.5 FTE is 52.0 cases per FTE (over 50)"
    assert "check the caseload count" in finding.fix


def test_exactly_50_cases_per_fte_passes() -> None:
    assert check_return(_return(replace(CLEAN, fte30=0.5, cases30=25))) == []


def test_fte_over_one() -> None:
    finding = _only(check_return(_return(replace(CLEAN, fte30=1.2))), "fte_over_one")
    assert finding.message == "FTE 1.2 is above the census maximum of 1"
    assert "overlapping role spells" in finding.fix


def test_leaver_without_reason_or_destination() -> None:
    leaver = replace(CLEAN, fte30=None, cases30=None, role_end=date(2025, 3, 31))
    findings = check_return(_return(leaver))
    reason = _only(findings, "leaver_no_reason")
    destination = _only(findings, "leaver_no_destination")
    assert reason.message == "left on 2025-03-31 with no reason for leaving"
    assert reason.fix == "add the leaving reason to the worker's last role spell"
    assert destination.worker_ref == "E1"
    assert "leaver destination" in destination.fix


def test_role_end_before_start() -> None:
    worker = replace(
        CLEAN, role_end=date(2019, 1, 1), reason_leave=1, leaver_destination=1, fte30=None
    )
    finding = _only(check_return(_return(worker)), "end_before_start")
    assert finding.message == "role ends 2019-01-01, before it starts 2020-01-06"
    assert finding.fix == "correct the start or end date of the role spell"


def test_agency_worker_with_under_three_years_pqe() -> None:
    agency = replace(CLEAN, worker_ref="AG1", agency=True, qualified=date(2022, 10, 1))
    finding = _only(check_return(_return(agency)), "agency_pqe_under_3_years")
    assert finding.worker_ref == "AG1"
    assert "qualified 2022-10-01" in finding.message
    assert "3 years' PQE" in finding.fix


def test_agency_worker_with_exactly_three_years_pqe_passes() -> None:
    agency = replace(CLEAN, worker_ref="AG1", agency=True, qualified=date(2022, 9, 30))
    assert check_return(_return(agency)) == []


def test_agency_worker_without_a_qualified_date() -> None:
    agency = replace(CLEAN, worker_ref="AG1", agency=True, qualified=None)
    finding = _only(check_return(_return(agency)), "agency_pqe_unknown")
    assert "add the qualified date" in finding.fix


PREVIOUS = PreviousReturn(
    year=2024,
    vacancy_fte=2.0,
    agency_fte=1.0,
    agency_headcount=1,
    workers=(
        PreviousWorker("E1", False, 5, date(2020, 1, 6), None, 1.0),
        PreviousWorker("E9", False, 5, date(2018, 1, 8), None, 0.8),
        PreviousWorker("E8", False, 5, date(2018, 1, 8), date(2024, 5, 1), None),
    ),
)


def test_year_on_year_worker_missing_from_this_return() -> None:
    finding = _only(check_return(_return(CLEAN), PREVIOUS), "yoy_missing")
    assert finding.worker_ref == "E9"  # E8 had already left, so is not expected
    assert finding.message == (
        "in post on 30 September 2024 (previous return) but not in this return"
    )
    assert "with the leaving date and reason" in finding.fix


def test_year_on_year_start_date_changed() -> None:
    moved = replace(CLEAN, role_start=date(2021, 2, 1))
    finding = _only(check_return(_return(moved), PREVIOUS), "yoy_start_changed")
    assert finding.message == "role start 2021-02-01 differs from 2020-01-06 in the previous return"
    assert "correct the start date" in finding.fix


def test_year_on_year_swing_in_vacancies() -> None:
    finding = _only(check_return(_return(CLEAN, vacancy=3.5), PREVIOUS), "yoy_swing")
    assert finding.worker_ref is None
    assert (
        finding.message
        == "vacancy FTE 3.5 against 2 on 30 September 2024: a change of more than 50%"
    )


def test_errors_come_before_queries() -> None:
    findings = check_return(_return(replace(CLEAN, swe_number=None, fte30=0.4, cases30=30)))
    assert [f.severity for f in findings] == [Severity.ERROR, Severity.QUERY]


def test_agency_cover_above_the_vacancies_is_queried() -> None:
    finding = _only(
        check_return(_return(CLEAN, vacancy=2.0, agency=3.0)), "agency_cover_over_vacancies"
    )
    assert finding.severity is Severity.QUERY
    assert finding.message == (
        "agency workers covering vacancies 3 FTE (1) exceed the vacancies, 2 FTE"
    )
    assert check_return(_return(CLEAN, vacancy=2.0, agency=2.0)) == []
