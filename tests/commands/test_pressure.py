"""``cswork pressure`` and ``cswork cohorts`` through the command line, on the demo authority."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()
AS_AT = "2025-09-30"

TEAM_KEYS = {
    "team",
    "case_holding_fte",
    "cases",
    "caseload",
    "weighted_caseload",
    "capacity",
    "utilisation",
    "band_counts",
}
COHORT_KEYS = {
    "cohort",
    "start_date",
    "starters",
    "in_post",
    "left",
    "completed_asye",
    "retention",
}


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def pressure(demo_path: Path) -> dict[str, Any]:
    return run_json("pressure", "--db", str(demo_path), "--as-at", AS_AT)


@pytest.fixture(scope="module")
def cohorts(demo_path: Path) -> dict[str, Any]:
    return run_json("cohorts", "--db", str(demo_path), "--as-at", AS_AT)


def test_pressure_json_has_the_documented_keys(pressure: dict[str, Any]) -> None:
    assert pressure["as_at"] == AS_AT
    assert pressure["count_date"] == AS_AT
    for team in pressure["teams"]:
        assert set(team) >= TEAM_KEYS
        assert set(team["band_counts"]) == {"<85%", "85-100%", "100-110%", ">110%"}
    over = pressure["workers_over_capacity"]
    assert over
    assert set(over[0]) >= {"ref", "team", "utilisation", "in_asye"}
    assert all(worker["utilisation"] > 100 for worker in over)


def test_demo_pressure_is_plausible(pressure: dict[str, Any]) -> None:
    teams = {team["team"]: team for team in pressure["teams"]}
    assert "Service Leadership" not in teams  # managers only: no cases, no capacity
    assert len(teams) == 9
    # Some teams near or over capacity, none absurd; caseloads in the range DfE reports.
    assert max(t["utilisation"] for t in teams.values()) >= 95
    assert all(50 <= t["utilisation"] <= 130 for t in teams.values())
    assert all(8 <= t["caseload"] <= 25 for t in teams.values())
    assert sum(t["workers_over_capacity"] for t in teams.values()) == len(
        pressure["workers_over_capacity"]
    )
    # Help and protection carries CP cases weighted 1.5: weighted above the DfE caseload.
    north = teams["Help and Protection North"]
    assert north["weighted_caseload"] > north["caseload"]
    # Care leavers (weight 0.5): the other way round.
    assert teams["Care Leavers"]["weighted_caseload"] < teams["Care Leavers"]["caseload"]
    assert pressure["nqsw_checks"]
    assert any(check["breaches"] for check in pressure["nqsw_checks"])
    trend = {t["team"]: t["points"] for t in pressure["trend"]}
    assert len(trend["All teams"]) == 61  # monthly from September 2020
    assert trend["All teams"][-1]["as_at"] == AS_AT


def test_pressure_for_one_team(demo_path: Path) -> None:
    data = run_json("pressure", "--db", str(demo_path), "--as-at", AS_AT, "--team", "care leavers")
    assert data["team"] == "Care Leavers"
    assert [t["team"] for t in data["teams"]] == ["Care Leavers"]
    assert data["service_areas"] == []
    assert [t["team"] for t in data["trend"]] == ["Care Leavers"]
    assert all(w["team"] == "Care Leavers" for w in data["workers_over_capacity"])


def test_unknown_team_lists_the_teams(demo_path: Path) -> None:
    result = runner.invoke(app, ["pressure", "--db", str(demo_path), "--team", "Nowhere"])
    assert result.exit_code == 2
    assert "unknown team 'Nowhere'" in result.stderr
    assert "Care Leavers" in result.stderr


def test_pressure_without_caseloads_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    result = runner.invoke(app, ["pressure", "--db", str(path), "--as-at", AS_AT])
    assert result.exit_code == 3
    assert "no caseload counts on or before 2025-09-30" in result.stderr


def test_pressure_renders_tables(demo_path: Path) -> None:
    result = runner.invoke(app, ["pressure", "--db", str(demo_path), "--as-at", AS_AT])
    assert result.exit_code == 0, result.output
    for text in ("By team", "Workers over capacity", "NQSW protection", "Utilisation trend"):
        assert text in result.stdout


def test_cohorts_json_has_the_documented_keys(cohorts: dict[str, Any]) -> None:
    assert cohorts["retention_months"] == [6, 12, 18, 24, 36]
    for cohort in cohorts["cohorts"]:
        assert set(cohort) >= COHORT_KEYS
        assert set(cohort["retention"]) == {"6", "12", "18", "24", "36"}


def test_demo_cohorts_are_plausible(cohorts: dict[str, Any]) -> None:
    by_name = {c["cohort"]: c for c in cohorts["cohorts"]}
    assert by_name["Cohort 7"]["starters"] == 12
    assert by_name["Cohort 7"]["start_date"] == "2021-01-25"
    assert sum(1 for c in by_name.values() if c["left"]) >= 5
    assert all(c["in_post"] + c["left"] == c["starters"] for c in by_name.values())
    latest = cohorts["cohorts"][-1]
    assert latest["retention"]["12"] is None  # not yet reached
    assert latest["in_asye"] == latest["in_post"]
    totals = cohorts["totals"]
    assert totals["starters"] == sum(c["starters"] for c in by_name.values())
    assert (
        cohorts["headline"]
        == f"{totals['starters']:,} NQSWs have started the academy since July 2018."
    )
    assert 40 <= totals["retention"]["36"] <= 90
    assert totals["retention"]["6"] >= totals["retention"]["12"] >= totals["retention"]["36"]
    assert [p["cohort"] for p in cohorts["planned"]] == ["Cohort 17", "Cohort 18"]


def test_cohorts_render_tables(demo_path: Path) -> None:
    result = runner.invoke(app, ["cohorts", "--db", str(demo_path), "--as-at", AS_AT])
    assert result.exit_code == 0, result.output
    assert "have started the academy since July 2018" in result.stdout
    assert "Cohort 7" in result.stdout
    assert "Retention" in result.stdout


def test_cohorts_without_any_recorded_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    result = runner.invoke(app, ["cohorts", "--db", str(path)])
    assert result.exit_code == 3
    assert "no academy cohorts recorded" in result.stderr


def test_a_longer_asye_puts_more_nqsws_in_it(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    before = run_json("pressure", "--db", str(copy), "--as-at", AS_AT)["nqsw_checks"]
    assert (
        runner.invoke(app, ["settings", "set", "asye_months", "24", "--db", str(copy)]).exit_code
        == 0
    )
    after = run_json("pressure", "--db", str(copy), "--as-at", AS_AT)["nqsw_checks"]
    assert len(after) > len(before)
    assert max(check["asye_month"] for check in after) >= 12
    assert all(check["asye_month"] < 24 for check in after)
    cohorts = run_json("cohorts", "--db", str(copy), "--as-at", AS_AT)
    assert cohorts["asye_months"] == 24
    latest_complete = {c["cohort"]: c["completed_asye"] for c in cohorts["cohorts"]}
    assert latest_complete["Cohort 13"] == 0  # started July 2024: 24 months not yet reached
