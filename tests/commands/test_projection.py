"""The projection commands through the command line: scenario, calibrate, project, backtest."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()

OUTPUTS = {
    "in_post_fte",
    "agency_fte",
    "vacancy_fte",
    "vacancy_rate",
    "agency_rate",
    "caseload",
    "utilisation",
    "cost",
}


@pytest.fixture
def demo_copy(tmp_path: Path, demo_path: Path) -> str:
    """A writable copy of the demo authority."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    return str(copy)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_project_json_is_one_object_per_month_with_bands(demo_copy: str) -> None:
    args = [
        "project",
        "--months",
        "4",
        "--runs",
        "200",
        "--seed",
        "3",
        "--format",
        "json",
        "--as-at",
        "2025-09-30",
    ]
    code, out, _ = run(*args, "--scenario", "baseline", "--db", demo_copy)
    assert code == 0
    months = json.loads(out)
    assert [m["month"] for m in months] == ["2025-10", "2025-11", "2025-12", "2026-01"]
    for month in months:
        assert set(month) >= OUTPUTS
        for output in OUTPUTS:
            band = month[output]
            assert set(band) == {"p10", "p50", "p90"}
            assert band["p10"] <= band["p50"] <= band["p90"]
    again = run(*args, "--db", demo_copy)[1]
    assert again == out


def test_project_compare_and_csv(demo_copy: str) -> None:
    assert run("scenario", "new", "more", "--db", demo_copy)[0] == 0
    assert run("scenario", "set", "more", "cohorts", "2026-01-26:20", "--db", demo_copy)[0] == 0
    args = [
        "project",
        "--months",
        "6",
        "--runs",
        "1",
        "--compare",
        "more",
        "--format",
        "json",
        "--as-at",
        "2025-09-30",
    ]
    code, out, _ = run(*args, "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    both = data["projections"]
    assert set(both) == {"baseline", "more"}
    assert (data["base"], data["scenario"], data["months"]) == ("baseline", "more", 6)
    # 20 rather than the stored baseline's January cohort of fewer: more in post by February
    assert both["more"][4]["in_post_fte"]["p50"] > both["baseline"][4]["in_post_fte"]["p50"]
    # the difference is of the paired runs (one expected-value run here): more less base
    gap = both["more"][4]["in_post_fte"]["p50"] - both["baseline"][4]["in_post_fte"]["p50"]
    assert data["difference"][4]["in_post_fte"]["p50"] == pytest.approx(gap, abs=0.01)
    spent = sum(m["cost"]["p50"] for m in both["more"]) - sum(
        m["cost"]["p50"] for m in both["baseline"]
    )
    assert data["cost_difference"]["p50"] == pytest.approx(spent, abs=6)
    assert data["difference"][-1]["cumulative_cost"] == data["cost_difference"]
    code, out, _ = run(
        "project", "--months", "2", "--runs", "1", "--format", "csv", "--db", demo_copy
    )
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["scenario", "month", "output", "p10", "p50", "p90"]
    assert {r[2] for r in rows[1:]} >= OUTPUTS


def test_project_table(demo_copy: str) -> None:
    code, out, _ = run("project", "--months", "2", "--runs", "50", "--db", demo_copy)
    assert code == 0
    assert "Workforce projection" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("project", "--scenario", "nope"), 3, "no scenario called 'nope'"),
        (("project", "--months", "0"), 2, "--months must be between 1 and 240, not 0"),
        (("project", "--runs", "0"), 2, "--runs must be between 1 and 100000, not 0"),
        (("scenario", "set", "baseline", "no_show_rate", "2"), 1, "no_show_rate must be between 0"),
        (("scenario", "set", "baseline", "speed", "2"), 1, "unknown assumption 'speed'"),
        (("scenario", "new", "baseline"), 1, "scenario 'baseline' already exists"),
        (("scenario", "delete", "nope"), 3, "no scenario called 'nope'"),
        (("scenario", "show", "nope"), 3, "no scenario called 'nope'"),
        # A bad date or count in an option is a usage error, as for project and import.
        (("backtest", "--from", "2024-13"), 2, "--from must be a month as YYYY-MM"),
        (("backtest", "--from", "2024-03", "--months", "0"), 2, "--months must be at least 1"),
    ],
)
def test_errors_have_messages_and_exit_codes(
    demo_copy: str, args: tuple[str, ...], code: int, message: str
) -> None:
    run("scenario", "show", "baseline", "--db", demo_copy)
    exit_code, _, err = run(*args, "--db", demo_copy)
    assert exit_code == code
    assert message in " ".join(err.split())


