"""The pressure and cohort services on a small hand-built store: team targets and service areas
come from the teams table, the latest count is used, unknown teams are refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cswork.services.cohorts import build_cohorts, cohorts_json
from cswork.services.pressure import (
    UnknownTeamError,
    build_pressure,
    pressure_json,
    pressure_trends,
)
from cswork.store import Database

AS_AT = date(2025, 9, 30)


@pytest.fixture
def store(db: Database) -> Database:
    with db.atomic():
        db.execute(
            "INSERT INTO teams (id, name, service_area, target_caseload, is_academy) VALUES "
            "(1, 'Front', 'Children in need', 20, 0), (2, 'Academy', 'Academy', NULL, 1), "
            "(3, 'Leaders', NULL, NULL, 0)"
        )
        db.execute(
            "INSERT INTO cohorts (id, name, start_date, planned_size) VALUES "
            "(1, 'Cohort 1', '2025-01-27', 2), (2, 'Cohort 2', '2026-01-26', 8)"
        )
        db.execute(
            "INSERT INTO workers (id, employee_ref, qualified_date, cohort_id) VALUES "
            "(1, 'E1', '2010-06-01', NULL), (2, 'E2', '2012-06-01', NULL), "
            "(3, 'N1', '2024-11-01', 1), (4, 'N2', '2024-11-01', 1), (5, 'M1', '2000-06-01', NULL)"
        )
        db.execute(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date, "
            "end_date, leaving_reason) VALUES "
            "(1, 1, 5, 'permanent', 1.0, '2019-04-01', NULL, NULL), "
            "(2, 1, 5, 'permanent', 0.5, '2019-04-01', NULL, NULL), "
            "(3, 2, 5, 'permanent', 1.0, '2025-01-27', NULL, NULL), "
            "(4, 2, 5, 'permanent', 1.0, '2025-01-27', '2025-05-31', 'resignation'), "
            "(5, 3, 2, 'permanent', 1.0, '2015-04-01', NULL, NULL)"
        )
        db.execute(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES "
            "(1, '2025-08-31', 'CIN', 30), "
            "(1, '2025-09-30', 'CIN', 18), (1, '2025-09-30', 'CP', 4), "
            "(2, '2025-09-30', 'CLA', 9), "
            "(3, '2025-09-30', 'CIN', 10), (3, '2025-09-30', 'CP', 3), "
            "(1, '2025-10-31', 'CIN', 99)"
        )
    return db


def test_pressure_uses_team_targets_and_service_areas(store: Database) -> None:
    report = build_pressure(store, AS_AT)
    assert report.count_date == AS_AT  # the October count is after the date
    front = next(t for t in report.teams if t.name == "Front")
    # Team target 20: E1 1.0 × 20 = 20, E2 0.5 × 20 = 10. Weighted: 18 + 4 × 1.5 = 24, and 9.
    assert front.capacity == pytest.approx(30)
    assert front.weighted_cases == pytest.approx(33)
    assert front.utilisation == pytest.approx(1.1)  # 33 / 30, exactly at the top of 100–110 %
    assert front.caseload == pytest.approx(31 / 1.5)  # (22 + 9) cases over 1.5 FTE
    # E1: 24 / 20 = 120 %, over; E2: 9 / 10 = 90 %.
    assert [w.worker_ref for w in report.over_capacity] == ["E1"]
    assert [a.name for a in report.service_areas] == ["Academy", "Children in need"]
    # N1, month 8 of the ASYE (27 Jan → 30 Sep), on the default target 18:
    # 18 × (0.6 + 0.3 × 8/11) = 14.727; 10 + 3 × 1.5 = 14.5 weighted → 98.5 %;
    # 13 cases > 12 → over the case limit; CP in month 8 is after the first 6 months.
    (check,) = report.nqsw_checks
    assert check.worker.worker_ref == "N1"
    assert [b.value for b in check.breaches] == ["over_case_limit"]
    data = pressure_json(report)
    assert data["total"]["utilisation"] == pytest.approx(
        100 * (33 + 14.5) / (30 + 14.727), abs=0.05
    )
    assert [p["as_at"] for p in data["trend"][0]["points"]] == ["2025-08-31", "2025-09-30"]


def test_unknown_team_is_refused_with_the_teams_listed(store: Database) -> None:
    with pytest.raises(
        UnknownTeamError, match="unknown team 'Back'; teams: Academy, Front, Leaders"
    ):
        build_pressure(store, AS_AT, "Back")


def test_team_filter_ignores_case(store: Database) -> None:
    report = build_pressure(store, AS_AT, "front")
    assert report.team == "Front"
    assert [t.name for t in report.teams] == ["Front"]
    assert report.total.name == "Front"
    assert report.nqsw_checks == ()


def test_cohort_report(store: Database) -> None:
    report = build_cohorts(store, AS_AT)
    (cohort,) = report.cohorts
    assert (cohort.starters, cohort.in_post, cohort.left, cohort.in_asye) == (2, 1, 1, 1)
    assert report.headline == "2 NQSWs have started the academy since January 2025."
    many = replace(report, cohorts=report.cohorts * 2500)
    assert many.headline.startswith(f"{many.starters:,} NQSWs")
    assert "," in many.headline.split()[0]
    assert [c.name for c in report.planned] == ["Cohort 2"]
    data = cohorts_json(report)
    # N2 left after 125 days (27 Jan → 31 May + 1): at 6 months (182 days) 1 of 2 remains.
    assert data["cohorts"][0]["retention"]["6"] == 50.0
    assert data["cohorts"][0]["at_risk"]["6"] == 1
    assert data["cohorts"][0]["retention"]["12"] is None
    assert data["cohorts"][0]["departures"] == [
        {"ref": "N2", "left_on": "2025-05-31", "reason": "resignation", "months_in_post": 4}
    ]


def test_empty_store(db: Database) -> None:
    pressure = build_pressure(db, AS_AT)
    assert pressure.count_date is None
    assert pressure.teams == ()
    cohorts = build_cohorts(db, AS_AT)
    assert cohorts.headline == "No academy cohort has started yet."
    assert cohorts.pooled.retention_at(6) is None


@pytest.mark.parametrize("as_at", [date(2025, 9, 30), date(2023, 3, 31), date(2021, 1, 15)])
def test_the_trends_alone_are_the_reports(demo_db: Database, as_at: date) -> None:
    """The share tables take the trends without the rest of the report: the same points."""
    trends = pressure_trends(demo_db, as_at)
    assert trends == build_pressure(demo_db, as_at).trends
    assert len(trends) > 2 and all(trend.points for trend in trends)


def test_no_counts_no_trends(store: Database) -> None:
    assert pressure_trends(store, date(2020, 1, 1)) == ()
