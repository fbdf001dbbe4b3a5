"""The census figures computed from an exported return equal those ``cswork summary`` shows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cswork.model.census import CensusReturn, census_date, return_figures
from cswork.model.census_build import LaLevel, build_return
from cswork.model.months import year_before
from cswork.model.position import funded_fte, latest_case_counts, workforce_position
from cswork.services.census import (
    CensusError,
    NoWorkersError,
    absent_at_census,
    build_census,
    check_census,
)
from cswork.services.summary import build_summary, figures_json
from cswork.store import Database, open_db
from cswork.store.caseloads import load_case_counts
from cswork.store.census import (
    load_absences,
    load_spell_origins,
    load_worker_details,
    stored_return,
)
from cswork.store.staff import load_establishment, load_role_spells

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


def reference_census(db: Database, year: int, la_code: str) -> CensusReturn:
    """The return as ``build_census`` built it before issue 18 (the LA-level figures from the whole
    workforce position, each worker's cases from the latest count's records): the oracle."""
    on = census_date(year)
    year_start = year_before(on)
    spells = load_role_spells(db, started_by=on, workers_in_post_since=year_start)
    counts = load_case_counts(db, on_or_before=on, latest_only=True)
    establishment = load_establishment(db)
    total = workforce_position(spells, establishment, counts, on).total
    la_level = LaLevel(total.vacancy_fte, total.agency_cover_fte, total.agency_cover_headcount)
    previous = stored_return(db, year)
    if not funded_fte(establishment, on) and previous is not None:
        la_level = LaLevel(previous.vacancy_fte, previous.agency_fte, previous.agency_headcount)
    return build_return(
        year,
        la_code,
        la_level,
        spells,
        load_spell_origins(db),
        load_worker_details(db, in_post_since=year_start),
        latest_case_counts(counts, on),
        load_absences(db, year_start + timedelta(days=1), on),
        absent_at_census(db, on),
    )


def _same_returns(db: Database, years: tuple[int, ...]) -> None:
    for year in years:
        got = build_census(db, year, "999")
        assert repr(got) == repr(reference_census(db, year, "999")), year


def test_the_return_is_what_the_whole_position_gave(demo_db: Database) -> None:
    _same_returns(demo_db, (2025, 2024, 2022))


def test_a_return_with_problems_is_what_the_whole_position_gave(census_problems_path: Path) -> None:
    store = open_db(census_problems_path, create=False)
    _same_returns(store, (2025,))
    store.close()


@pytest.mark.slow
def test_ten_times_the_demo_return_is_what_the_whole_position_gave(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _same_returns(store, (2025, 2023))
    store.close()