def test_project_on_an_empty_database_says_there_is_no_data(tmp_path: Path) -> None:
    path = str(tmp_path / "empty.db")
    run("init", "--db", path)
    code, _, err = run("project", "--db", path)
    assert code == 3
    assert "no workforce in the database" in err


def test_scenario_lifecycle_and_toml_round_trip(demo_copy: str, tmp_path: Path) -> None:
    assert run("scenario", "list", "--db", demo_copy)[1] == ""
    code, out, _ = run("scenario", "show", "baseline", "--json", "--db", demo_copy)
    assert code == 0 and json.loads(out)["name"] == "baseline"
    run("scenario", "new", "plan", "--from", "baseline", "--db", demo_copy)
    run("scenario", "set", "plan", "demand_growth", "0.04", "--db", demo_copy)
    target = tmp_path / "plan.toml"
    assert run("scenario", "export", "plan", "--out", str(target), "--db", demo_copy)[0] == 0
    assert "demand_growth = 0.04" in target.read_text()
    code, _, err = run("scenario", "import", str(target), "--db", demo_copy)
    assert code == 1 and "scenario 'plan' already exists; pass --replace" in err
    run("scenario", "delete", "plan", "--db", demo_copy)
    assert run("scenario", "import", str(target), "--db", demo_copy)[0] == 0
    listed = run("scenario", "list", "--json", "--db", demo_copy)[1]
    assert [s["name"] for s in json.loads(listed)] == ["baseline", "plan"]
    shown = json.loads(run("scenario", "show", "plan", "--json", "--db", demo_copy)[1])
    assert shown["demand_growth"] == 0.04
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nruns = -1\n')
    code, _, err = run("scenario", "import", str(bad), "--db", demo_copy)
    assert code == 1 and "runs must be between 1 and 100000, not -1" in " ".join(err.split())


