"""The demo's continuity of social worker: sensible, consistent with its caseloads and leavers."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from cswork.demo.allocations import _FLOW, allocation_history
from cswork.demo.authority import TEAMS
from cswork.model.continuity import combine
from cswork.services.continuity import TREND_MONTHS, build_continuity
from cswork.services.database import Database
from cswork.store.caseloads import load_case_counts
from cswork.store.continuity import load_continuity
from tests.conftest import DEMO_AS_AT


def test_every_team_holding_cases_allocates_children() -> None:
    assert set(_FLOW) == {t.name for t in TEAMS if t.case_mix}


def test_the_share_with_three_or_more_workers_is_what_authorities_see(demo_db: Database) -> None:
    report = build_continuity(demo_db, DEMO_AS_AT)
    assert report.month_end == DEMO_AS_AT
    assert len(report.trend) == TREND_MONTHS
    for point in report.trend:
        assert point.three_plus_share is not None
        assert 0.10 <= point.three_plus_share <= 0.25, point
    assert report.total == combine("All teams", report.teams, DEMO_AS_AT)
    assert report.year_earlier is not None


def test_children_held_match_the_caseload_counts(demo_db: Database) -> None:
    """Each team holds about as many children at a month end as its workers' counted cases."""
    counted: dict[str, int] = defaultdict(int)
    teams = dict(
        demo_db.execute(
            "SELECT w.employee_ref, t.name FROM role_spells s JOIN workers w ON w.id = s.worker_id "
            "JOIN teams t ON t.id = s.team_id WHERE s.start_date <= ? AND "
            "(s.end_date IS NULL OR s.end_date >= ?)",
            (DEMO_AS_AT.isoformat(), DEMO_AS_AT.isoformat()),
        ).fetchall()
    )
    for count in load_case_counts(demo_db, on_or_before=DEMO_AS_AT, latest_only=True):
        counted[teams[count.worker_ref]] += count.cases
    for row in load_continuity(demo_db):
        if row.month_end == DEMO_AS_AT:
            assert abs(row.children - counted[row.team]) <= 0.15 * counted[row.team], row


def test_long_term_teams_see_more_changes_than_the_front_door(demo_db: Database) -> None:
    shares = {r.team: r.three_plus_share for r in build_continuity(demo_db, DEMO_AS_AT).teams}
    front_door = max(
        shares[t] or 0 for t in ("MASH and Front Door", "Assessment 1", "Assessment 2")
    )
    for team in ("Help and Protection North", "Help and Protection South", "Children in Care"):
        assert (shares[team] or 0) > 5 * front_door, (team, shares)


def test_children_whose_worker_left_follow_the_teams_leavers(demo_db: Database) -> None:
    """Teams that lost more case holders in the year have more children whose worker left."""
    year_start = DEMO_AS_AT.replace(year=DEMO_AS_AT.year - 1).isoformat()
    leavers: dict[str, int] = defaultdict(int)
    for team, last_day in demo_db.execute(
        "SELECT t.name, MAX(s.end_date) FROM role_spells s JOIN teams t ON t.id = s.team_id "
        "WHERE s.org_role IN (4, 5) GROUP BY s.worker_id HAVING SUM(s.end_date IS NULL) = 0"
    ):
        if year_start < last_day <= DEMO_AS_AT.isoformat():
            leavers[team] += 1
    rows = build_continuity(demo_db, DEMO_AS_AT).teams
    lost = np.array([leavers[r.team] for r in rows])
    left = np.array([r.worker_left for r in rows])
    assert np.corrcoef(lost, left)[0, 1] > 0.3
    assert all(r.worker_left == 0 for r in rows if leavers[r.team] == 0)


def test_the_history_is_the_same_for_the_same_seed() -> None:
    from cswork.demo.activity import caseload_rows
    from cswork.demo.shapes import SHAPES
    from cswork.demo.workforce import simulate_workforce
    from cswork.model.settings import Settings

    def history() -> list[object]:
        rng = np.random.default_rng(3)
        start = DEMO_AS_AT.replace(year=DEMO_AS_AT.year - 5)
        shape = SHAPES["steady"]
        workforce = simulate_workforce(
            rng, start, DEMO_AS_AT, None, shape, np.random.default_rng(4)
        )
        cases = list(caseload_rows(rng, workforce, 30, DEMO_AS_AT, None, Settings()))
        allocations, _ = allocation_history(np.random.default_rng(5), workforce, cases, DEMO_AS_AT)
        return list(allocations)

    assert history() == history()
