"""The census figures computed from an exported return equal those ``cswork summary`` shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cswork.model.census import return_figures
from cswork.services.census import CensusError, NoWorkersError, build_census, check_census
from cswork.services.summary import build_summary, figures_json
from cswork.store import Database, open_db

MEASURES = ("vacancy_rate", "agency_rate", "turnover_rate", "caseload")


def test_census_figures_equal_the_summary_at_30_september(demo_db: Database) -> None:
    census = build_census(demo_db, 2025, "999")
    from_return = figures_json(return_figures(census))
    summary = figures_json(build_summary(demo_db, date(2025, 9, 30)).position.total)
    for key in (*MEASURES, "in_post_fte", "agency_fte", "vacancy_fte", "leavers_fte", "cases"):
        assert from_return[key] == summary[key], key
    assert all(summary[key] is not None for key in MEASURES)


def test_the_demo_return_passes_the_check(demo_db: Database) -> None:
    """Nothing but the agency workers the demo gives under three years' PQE, a query each."""
    findings = check_census(demo_db, 2025)
    assert findings
    assert {f.rule for f in findings} == {"agency_pqe_under_3_years"}


def test_a_bad_la_code_is_refused(demo_db: Database) -> None:
    with pytest.raises(CensusError, match="three digits, not '99'"):
        build_census(demo_db, 2025, "99")


def test_a_year_with_nobody_in_post_is_refused(tmp_path: Path) -> None:
    store = open_db(tmp_path / "empty.db")
    with pytest.raises(
        NoWorkersError, match="no social workers in post in the year to 30 September 2025"
    ):
        build_census(store, 2025, "999")


def test_the_check_names_every_problem_in_the_store(census_problems_path: Path) -> None:
    store = open_db(census_problems_path, create=False)
    found = {(f.rule, f.worker_ref) for f in check_census(store, 2025)}
    assert found == {
        ("la_code_missing", None),
        ("swe_missing", "E2"),
        ("qual_inst_missing", "E2"),
        ("fte_zero_with_cases", "E2"),
        ("caseload_over_50", "E3"),
        ("leaver_no_reason", "E4"),
        ("leaver_no_destination", "E4"),
        ("agency_pqe_under_3_years", "AG1"),
        ("yoy_missing", "E5"),
        ("yoy_start_changed", "E1"),
        ("yoy_swing", None),
    }


def test_the_la_level_agency_figures_are_the_agency_workers_covering_vacancies(
    demo_db: Database,
) -> None:
    """The schema holds NoAgencyFTE inside LALevelVacancies: agency cover of vacancies, not every
    agency worker (on the demo 42.0 FTE / 42 of 46 agency workers cover vacancies)."""
    census = build_census(demo_db, 2025, "999")
    total = build_summary(demo_db, date(2025, 9, 30)).position.total
    assert (census.agency_fte, census.agency_headcount) == (
        round(total.agency_cover_fte, 2),
        total.agency_cover_headcount,
    )
    assert census.agency_fte < total.agency_fte
    assert total.agency_cover_headcount < total.agency_headcount
    assert return_figures(census).agency_fte == total.agency_fte
