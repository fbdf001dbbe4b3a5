"""``summary --json`` and ``pressure --json`` are what the straightforward code gave, at any scale.

Both reports were rebuilt for regional scale (issue 18): the summary counts workers over capacity
once instead of once per team, and the pressure trend is worked out month by month in numpy
instead of worker by worker. The code they replaced is kept here, unchanged, as the oracle: the
reports' JSON must equal it on the demo, on ten times the demo, and on a demo with settings,
targets and counts chosen to stress rounding, band boundaries and the choice of each month's count.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.model.absence import absent_on, group_absence
from cswork.model.position import workforce_position
from cswork.model.pressure import PressureCalculator, worker_pressures
from cswork.model.protection import nqsw_checks
from cswork.model.settings import Settings
from cswork.model.team_pressure import (
    PressureTrend,
    TrendPoint,
    by_service_area,
    by_team,
    over_capacity,
    roll_up,
    unmeasurable,
)
from cswork.model.workforce import CaseCount, RoleSpell
from cswork.reference import england_as_at
from cswork.services.pressure import TOTAL, PressureReport, build_pressure, pressure_json
from cswork.services.summary import build_summary, figures_json, summary_json
from cswork.store import Database, open_db
from cswork.store.absence import load_absence_book
from cswork.store.caseloads import load_case_counts
from cswork.store.settings import load_settings, set_setting
from cswork.store.staff import cohort_starts, load_establishment, load_role_spells
from cswork.store.teams import list_teams, team_targets
from tests.conftest import DEMO_AS_AT

# --- The oracle: the code the reports used before issue 18, unchanged. -------------------------


def reference_trends(
    spells: Sequence[RoleSpell],
    case_counts: Iterable[CaseCount],
    settings: Settings,
    team_targets: Mapping[str, float] | None = None,
    cohort_starts: Mapping[str, date] | None = None,
    *,
    total_name: str = "All teams",
) -> list[PressureTrend]:
    """Each team's pressure at each month's latest count, worker by worker."""
    by_date: dict[date, list[CaseCount]] = defaultdict(list)
    for count in case_counts:
        by_date[count.as_at].append(count)
    month_latest: dict[tuple[int, int], date] = {}
    for on in by_date:
        key = (on.year, on.month)
        month_latest[key] = max(on, month_latest.get(key, on))
    calculator = PressureCalculator(spells, settings, team_targets, cohort_starts)
    points: dict[str, list[TrendPoint]] = defaultdict(list)
    for on in sorted(month_latest.values()):
        workers = calculator.at(on, by_date[on])
        for group in by_team(workers):
            points[group.name].append(TrendPoint(on, group))
        points[total_name].append(TrendPoint(on, roll_up(total_name, workers)))
    teams = sorted(name for name in points if name != total_name)
    return [PressureTrend(name, tuple(points[name])) for name in [*teams, total_name]]


def reference_pressure_json(db: Database, as_at: date, team: str | None = None) -> dict[str, Any]:
    """``pressure --json`` as it was computed before."""
    settings = load_settings(db)
    spells = load_role_spells(db, started_by=as_at)
    counts = load_case_counts(db, on_or_before=as_at)
    targets, starts = team_targets(db), cohort_starts(db)
    count_date = max((c.as_at for c in counts), default=None)
    latest = [c for c in counts if c.as_at == count_date]
    workers = worker_pressures(spells, latest, as_at, settings, targets, starts)
    if team is not None:
        workers = [w for w in workers if w.team == team]
    areas = {t.name: t.service_area for t in list_teams(db)}
    trends = reference_trends(spells, counts, settings, targets, starts, total_name=TOTAL)
    if team is not None:
        trends = [t for t in trends if t.name == team]
    # capacity lost to absence: each worker's share, summed by team (no shortcut to check)
    book = load_absence_book(db, settings.number("working_days_per_year"))
    shares = book.lost_shares({w.worker_ref: w.fte for w in workers}, as_at)
    absent = absent_on(book.long_term, as_at)
    teams = sorted({w.team for w in workers})
    absence = [group_absence(t, [w for w in workers if w.team == t], shares, absent) for t in teams]
    report = PressureReport(
        as_at=as_at,
        count_date=count_date,
        team=team,
        settings=settings,
        total=roll_up(team or TOTAL, workers),
        teams=tuple(by_team(workers)),
        service_areas=() if team else tuple(by_service_area(workers, areas)),
        workers=tuple(workers),
        over_capacity=tuple(over_capacity(workers)),
        unmeasurable=tuple(unmeasurable(workers)),
        nqsw_checks=tuple(nqsw_checks(workers, settings)),
        trends=tuple(trends),
        absence_total=None if book.empty else group_absence(team or TOTAL, workers, shares, absent),
        absence=() if book.empty or team is not None else tuple(absence),
    )
    return pressure_json(report)


def reference_summary_json(db: Database, as_at: date) -> dict[str, Any]:
    """``summary --json`` as it was computed before."""
    spells = load_role_spells(db, started_by=as_at)
    counts = load_case_counts(db, on_or_before=as_at, latest_only=True)
    position = workforce_position(spells, load_establishment(db), counts, as_at)
    pressures = worker_pressures(
        spells, counts, as_at, load_settings(db), team_targets(db), cohort_starts(db)
    )
    england = england_as_at(as_at)
    return {
        "as_at": position.as_at.isoformat(),
        **figures_json(position.total),
        "workers_over_capacity": sum(1 for p in pressures if p.over_capacity),
        "teams": [
            {
                "team": name,
                **figures_json(figures),
                "workers_over_capacity": sum(
                    1 for p in pressures if p.over_capacity and p.team == name
                ),
            }
            for name, figures in position.teams.items()
        ],
        "england": None
        if england is None
        else {
            "year": england.year,
            "vacancy_rate": england.vacancy_rate,
            "agency_rate": england.agency_rate,
            "turnover_rate": england.turnover_rate,
            "caseload": england.caseload,
        },
    }


# --- The comparisons. ----------------------------------------------------------------------------

DATES = (DEMO_AS_AT, date(2023, 3, 15), date(2020, 11, 30))


def _assert_same(db: Database, as_at: date, team: str | None = None) -> None:
    expected = reference_pressure_json(db, as_at, team)
    assert pressure_json(build_pressure(db, as_at, team)) == expected
    if team is None:
        assert summary_json(build_summary(db, as_at)) == reference_summary_json(db, as_at)


@pytest.mark.parametrize("as_at", DATES)
def test_the_demo_gives_what_it_gave(demo_db: Database, as_at: date) -> None:
    _assert_same(demo_db, as_at)


@pytest.mark.slow
def test_ten_times_the_demo_gives_what_it_gave(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _assert_same(store, DEMO_AS_AT)
    _assert_same(store, DEMO_AS_AT, team="Care Leavers (area 7)")
    store.close()


@pytest.fixture
def stressed(tmp_path: Path, demo_path: Path) -> Database:
    """The demo with weights that are not binary fractions, team targets, a two-year programme,
    a mid-month count superseded by the month end, counts of workers not yet in post, and one
    worker holding two concurrent roles of equal FTE."""
    path = tmp_path / "stressed.db"
    path.write_bytes(demo_path.read_bytes())
    store = open_db(path, create=False)
    for key, value in {
        "weight.CIN": "1.1",
        "weight.CP": "1.3",
        "weight.CL": "0.7",
        "weight.ASSESSMENT": "0.9",
        "target_caseload": "17.3",
        "nqsw_factor_start": "0.55",
        "nqsw_factor_end": "0.85",
        "asye_months": "24",
    }.items():
        set_setting(store, key, value)
    with store.atomic():
        store.execute("UPDATE teams SET target_caseload = 16.7 WHERE name LIKE 'Assessment%'")
        store.execute(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
            "SELECT worker_id, '2024-06-14', case_type, cases + 3 FROM caseloads "
            "WHERE as_at = '2024-06-30'"
        )
        store.execute(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
            "SELECT id, '2025-09-30', 'CIN', 4 FROM workers WHERE id NOT IN "
            "(SELECT worker_id FROM role_spells WHERE start_date <= '2025-09-30') LIMIT 5"
        )
        worker, team = store.execute(
            "SELECT worker_id, team_id FROM role_spells WHERE end_date IS NULL AND org_role = 5 "
            "ORDER BY id LIMIT 1"
        ).fetchone()
        store.execute(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date) "
            "SELECT ?, (SELECT MAX(id) FROM teams), 4, 'permanent', fte, '2024-01-08' "
            "FROM role_spells WHERE worker_id = ? AND end_date IS NULL",
            (worker, worker),
        )
        assert team
    return store


@pytest.mark.parametrize("as_at", DATES)
def test_stressed_settings_and_counts_give_what_they_gave(stressed: Database, as_at: date) -> None:
    _assert_same(stressed, as_at)


def _assert_recent_points(db: Database, as_at: date, points: int, team: str | None = None) -> None:
    """The screen's report (each team's latest points only) is the full report cut short."""
    full = build_pressure(db, as_at, team)
    recent = build_pressure(db, as_at, team, recent_points=points)
    assert recent.workers == full.workers
    assert recent.teams == full.teams
    assert [t.name for t in recent.trends] == [t.name for t in full.trends]
    for short, whole in zip(recent.trends, full.trends, strict=True):
        assert short.points == whole.points[-points:]


@pytest.mark.parametrize("as_at", DATES)
def test_recent_points_are_the_last_of_the_whole_trend(demo_db: Database, as_at: date) -> None:
    _assert_recent_points(demo_db, as_at, 12)
    _assert_recent_points(demo_db, as_at, 3, team="Assessment 1")


def test_a_team_short_of_points_is_looked_for_further_back(tmp_path: Path, demo_path: Path) -> None:
    """A team in post for three recent months and for two months long ago, with a gap between
    (each worker there full time and more, so that it is their primary post):
    its twelve points reach back past the gap, to the start of the history."""
    path = tmp_path / "gap.db"
    path.write_bytes(demo_path.read_bytes())
    store = open_db(path, create=False)
    with store.atomic():
        store.execute("INSERT INTO teams (name, service_area) VALUES ('Pop-up Team', 'Pop-up')")
        team = store.execute("SELECT id FROM teams WHERE name = 'Pop-up Team'").fetchone()[0]
        workers = [r[0] for r in store.execute("SELECT id FROM workers ORDER BY id LIMIT 2")]
        for worker, start, end in (
            (workers[0], "2021-02-01", "2021-03-31"),
            (workers[1], "2025-07-01", None),
        ):
            store.execute(
                "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date,"
                " end_date) VALUES (?, ?, 4, 'permanent', 1.5, ?, ?)",
                (worker, team, start, end),
            )
    report = build_pressure(store, DEMO_AS_AT, recent_points=12)
    popup = report.trend_of("Pop-up Team")
    assert popup is not None
    assert [p.on.isoformat()[:7] for p in popup.points] == [
        "2021-02",
        "2021-03",
        "2025-07",
        "2025-08",
        "2025-09",
    ]
    _assert_recent_points(store, DEMO_AS_AT, 12)
    store.close()


def test_the_command_prints_what_it_printed(demo_path: Path) -> None:
    runner = CliRunner()
    args = ["--db", str(demo_path), "--as-at", "2025-09-30", "--json"]
    printed = runner.invoke(app, ["pressure", *args])
    assert printed.exit_code == 0, printed.output
    store = open_db(demo_path, create=False)
    expected = reference_pressure_json(store, DEMO_AS_AT)
    assert printed.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    printed = runner.invoke(app, ["summary", *args])
    assert printed.stdout == (
        json.dumps(reference_summary_json(store, DEMO_AS_AT), indent=2, ensure_ascii=False) + "\n"
    )
    store.close()


def test_the_projections_counts_are_the_stores(demo_db: Database) -> None:
    from cswork.services.projection import load_projection_history

    history = load_projection_history(demo_db)
    expected: dict[date, dict[str, float]] = defaultdict(dict)
    for on, case_type, cases in demo_db.execute(
        "SELECT as_at, case_type, SUM(cases) FROM caseloads GROUP BY as_at, case_type"
    ):
        expected[date.fromisoformat(on)][case_type] = float(cases)
    assert history.cases_by_date == expected
    assert [list(t) for t in history.cases_by_date.values()] == [list(t) for t in expected.values()]
    for on in (DEMO_AS_AT, date(2023, 3, 15), date(2018, 1, 1)):
        counts = load_case_counts(demo_db, on_or_before=on, latest_only=True)
        assert history.counts.on_or_before(on) == counts