def test_calibrate_json(demo_copy: str) -> None:
    code, out, _ = run("calibrate", "--as-at", "2025-09-30", "--json", "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    assert set(data["leaver_rates"]) == {"nqsw", "early_career", "experienced", "senior"}
    for rate in data["leaver_rates"].values():
        assert rate["low"] <= rate["rate"] <= rate["high"]
    assert run("calibrate", "--db", demo_copy)[0] == 0


def test_backtest_json(demo_copy: str) -> None:
    code, out, _ = run(
        "backtest", "--from", "2024-09", "--months", "12", "--json", "--db", demo_copy
    )
    assert code == 0
    data = json.loads(out)
    in_post = next(s for s in data["scores"] if s["output"] == "in_post_fte")
    assert in_post["beats_naive"] is True
    assert len(data["monthly"]) == 12
    assert "Backtest from 2024-09-30" in run("backtest", "--from", "2024-09", "--db", demo_copy)[1]


def test_a_scenario_against_itself_differs_by_exactly_zero(demo_copy: str) -> None:
    assert run("scenario", "new", "same", "--db", demo_copy)[0] == 0
    args = ["project", "--months", "12", "--runs", "200", "--compare", "same", "--as-at"]
    code, out, _ = run(*args, "2025-09-30", "--format", "json", "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    assert all(
        band == {"p10": 0.0, "p50": 0.0, "p90": 0.0}
        for month in data["difference"]
        for key, band in month.items()
        if key != "month"
    )
    code, out, _ = run(*args, "2025-09-30", "--db", demo_copy)
    assert code == 0
    assert "Over 12 months, same costs the same as baseline" in " ".join(out.split())


def test_compare_says_how_much_less_a_scenario_costs_with_its_band(demo_copy: str) -> None:
    assert run("scenario", "new", "cheaper", "--db", demo_copy)[0] == 0
    assert (
        run("scenario", "set", "cheaper", "agency_charge_per_hour", "30", "--db", demo_copy)[0] == 0
    )
    args = ["project", "--months", "24", "--runs", "200", "--compare", "cheaper", "--as-at"]
    code, out, _ = run(*args, "2025-09-30", "--db", demo_copy, "--format", "json")
    assert code == 0
    low, mid, high = json.loads(out)["cost_difference"].values()
    assert low <= mid <= high < 0
    code, out, _ = run(*args, "2025-09-30", "--db", demo_copy)
    assert code == 0
    flat = " ".join(out.split())
    assert "Over 24 months, cheaper costs £" in flat
    assert "less than baseline (10–90 % range £" in flat


def test_backtest_all_scores_every_half_yearly_start(demo_copy: str) -> None:
    code, out, _ = run("backtest", "--all", "--months", "24", "--json", "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    assert [s["from"] for s in data["starts"]] == [
        "2020-09-30",
        "2021-03-31",
        "2021-09-30",
        "2022-03-31",
        "2022-09-30",
        "2023-03-31",
        "2023-09-30",
    ]
    overall = data["overall"]["in_post_fte"]
    assert overall["starts"] == 7
    assert set(overall) >= {"model_mape", "naive_mape", "trend_mape", "coverage", "wins"}
    assert data["headline"].startswith("Checked on 7 past starts: in-post error ")
    table = run("backtest", "--all", "--db", demo_copy)[1]
    assert "Backtests over 12 months from 9 past starts" in table
    assert run("backtest", "--db", demo_copy)[0] == 2
    assert run("backtest", "--all", "--months", "6", "--db", demo_copy)[0] == 2


def test_calibrate_says_which_half_life_and_why(demo_copy: str) -> None:
    code, out, _ = run("calibrate", "--json", "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    errors = {e["half_life_months"]: e["error"] for e in data["half_life_errors"]}
    assert data["half_life_months"] in errors
    assert errors[data["half_life_months"]] == min(errors.values())
    assert "lowest error projecting 12 months from 9 past starts" in data["half_life_reason"]
    assert data["academy_pattern"] == [{"month": 1, "size": 12}, {"month": 7, "size": 15}]
    assert "Recency weighting" in run("calibrate", "--db", demo_copy)[1]


def test_hiring_beyond_funded_posts_is_capped_with_a_warning(demo_copy: str) -> None:
    for name, hires in (("ten", "10"), ("fifty", "50")):
        assert run("scenario", "new", name, "--db", demo_copy)[0] == 0
        run("scenario", "set", name, "experienced_hires_per_month", hires, "--db", demo_copy)
    code, out, err = run(
        "project",
        "--scenario",
        "ten",
        "--compare",
        "fifty",
        "--runs",
        "1",
        "--format",
        "json",
        "--db",
        demo_copy,
    )
    assert code == 0
    assert "Hiring capped at funded posts: 10 experienced hires a month" in " ".join(err.split())
    assert "Hiring capped at funded posts: 50 experienced hires a month" in " ".join(err.split())
    data = json.loads(out)
    # once the funded posts are full, asking for more hires adds nobody
    both = data["projections"]
    ten, fifty = both["ten"][-1]["in_post_fte"]["p50"], both["fifty"][-1]["in_post_fte"]["p50"]
    assert ten == fifty


def test_scenario_show_marks_assumed_cohorts_and_the_pattern(demo_copy: str) -> None:
    code, out, _ = run("scenario", "show", "baseline", "--db", demo_copy)
    assert code == 0
    text = " ".join(out.split())
    assert "(assumed)" in text
    assert "1:12,7:15" in text and "vacancies" in text


def test_calibrate_shows_routes_conversions_and_no_shows(demo_copy: str) -> None:
    """Issue 13's leftovers and issue 20's routes: the demo has agency conversions and academy
    no-shows, and calibrate shows starts a year and Kaplan–Meier retention by route."""
    code, out, _ = run("calibrate", "--json", "--db", demo_copy)
    assert code == 0
    data = json.loads(out)
    assert data["agency_conversion_rate"] > 0 and data["no_show_rate"] > 0
    routes = {r["route"]: r for r in data["routes"]}
    assert {"academy", "step_up", "international", "experienced", "agency_conversion"} <= set(
        routes
    )
    academy = routes["academy"]
    assert academy["starts_per_year"] > 5 and academy["leavers"] <= academy["starters"]
    assert [p["months"] for p in academy["retention"]] == [12, 24]
    assert 0 < academy["retention"][0]["retention"] <= 1
    table = run("calibrate", "--db", demo_copy)[1]
    assert "Recruitment routes" in table and "Agency conversion" in table


def test_calibrate_follows_and_explains_a_step_in_agency_conversions(tmp_path: Path) -> None:
    """Six months into an agency-reduction drive the conversions and the starters are both up:
    the conversion rate is the rate since the step, and calibrate says so; the calm seed-7 demo
    has no step."""
    path = tmp_path / "drive.db"
    code = run(
        "demo",
        "--db",
        str(path),
        "--seed",
        "1",
        "--as-at",
        "2025-09-30",
        "--no-open",
        "--history",
        "agency-reduction",
    )[0]
    assert code == 0
    code, out, _ = run("calibrate", "--json", "--as-at", "2023-09-30", "--db", str(path))
    assert code == 0
    data = json.loads(out)
    step = data["agency_conversion_step"]
    assert step["months"] == 6
    assert step["conversions"] > 10 * step["expected_at_rate_before"]
    assert step["chance"] < 0.01 and step["starters_chance"] < 0.01
    # the drive's placements end at 12 % a month and a third of those convert: about 40 % a year
    assert 0.3 < data["agency_conversion_rate"] < 0.6
    table = run("calibrate", "--as-at", "2023-09-30", "--db", str(path))[1]
    assert "the rate since a step up 6 months ago" in table
    assert f"{step['conversions']} against" in table


def test_the_calm_demo_has_no_step_in_conversions(demo_copy: str) -> None:
    data = json.loads(run("calibrate", "--json", "--db", demo_copy)[1])
    assert data["agency_conversion_step"] is None
    assert "step up" not in run("calibrate", "--db", demo_copy)[1]


def test_scenario_route_intakes_from_the_command_line(demo_copy: str) -> None:
    assert run("scenario", "new", "intl", "--db", demo_copy)[0] == 0
    code, _, err = run(
        "scenario", "set", "intl", "route_intakes", "international:12:6:8000", "--db", demo_copy
    )
    assert code == 0, err
    shown = json.loads(run("scenario", "show", "intl", "--json", "--db", demo_copy)[1])
    assert shown["route_intakes"] == [
        {"route": "international", "per_year": 12.0, "lead_months": 6, "cost_per_hire": 8000.0}
    ]
    assert "international" in shown["route_leaver_rates"]  # calibrated in the baseline
    code, _, err = run(
        "scenario", "set", "intl", "route_intakes", "pigeon:1:2:3", "--db", demo_copy
    )
    assert code != 0 and "unknown recruitment route 'pigeon'" in err


def test_academy_intakes_beyond_funded_posts_are_warned_of(demo_copy: str) -> None:
    assert run("scenario", "new", "huge", "--db", demo_copy)[0] == 0
    code, _, _ = run(
        "scenario", "set", "huge", "cohorts", "2026-01-26:120,2026-07-06:120", "--db", demo_copy
    )
    assert code == 0
    code, out, err = run(
        "project", "--scenario", "huge", "--runs", "1", "--format", "json", "--db", demo_copy
    )
    assert code == 0
    said = " ".join(err.split())
    assert "Academy intakes take FTE in post beyond the funded posts from 2026-01" in said
    # the cohorts are not cut: in post does go beyond the establishment
    rows = json.loads(out)
    assert any(r["vacancy_fte"]["p50"] == 0 for r in rows)
    code, _, err = run("project", "--runs", "1", "--format", "json", "--db", demo_copy)
    assert "Academy intakes" not in err  # the calibrated baseline stays inside its posts


def test_a_negative_value_is_a_value_not_an_option(demo_copy: str) -> None:
    # Falling demand is a scenario to plan for: '-0.02' was read as an unknown option '-0'.
    run("scenario", "new", "falling", "--db", demo_copy)
    code, _, err = run("scenario", "set", "falling", "demand_growth", "-0.02", "--db", demo_copy)
    assert code == 0, err
    shown = json.loads(run("scenario", "show", "falling", "--json", "--db", demo_copy)[1])
    assert shown["demand_growth"] == -0.02
    # An option still misspelt is still refused.
    code, _, err = run("scenario", "set", "falling", "runs", "10", "--dbb", demo_copy)
    assert code == 2
