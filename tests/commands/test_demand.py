"""``cswork demand`` and ``cswork indicators`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()


def _said(stream: str) -> str:
    """What was said, with the terminal's line wrapping undone."""
    return " ".join(stream.split())


MEASURE_KEYS = {"measure", "month", "value", "base_month", "base_value", "change_pct"}


def test_demand_json_defaults_to_the_latest_month_against_a_year_before(demo_path: Path) -> None:
    result = runner.invoke(app, ["demand", "--db", str(demo_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["month"], data["base_month"]) == ("2025-09", "2024-09")
    assert len(data["measures"]) == 9
    for measure in data["measures"]:
        assert set(measure) >= MEASURE_KEYS
        assert (measure["month"], measure["base_month"]) == ("2025-09", "2024-09")
    referrals = next(m for m in data["measures"] if m["measure"] == "referrals")
    # Recompute the change from the figures printed: (value - base) / base, one place, half up.
    expected = 100 * (referrals["value"] - referrals["base_value"]) / referrals["base_value"]
    assert abs(referrals["change_pct"] - expected) <= 0.05


def test_demand_over_the_surge_year(demo_path: Path) -> None:
    result = runner.invoke(
        app, ["demand", "--db", str(demo_path), "--as-at", "2022-09", "--base", "2021-09", "--json"]
    )
    assert result.exit_code == 0, result.output
    referrals = next(
        m for m in json.loads(result.stdout)["measures"] if m["measure"] == "referrals"
    )
    assert referrals["change_pct"] > 50
    assert referrals["sentence"].startswith("Referrals: ")
    assert "compared with" in referrals["sentence"]
    assert "in September 2021, +" in referrals["sentence"]


def test_demand_renders_a_table_and_sentences(demo_path: Path) -> None:
    result = runner.invoke(app, ["demand", "--db", str(demo_path), "--base", "2020-04"])
    assert result.exit_code == 0, result.output
    assert "Demand in September 2025 against April 2020" in result.stdout
    assert "Section 47 enquiries" in result.stdout
    assert "compared with" in result.stdout
    assert "in April 2020" in result.stdout


def test_a_base_month_without_figures_is_a_clear_error(demo_path: Path) -> None:
    result = runner.invoke(app, ["demand", "--db", str(demo_path), "--base", "2015-01"])
    assert result.exit_code == 3
    assert "no demand figures for the base month January 2015 (2015-01)" in _said(result.stderr)
    assert "figures are held from July 2018 to September 2025" in _said(result.stderr)


def test_a_badly_written_month_is_a_usage_error(demo_path: Path) -> None:
    result = runner.invoke(app, ["demand", "--db", str(demo_path), "--as-at", "Sept"])
    assert result.exit_code == 2
    assert "--as-at must be a month as YYYY-MM, not 'Sept'" in _said(result.stderr)


def test_demand_on_an_empty_database_says_how_to_get_figures(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    result = runner.invoke(app, ["demand", "--db", str(path)])
    assert result.exit_code == 3
    assert "no demand figures held" in _said(result.stderr)
    result = runner.invoke(app, ["indicators", "--db", str(path), "--json"])
    assert result.exit_code == 3
    assert "no indicator values held" in _said(result.stderr)


def test_indicators_json_keys_and_values(demo_path: Path) -> None:
    result = runner.invoke(app, ["indicators", "--db", str(demo_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["amber_band_pct"] == 5.0
    assert len(data["indicators"]) == 8
    for item in data["indicators"]:
        assert item["period"] == "2025-09"
        assert item["rag"] in {"green", "amber", "red"}
        assert item["direction"] in {"higher", "lower"}
        assert item["trend"] in {"improving", "worsening", "flat"}
        assert len(item["history"]) == 60


def test_indicators_render_a_table(demo_path: Path) -> None:
    result = runner.invoke(app, ["indicators", "--db", str(demo_path)])
    assert result.exit_code == 0, result.output
    assert "Performance indicators" in result.stdout
    assert "Cases per case-holding FTE" in result.stdout
    assert "Amber: missing the target by no more than 5.0 %" in result.stdout
