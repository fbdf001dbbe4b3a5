"""The demo authority: deterministic, realistic, and consistent with an independent recomputation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cswork.demo import generate_demo
from cswork.services.summary import build_summary, summary_json
from cswork.store import Database, open_db

DEMO_SEED = 7
DEMO_AS_AT = date(2025, 9, 30)

AS_AT = DEMO_AS_AT.isoformat()


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: db.execute(f"SELECT * FROM [{table}] ORDER BY 1").fetchall()
        for table in db.table_names()
    }


def test_same_seed_and_date_give_an_identical_database(tmp_path: Path, demo_db: Database) -> None:
    again = open_db(tmp_path / "again.db")
    generate_demo(again, seed=DEMO_SEED, as_at=DEMO_AS_AT)
    assert _dump(again) == _dump(demo_db)


def test_another_seed_gives_another_authority(tmp_path: Path, demo_db: Database) -> None:
    other = open_db(tmp_path / "other.db")
    generate_demo(other, seed=DEMO_SEED + 1, as_at=DEMO_AS_AT)
    assert _dump(other)["role_spells"] != _dump(demo_db)["role_spells"]


def test_demo_refuses_a_database_with_data(demo_db: Database) -> None:
    with pytest.raises(ValueError, match="empty database"):
        generate_demo(demo_db, seed=1, as_at=DEMO_AS_AT)


def test_shape_of_the_authority(demo_db: Database) -> None:
    teams = [r[0] for r in demo_db.execute("SELECT service_area FROM teams")]
    assert 8 <= len(teams) <= 10
    for area in (
        "Front door",
        "Assessment",
        "Help and protection",
        "Children in care",
        "Disabled children",
        "Academy",
    ):
        assert area in teams
    la_heads = demo_db.execute(
        "SELECT COUNT(DISTINCT worker_id) FROM role_spells WHERE contract != 'agency' "
        "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
        (AS_AT, AS_AT),
    ).fetchone()[0]
    assert 260 <= la_heads <= 340
    refs = [r[0] for r in demo_db.execute("SELECT employee_ref FROM workers")]
    assert all(ref[:1] in {"E", "A"} and ref[-5:].isdigit() for ref in refs)
    assert (
        demo_db.execute(
            "SELECT COUNT(*) FROM workers WHERE display_name IS NOT NULL "
            "OR date_of_birth IS NOT NULL"
        ).fetchone()[0]
        == 0
    )


def test_academy_cohorts_twice_a_year_since_mid_2018(demo_db: Database) -> None:
    cohorts = demo_db.execute(
        "SELECT name, start_date, planned_size FROM cohorts ORDER BY start_date"
    ).fetchall()
    assert cohorts[0][1].startswith("2018-07")
    assert ("Cohort 7", "2021-01-25", 12) in cohorts
    # 6 to 14 start; a few more places were offered to those who did not take them up
    assert all(6 <= size <= 20 for _, _, size in cohorts)
    months = [start[:7] for _, start, _ in cohorts]
    assert months[:3] == ["2018-07", "2018-09", "2019-01"]  # then every January and July
    assert {m[5:] for m in months[2:]} == {"01", "07"}
    assert len(months) == len(set(months))
    planned = [c for c in cohorts if c[1] > AS_AT]
    assert len(planned) == 2
    started = demo_db.execute(
        "SELECT COUNT(*) FROM workers w JOIN cohorts c ON c.id = w.cohort_id"
    ).fetchone()[0]
    offered = sum(size for _, start, size in cohorts if start <= AS_AT)
    assert 0.04 < 1 - started / offered < 0.2  # academy no-shows, so calibration sees some


def test_five_years_of_monthly_history(demo_db: Database) -> None:
    months = demo_db.execute("SELECT COUNT(DISTINCT as_at) FROM caseloads").fetchone()[0]
    assert months >= 60
    demand_months = demo_db.execute("SELECT COUNT(DISTINCT month) FROM demand").fetchone()[0]
    assert demand_months >= 60


def test_demand_has_a_marked_surge(demo_db: Database) -> None:
    rows = demo_db.execute(
        "SELECT substr(month, 1, 4), AVG(value) FROM demand WHERE measure = 'referrals' "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    by_year = dict(rows)
    surge = by_year[str(DEMO_AS_AT.year - 3)]
    before = by_year[str(DEMO_AS_AT.year - 4)]
    assert surge > 1.3 * before


def test_summary_figures_are_plausible(demo_db: Database) -> None:
    figures = summary_json(build_summary(demo_db, DEMO_AS_AT))
    assert 5 <= figures["vacancy_rate"] <= 35
    assert 5 <= figures["agency_rate"] <= 35
    assert 5 <= figures["turnover_rate"] <= 30
    assert 10 <= figures["caseload"] <= 25
    assert 0 < figures["workers_over_capacity"] < figures["in_post_headcount"] / 2


def test_summary_agrees_with_an_independent_recomputation(demo_db: Database) -> None:
    """Recompute the headline figures straight from the rows with SQL, not through the model."""
    figures = summary_json(build_summary(demo_db, DEMO_AS_AT))
    in_post = "start_date <= :d AND (end_date IS NULL OR end_date >= :d)"
    la_fte = demo_db.execute(
        f"SELECT SUM(fte) FROM role_spells WHERE contract != 'agency' AND {in_post}", {"d": AS_AT}
    ).fetchone()[0]
    agency_fte = demo_db.execute(
        f"SELECT SUM(fte) FROM role_spells WHERE contract = 'agency' AND {in_post}", {"d": AS_AT}
    ).fetchone()[0]
    vacancy_fte = demo_db.execute(
        f"""
        WITH funded AS (
            SELECT team_id, org_role, funded_fte FROM establishment e
            WHERE effective_from = (SELECT MAX(effective_from) FROM establishment x
                WHERE x.team_id = e.team_id AND x.org_role = e.org_role AND effective_from <= :d)
        ), filled AS (
            SELECT team_id, org_role, SUM(fte) AS fte FROM role_spells
            WHERE contract != 'agency' AND {in_post} GROUP BY team_id, org_role
        )
        SELECT SUM(MAX(0, funded.funded_fte - COALESCE(filled.fte, 0))) FROM funded
        LEFT JOIN filled USING (team_id, org_role)
        """,
        {"d": AS_AT},
    ).fetchone()[0]
    assert figures["in_post_fte"] == pytest.approx(la_fte, abs=0.01)
    assert figures["agency_fte"] == pytest.approx(agency_fte, abs=0.01)
    assert figures["vacancy_fte"] == pytest.approx(vacancy_fte, abs=0.01)
    expected_rate = round(100 * vacancy_fte / (vacancy_fte + la_fte), 1)
    assert figures["vacancy_rate"] == pytest.approx(expected_rate, abs=0.05)
    cases, holders_fte = demo_db.execute(
        f"""
        SELECT SUM(c.total), SUM(s.fte) FROM
            (SELECT worker_id, SUM(cases) AS total FROM caseloads WHERE as_at = :d
             GROUP BY worker_id HAVING total > 0) c
        JOIN role_spells s ON s.worker_id = c.worker_id AND {in_post}
        """,
        {"d": AS_AT},
    ).fetchone()
    assert figures["caseload"] == pytest.approx(round(cases / holders_fte, 1), abs=0.05)


def test_history_is_there_at_an_earlier_date(demo_db: Database) -> None:
    figures = summary_json(build_summary(demo_db, date(2022, 3, 31)))
    assert figures["in_post_headcount"] > 200
    assert figures["turnover_rate"] is not None


def test_performance_indicators_have_targets_and_five_years_of_months(demo_db: Database) -> None:
    rows = demo_db.execute(
        "SELECT i.code, i.direction, COUNT(*), MIN(v.period), MAX(v.period), MIN(v.target), "
        "MAX(v.target) FROM indicators i JOIN indicator_values v ON v.indicator_id = i.id "
        "GROUP BY i.id ORDER BY i.id"
    ).fetchall()
    assert len(rows) == 8
    for _, direction, count, first, last, low, high in rows:
        assert direction in {"higher", "lower"}
        assert (count, first, last) == (60, "2020-10", "2025-09")
        assert low == high  # one target throughout
    values = demo_db.execute("SELECT MIN(value), MAX(value) FROM indicator_values").fetchone()
    assert values[0] >= 0 and values[1] <= 100


def test_demo_agency_rate_and_caseload_indicators_match_the_summary(demo_db: Database) -> None:
    figures = summary_json(build_summary(demo_db, DEMO_AS_AT))
    derived = dict(
        demo_db.execute(
            "SELECT i.code, v.value FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "
            "WHERE v.period = '2025-09' AND i.code IN ('agency-rate', 'caseload')"
        ).fetchall()
    )
    assert derived == {"agency-rate": figures["agency_rate"], "caseload": figures["caseload"]}


def test_demo_indicators_suffer_in_the_surge_year(demo_db: Database) -> None:
    def mean(code: str, year: int) -> float:
        return float(
            demo_db.execute(
                "SELECT AVG(v.value) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "
                "WHERE i.code = ? AND v.period LIKE ?",
                (code, f"{year}-%"),
            ).fetchone()[0]
        )

    surge = DEMO_AS_AT.year - 3
    assert mean("assessments-45-days", surge) < mean("assessments-45-days", surge - 1) - 5
    assert mean("re-referrals", surge) > mean("re-referrals", surge - 1) + 2


def test_money_and_the_agency_rules_in_the_demo(demo_db: Database) -> None:
    """Charges of about £38–£55 an hour, the region's caps with a few assignments over them, a few
    agency workers under three years' PQE, and one project team."""
    from cswork.services.money import agency_costs

    low, high = demo_db.execute(
        "SELECT MIN(agency_hourly_charge), MAX(agency_hourly_charge) FROM role_spells "
        "WHERE contract = 'agency'"
    ).fetchone()
    assert 38 <= low < 40 and 50 < high <= 55
    rules = agency_costs(demo_db, DEMO_AS_AT).compliance
    assert len(rules.caps_in_force) == 5
    assert 1 <= rules.caps.count <= 12
    assert rules.caps.unchecked == 0
    assert 2 <= len(rules.under_pqe) <= 5
    assert len({w.team for w in rules.project_teams}) == 1 and len(rules.project_teams) >= 2


