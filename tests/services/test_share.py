"""The tables for outside readers hold the figures the CLI's ``--json`` prints, at the same date."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.services.share import DESCRIPTIONS, HISTORY_MONTHS, refresh_share_tables
from cswork.store import open_db
from tests.conftest import DEMO_AS_AT

runner = CliRunner()
AS_AT = DEMO_AS_AT.isoformat()
#: A month end well inside the demo's history.
EARLIER = "2024-03-31"


def _clock() -> datetime:
    return datetime(2025, 10, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, demo_path: Path) -> Path:
    """A copy of the demo authority with its share tables written as at the demo's date."""
    path = tmp_path_factory.mktemp("share") / "demo.db"
    shutil.copy(demo_path, path)
    store = open_db(path, create=False)
    assert refresh_share_tables(store, today=DEMO_AS_AT, clock=_clock) == DEMO_AS_AT
    store.close()
    return path


@pytest.fixture
def conn(shared: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, as an outside reader would have."""
    connection = sqlite3.connect(shared)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def _rows(conn: sqlite3.Connection, sql: str, *args: object) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, args)]


def _cli(path: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


WORKFORCE_KEYS = {
    "in_post_fte": "in_post_fte",
    "in_post_headcount": "in_post_headcount",
    "agency_fte": "agency_fte",
    "agency_headcount": "agency_headcount",
    "establishment_fte": "establishment_fte",
    "vacancy_fte": "vacancy_fte",
    "leavers_fte": "leavers_fte",
    "starters_fte": "starters_fte",
    "vacancy_rate_pct": "vacancy_rate",
    "agency_rate_pct": "agency_rate",
    "turnover_rate_pct": "turnover_rate",
    "agency_cover_rate_pct": "agency_cover_rate",
    "cases": "cases",
    "case_holders_fte": "case_holders_fte",
    "caseload": "caseload",
    "workers_over_capacity": "workers_over_capacity",
}


@pytest.mark.parametrize("when", [AS_AT, EARLIER])
def test_workforce_by_month_is_the_summary_at_that_date(
    shared: Path, conn: sqlite3.Connection, when: str
) -> None:
    summary = _cli(shared, "summary", "--as-at", when)
    rows = {
        r["team"]: r
        for r in _rows(conn, "SELECT * FROM share_workforce_by_month WHERE as_at = ?", when)
    }
    expected = {"All teams": summary} | {team["team"]: team for team in summary["teams"]}
    assert set(rows) == set(expected)
    for team, row in rows.items():
        assert row["month"] == when[:7]
        assert {col: row[col] for col in WORKFORCE_KEYS} == {
            col: expected[team][key] for col, key in WORKFORCE_KEYS.items()
        }, team


def test_workforce_history_is_monthly_and_ends_at_the_as_at_date(conn: sqlite3.Connection) -> None:
    dates = [
        r["as_at"]
        for r in _rows(conn, "SELECT DISTINCT as_at FROM share_workforce_by_month ORDER BY as_at")
    ]
    assert dates[-1] == AS_AT
    assert len(dates) == HISTORY_MONTHS
    assert len({d[:7] for d in dates}) == len(dates)
    assert "2025-08-31" in dates and "2021-10-31" in dates


def test_team_pressure_by_month_is_the_pressure_report(
    shared: Path, conn: sqlite3.Connection
) -> None:
    report = _cli(shared, "pressure", "--as-at", AS_AT)
    count_date = report["count_date"]
    rows = {
        r["team"]: r
        for r in _rows(
            conn, "SELECT * FROM share_team_pressure_by_month WHERE count_date = ?", count_date
        )
    }
    expected = {g["team"]: g for g in [*report["teams"], report["total"]]}
    assert set(rows) == set(expected)
    for team, row in rows.items():
        group = expected[team]
        assert row["utilisation_pct"] == group["utilisation"]
        for key in ("case_holders", "case_holding_fte", "cases", "caseload", "weighted_cases",
                    "weighted_caseload", "capacity", "workers_over_capacity"):  # fmt: skip
            assert row[key] == group[key], (team, key)
        assert row["workers_without_capacity"] == group["unmeasurable"]
        bands = [row["workers_under_85_pct"], row["workers_85_to_100_pct"],
                 row["workers_100_to_110_pct"], row["workers_over_110_pct"]]  # fmt: skip
        assert bands == list(group["band_counts"].values())
    # every point of every team's trend is a row, with the same figures
    points = [(t["team"], p) for t in report["trend"] for p in t["points"]]
    table = {
        (r["team"], r["count_date"]): r
        for r in _rows(conn, "SELECT * FROM share_team_pressure_by_month")
    }
    assert len(table) == len(points)
    for team, point in points:
        row = table[(team, point["as_at"])]
        assert (row["utilisation_pct"], row["caseload"], row["workers_over_capacity"]) == (
            point["utilisation"],
            point["caseload"],
            point["workers_over_capacity"],
        )


def test_cohort_outcomes_and_retention_are_the_cohort_report(
    shared: Path, conn: sqlite3.Connection
) -> None:
    report = _cli(shared, "cohorts", "--as-at", AS_AT)
    rows = {r["cohort"]: r for r in _rows(conn, "SELECT * FROM share_cohort_outcomes")}
    started = [*report["cohorts"], {"cohort": "All cohorts", **report["totals"]}]
    assert set(rows) == {c["cohort"] for c in started} | {c["cohort"] for c in report["planned"]}
    for cohort in started:
        row = rows[cohort["cohort"]]
        assert row["status"] == "started" and row["as_at"] == AS_AT
        assert row["left_service"] == cohort["left"]
        for key in ("starters", "in_post", "completed_asye", "in_asye", "progressed"):
            assert row[key] == cohort[key], (cohort["cohort"], key)
        retention = {
            str(r["months"]): (r["retention_pct"], r["at_risk"])
            for r in _rows(
                conn, "SELECT * FROM share_cohort_retention WHERE cohort = ?", cohort["cohort"]
            )
        }
        assert retention == {
            months: (cohort["retention"][months], cohort["at_risk"][months])
            for months in cohort["retention"]
        }
    for planned in report["planned"]:
        row = rows[planned["cohort"]]
        assert (row["status"], row["start_date"], row["planned_size"], row["starters"]) == (
            "planned",
            planned["start_date"],
            planned["planned_size"],
            None,
        )


@pytest.mark.parametrize("month", ["2025-09", "2023-06"])
def test_demand_by_month_is_the_demand_report(
    shared: Path, conn: sqlite3.Connection, month: str
) -> None:
    report = _cli(shared, "demand", "--as-at", month)
    rows = {
        r["measure_code"]: r
        for r in _rows(conn, "SELECT * FROM share_demand_by_month WHERE month = ?", month)
    }
    assert set(rows) == {m["measure"] for m in report["measures"]}
    for measure in report["measures"]:
        row = rows[measure["measure"]]
        assert (
            row["measure"],
            row["value"],
            row["year_earlier_month"],
            row["year_earlier_value"],
        ) == (measure["label"], measure["value"], measure["base_month"], measure["base_value"])
        assert row["change_on_year_pct"] == measure["change_pct"]
        assert row["rolling_12_mean"] == measure["rolling_12_mean"]
        assert row["rolling_12_change_on_year_pct"] == measure["rolling_12_change_pct"]
        assert row["change_sentence"] == measure["sentence"]


def test_indicators_are_the_indicator_report(shared: Path, conn: sqlite3.Connection) -> None:
    report = _cli(shared, "indicators")
    latest = {
        r["indicator_code"]: r
        for r in _rows(conn, "SELECT * FROM share_indicators WHERE latest = 1")
    }
    assert set(latest) == {i["code"] for i in report["indicators"]}
    for indicator in report["indicators"]:
        row = latest[indicator["code"]]
        assert (row["indicator"], row["better_when"], row["unit"], row["period"]) == (
            indicator["definition"],
            indicator["direction"],
            indicator["unit"],
            indicator["period"],
        )
        assert (row["value"], row["target"], row["rag"], row["trend"]) == (
            indicator["value"],
            indicator["target"],
            indicator["rag"],
            indicator["trend"],
        )
        periods = [
            r["period"]
            for r in _rows(
                conn,
                "SELECT period FROM share_indicators WHERE indicator_code = ? ORDER BY period",
                indicator["code"],
            )
        ]
        assert periods == [h["period"] for h in indicator["history"]]
    # an earlier period is judged against its own target
    assert {r["rag"] for r in _rows(conn, "SELECT rag FROM share_indicators WHERE latest = 0")} >= {
        "green",
        "red",
    }


def test_about_lists_every_table_with_its_date(conn: sqlite3.Connection) -> None:
    about = {r["table_name"]: r for r in _rows(conn, "SELECT * FROM share_about")}
    assert set(about) == set(DESCRIPTIONS)
    assert about["share_workforce_by_month"]["as_at"] == AS_AT
    assert about["share_import_log"]["as_at"] is None
    assert {r["refreshed_at"] for r in about.values()} == {"2025-10-01T09:30:00+00:00"}


def test_no_worker_reference_or_personal_column_is_shared(conn: sqlite3.Connection) -> None:
    refs = {r[0] for r in conn.execute("SELECT employee_ref FROM workers")}
    assert len(refs) > 100
    for table in DESCRIPTIONS:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
        assert not {"ref", "worker_ref", "employee_ref", "name", "swe_number"} & set(columns)
        for row in conn.execute(f"SELECT * FROM [{table}]"):
            assert not refs & {value for value in row if isinstance(value, str)}, table


STAFF = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date\n"


def _count(path: Path, sql: str) -> Any:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchone()[0]


def test_imports_undo_and_settings_refresh_the_tables(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    hr = tmp_path / "hr.csv"
    hr.write_text(
        STAFF
        + "E1,North,Social Worker,Perm,1,2021-01-01\nE2,North,Social Worker,Agency,1,2022-01-01\n"
    )
    assert runner.invoke(app, ["import", "staff", str(hr), "--db", str(db)]).exit_code == 0
    summary = _cli(db, "summary")
    today = summary["as_at"]  # the latest date the data reaches, as every command defaults to
    in_post = (
        "SELECT in_post_fte FROM share_workforce_by_month WHERE team = 'North' AND as_at = '{}'"
    )
    assert _count(db, in_post.format(today)) == 1.0
    assert _count(db, "SELECT COUNT(*) FROM share_import_log WHERE outcome = 'ok'") == 1
    summary = _cli(db, "summary")
    assert (
        _count(
            db,
            f"SELECT agency_rate_pct FROM share_workforce_by_month WHERE team = 'All teams' AND as_at = '{today}'",
        )
        == summary["agency_rate"]
    )

    bad = tmp_path / "bad.csv"
    bad.write_text(STAFF + "E3,North,Social Worker,Perm,7,2021-01-01\n")
    assert runner.invoke(app, ["import", "staff", str(bad), "--db", str(db)]).exit_code == 1
    assert _count(db, "SELECT COUNT(*) FROM share_import_log WHERE outcome = 'failed'") == 1
    dry = runner.invoke(app, ["import", "staff", str(hr), "--db", str(db), "--dry-run"])
    assert dry.exit_code == 0
    assert _count(db, "SELECT COUNT(*) FROM share_import_log") == 2

    undone = runner.invoke(app, ["imports", "undo", "1", "--db", str(db), "--yes"])
    assert undone.exit_code == 0
    assert _count(db, "SELECT COUNT(*) FROM share_workforce_by_month") == 0
    assert _count(db, "SELECT outcome FROM share_import_log WHERE import_id = 1") == "undone"
    logged = _cli(db, "imports")
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        shared = [
            dict(r)
            for r in connection.execute("SELECT * FROM share_import_log ORDER BY import_id DESC")
        ]
    assert len(shared) == len(logged) == 2
    for row, record in zip(shared, logged, strict=True):
        assert row["import_id"] == record["id"]
        for key in ("kind", "file_name", "sha256", "outcome", "rows_read", "rows_added",
                    "rows_changed", "rows_closed", "rows_skipped", "started_at", "finished_at",
                    "message"):  # fmt: skip
            assert row[key] == record[key], key


def test_a_settings_change_changes_the_pressure_figures(tmp_path: Path, demo_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(demo_path, path)
    utilisation = "SELECT utilisation_pct FROM share_team_pressure_by_month WHERE team = 'All teams' ORDER BY count_date DESC LIMIT 1"
    store = open_db(path, create=False)
    refresh_share_tables(store, today=DEMO_AS_AT)
    store.close()
    before = _count(path, utilisation)
    assert (
        runner.invoke(
            app, ["settings", "set", "target_caseload", "24", "--db", str(path)]
        ).exit_code
        == 0
    )
    after = _count(path, utilisation)
    assert after < before
    assert after == _cli(path, "pressure", "--as-at", AS_AT)["total"]["utilisation"]


@pytest.mark.parametrize("as_at", [AS_AT, EARLIER.replace("03-31", "12-31")])
def test_continuity_is_what_continuity_json_prints(
    conn: sqlite3.Connection, shared: Path, as_at: str
) -> None:
    data = _cli(shared, "continuity", "--as-at", as_at)
    rows = _rows(
        conn,
        "SELECT * FROM share_continuity_by_month WHERE month_end = ? ORDER BY team = 'All teams', "
        "team",
        data["month_end"],
    )
    assert rows == [*data["teams"], data["total"]]
    months = _rows(conn, "SELECT DISTINCT month_end FROM share_continuity_by_month")
    assert len(months) == 14  # the demo's month ends from August 2024 to September 2025


def test_continuity_rows_follow_an_allocations_import_and_its_undo(tmp_path: Path) -> None:
    from tests.importers.test_allocations import STAFF, _history_csv

    path = tmp_path / "c.db"
    staff, history = tmp_path / "staff.csv", tmp_path / "alloc.csv"
    staff.write_text(STAFF, encoding="utf-8")
    history.write_text(_history_csv(), encoding="utf-8")
    for args in (["import", "staff", str(staff)], ["import", "allocations", str(history)]):
        assert runner.invoke(app, [*args, "--db", str(path)]).exit_code == 0
    connection = sqlite3.connect(path)
    try:
        count = "SELECT COUNT(*) FROM share_continuity_by_month WHERE team = 'All teams'"
        assert connection.execute(count).fetchone()[0] > 0
        total = connection.execute(
            "SELECT children, three_plus, three_plus_pct FROM share_continuity_by_month "
            "WHERE team = 'All teams' AND month_end = '2025-01-31'"
        ).fetchone()
        assert total == (8, 2, 25.0)  # tests/model/test_continuity
        result = runner.invoke(app, ["imports", "undo", "2", "--yes", "--db", str(path)])
        assert result.exit_code == 0, result.output
        assert connection.execute(count).fetchone()[0] == 0
    finally:
        connection.close()
