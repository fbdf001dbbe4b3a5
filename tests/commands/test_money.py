"""``cswork costs``, ``cswork agency``, ``cswork import caps`` and price caps in ``cswork settings``,
on a neutral-vendor-shaped agency extract imported without a mapping file.

The figures are those of tests/model/test_money.py, worked by hand: AG1 at £50 × 37 h (£1,850 a
week) since 1 January 2025, AG2 at £40 × 20 h (£800 a week) from 1 October to 30 November 2025;
a permanent FTE costs £52,000 a year (£1,000 a week).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.store import Database, open_db

runner = CliRunner()

#: As a neutral vendor's assignment report lays it out (no contract column: every row is agency).
VENDOR = (
    "Assignment ID,Worker Name,Supplier,Cost Centre,Job Category,Assignment Start Date,"
    "Assignment End Date,Hours per Week,Charge Rate,Pay Rate,Project Team,Covering Vacancy,"
    "Qualified Date\n"
    "AG1,Ann Example,Acme Social Care,North,Social Worker,01/01/2025,,37,£50.00,£32.00,No,Yes,"
    "01/01/2024\n"
    "AG2,Bob Example,Beta Locums,South,Senior Social Worker,01/10/2025,30/11/2025,20,40,27,Yes,"
    "No,01/01/2010\n"
)
CAPS = "Core Job Type,Price Cap,Effective From\nSocial Worker,45.00,01/04/2025\nSSW,42,01/04/2025\n"


def _run(*args: str) -> object:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "money.db"
    vendor = tmp_path / "vendor.csv"
    vendor.write_text(VENDOR, encoding="utf-8")
    caps = tmp_path / "caps.csv"
    caps.write_text(CAPS, encoding="utf-8")
    imported = runner.invoke(app, ["import", "staff", str(vendor), "--db", str(path)])
    assert imported.exit_code == 0, imported.output
    assert "every row is read as an agency assignment" in imported.stderr
    assert runner.invoke(app, ["import", "caps", str(caps), "--db", str(path)]).exit_code == 0
    _run("settings", "set", "permanent_cost", "52000", "--db", str(path))
    return str(path)


def test_a_vendor_extract_imports_without_a_mapping_file(db_path: str) -> None:
    store = open_db(Path(db_path))
    rows = store.execute(
        "SELECT w.employee_ref, w.display_name, s.contract, s.org_role, s.fte, s.agency_supplier, "
        "s.agency_hourly_charge, s.agency_job_type, s.weekly_hours, s.project_team, "
        "s.covering_vacancy, w.qualified_date FROM role_spells s JOIN workers w "
        "ON w.id = s.worker_id ORDER BY w.employee_ref"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("AG1", None, "agency", 5, 1.0, "Acme Social Care", 50.0, "social_worker", 37.0, 0, 1,
         "2024-01-01"),
        ("AG2", None, "agency", 4, round(20 / 37, 4), "Beta Locums", 40.0,
         "senior_social_worker", 20.0, 1, 0, "2010-01-01"),
    ]  # fmt: skip


def test_costs_show_the_hand_computed_figures(db_path: str) -> None:
    result = _run("costs", "--db", db_path, "--as-at", "2025-12-31", "--json")
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["spend"] == {
        "month": round(31 * 1850 / 7),
        "quarter": round(219_000 / 7),
        "year_to_date": 79_650,
        "annualised": 96_200,
    }
    assert data["premium"]["annualised"] == 44_200
    assert data["cost_of_vacancies"] == {"annualised": 44_200}
    assert data["over_cap"] == {"count": 1, "fte": 1.0, "excess_week": 185, "excess_year": 9_620}
    assert [t["team"] for t in data["by_team"]] == ["North", "South"]
    table = _run("costs", "--db", db_path, "--as-at", "2025-12-31")
    assert "£96,200" in table.stdout  # type: ignore[attr-defined]
    assert "£79,650" in table.stdout  # type: ignore[attr-defined]


def test_agency_lists_workers_by_reference_never_by_name(db_path: str) -> None:
    result = _run("agency", "--db", db_path, "--as-at", "2025-11-15", "--json")
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [b["worker_ref"] for b in data["over_cap"]["assignments"]] == ["AG1"]
    assert [w["worker_ref"] for w in data["under_three_years_pqe"]] == ["AG1"]
    assert data["under_three_years_pqe"][0]["pqe_months"] == 22
    assert [w["worker_ref"] for w in data["project_teams"]] == ["AG2"]
    assert data["over_12_months"] == []
    later = json.loads(
        _run("agency", "--db", db_path, "--as-at", "2026-02-01", "--json").stdout  # type: ignore[attr-defined]
    )
    assert [w["worker_ref"] for w in later["over_12_months"]] == ["AG1"]
    table = _run("agency", "--db", db_path, "--as-at", "2025-11-15").stdout  # type: ignore[attr-defined]
    assert "AG1" in table and "Example" not in table


def test_price_caps_are_shown_set_and_reset_through_settings(db_path: str) -> None:
    shown = json.loads(_run("settings", "--db", db_path, "--json").stdout)  # type: ignore[attr-defined]
    caps = [row for row in shown if row["key"].startswith("cap.")]
    assert [(c["key"], c["value"], c["effective_from"]) for c in caps] == [
        ("cap.social_worker", 45.0, "2025-04-01"),
        ("cap.senior_social_worker", 42.0, "2025-04-01"),
    ]
    cost = next(row for row in shown if row["key"] == "permanent_cost.4")
    assert (cost["value"], cost["default"], cost["changed"]) == (52_000.0, 52_000.0, False)
    _run("settings", "set", "cap.social_worker", "51", "--from", "2025-12-01", "--db", db_path)
    data = json.loads(
        _run("costs", "--db", db_path, "--as-at", "2025-12-31", "--json").stdout  # type: ignore[attr-defined]
    )
    assert data["over_cap"]["count"] == 0
    clash = runner.invoke(
        app,
        [
            *("settings", "set", "cap.social_worker", "50"),
            *("--from", "2025-06-01", "--to", "2025-12-01", "--db", db_path),
        ],
    )
    assert clash.exit_code == 1
    assert "overlaps the Social worker cap from 2025-12-01" in clash.stderr
    _run("settings", "reset", "cap.social_worker", "--db", db_path)
    listed = json.loads(
        _run("settings", "show", "cap.social_worker", "--db", db_path, "--json").stdout
    )  # type: ignore[attr-defined]
    assert listed == []
    unknown = runner.invoke(app, ["settings", "set", "cap.director", "90", "--db", db_path])
    assert unknown.exit_code == 1
    assert "unknown core job type" in unknown.stderr
    _run("settings", "set", "permanent_cost.4", "62400", "--db", db_path)
    data = json.loads(
        _run("costs", "--db", db_path, "--as-at", "2025-11-15", "--json").stdout  # type: ignore[attr-defined]
    )
    assert data["premium"]["annualised"] == round(52 * (850 + 800 - 1200 * 20 / 37))


@pytest.mark.parametrize(
    ("rows", "row", "column", "reason"),
    [
        ("Director,90,01/04/2025\n", 2, "Core Job Type", "unknown core job type"),
        ("Social Worker,-1,01/04/2025\n", 2, "Price Cap", "must not be negative"),
        (
            "Social Worker,45,01/04/2025\nTeam Manager,60,01/04/2025\nSW,46,01/04/2025\n",
            4,
            "Effective From",
            "overlaps row 2 (Social worker from 2025-04-01)",
        ),
    ],
)
def test_a_bad_cap_file_is_rejected_naming_the_row(
    tmp_path: Path, rows: str, row: int, column: str, reason: str
) -> None:
    path = tmp_path / "caps.csv"
    path.write_text("Core Job Type,Price Cap,Effective From\n" + rows, encoding="utf-8")
    db = tmp_path / "caps.db"
    result = runner.invoke(app, ["import", "caps", str(path), "--db", str(db), "--json"])
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(row, column)]
    assert reason in problems[0]["reason"]
    assert open_db(db).execute("SELECT COUNT(*) FROM price_caps").fetchone()[0] == 0


def test_a_cap_overlapping_a_stored_one_is_rejected(tmp_path: Path) -> None:
    db = tmp_path / "caps.db"
    first = tmp_path / "first.csv"
    first.write_text(
        "Job Type,Cap,From,To\nSocial Worker,45,2025-04-01,2026-03-31\n", encoding="utf-8"
    )
    _run("import", "caps", str(first), "--db", str(db))
    second = tmp_path / "second.csv"
    second.write_text("Job Type,Cap,From\nSocial Worker,47,2026-01-01\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "caps", str(second), "--db", str(db), "--json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["row"] == 2
    assert "overlaps the Social worker cap from 2025-04-01 to 2026-03-31" in problem["reason"]
    assert open_db(db).execute("SELECT COUNT(*) FROM price_caps").fetchone()[0] == 1


@pytest.mark.parametrize("command", ["costs", "agency"])
def test_an_empty_database_is_no_data_as_for_summary(command: str, tmp_path: Path) -> None:
    path = str(tmp_path / "empty.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    for extra in ([], ["--json"]):
        result = runner.invoke(app, [command, "--db", path, *extra])
        assert result.exit_code == 3, result.output
        assert "no workforce in the database" in result.stderr
        assert result.stdout == ""


def test_a_team_table_without_agency_says_so_on_one_line(db: Database) -> None:
    from rich.console import Console

    from cswork.render.money import team_table
    from cswork.services.money import agency_costs

    costs = agency_costs(db, date(2025, 9, 30))
    console = Console(width=80, record=True, color_system=None)
    console.print(team_table(costs))
    assert "No agency assignments this financial year." in console.export_text()


def test_costs_and_agency_give_the_date_in_words_as_summary_does(db_path: str) -> None:
    costs = _run("costs", "--as-at", "2025-11-15", "--db", db_path)
    text = " ".join(costs.stdout.split())  # type: ignore[attr-defined]
    assert "Agency costs as at 15 November 2025" in text
    assert "Spend this month (from 1 November 2025)" in text
    agency = _run("agency", "--as-at", "2025-11-15", "--db", db_path)
    assert "as at 15 November 2025" in " ".join(agency.stdout.split())  # type: ignore[attr-defined]