def test_the_pipeline_in_the_demo(demo_db: Database) -> None:
    """Agency workers converting to permanent posts, a starter's route on every LA-employed start,
    and international recruits leaving sooner than experienced ones (issues 13 and 20)."""
    from cswork.model.routes import RecruitmentRoute, route_figures
    from cswork.services.projection import calibrate, load_projection_history
    from cswork.store.staff import load_role_spells

    spells = load_role_spells(demo_db)
    fit = calibrate(load_projection_history(demo_db), DEMO_AS_AT, 12)
    assert 0.02 < fit.agency_conversion_rate < 0.2 and 0.04 < fit.no_show_rate < 0.2
    figures = {f.route: f for f in route_figures(spells, DEMO_AS_AT)}
    assert None not in figures  # every start has its route recorded
    assert RecruitmentRoute.APPRENTICESHIP not in figures  # none yet: a scenario can plan some
    assert figures[RecruitmentRoute.AGENCY_CONVERSION].starters >= 8
    assert figures[RecruitmentRoute.STEP_UP].starters >= 5
    international = figures[RecruitmentRoute.INTERNATIONAL].retention_at(12)
    experienced = figures[RecruitmentRoute.EXPERIENCED].retention_at(12)
    assert international is not None and experienced is not None
    assert international < experienced - 0.1


@pytest.mark.parametrize("history", ["steady", "shrinking", "agency-reduction"])
def test_other_histories_tell_other_stories(tmp_path: Path, history: str) -> None:
    """Same seed, another history: the shrinking authority ends with fewer in post than the steady
    one, and the agency-reduction drive ends with less agency cover."""
    store = open_db(tmp_path / f"{history}.db")
    generate_demo(store, seed=3, as_at=date(2025, 9, 30), history=history)
    total = build_summary(store, date(2025, 9, 30)).position.total
    store.close()
    steady = tmp_path / "steady-reference.db"
    reference = open_db(steady)
    generate_demo(reference, seed=3, as_at=date(2025, 9, 30), history="steady")
    base = build_summary(reference, date(2025, 9, 30)).position.total
    reference.close()
    if history == "shrinking":
        assert total.in_post_fte < base.in_post_fte - 20
    if history == "agency-reduction":
        assert total.agency_fte < 0.6 * base.agency_fte
    if history == "steady":
        assert total == base


def test_an_unknown_history_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="unknown demo history 'boom'"):
        generate_demo(db, seed=1, as_at=date(2025, 9, 30), history="boom")
