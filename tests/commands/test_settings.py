"""``cswork settings``: show every key with its default, set, reset, and refuse bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.model.settings import SPECS

runner = CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "settings.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    return str(path)


def test_show_lists_every_key_with_default_value_and_description(db_path: str) -> None:
    result = runner.invoke(app, ["settings", "--db", db_path, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["key"] for row in rows] == [spec.key for spec in SPECS]
    cp = next(row for row in rows if row["key"] == "weight.CP")
    assert cp == {
        "key": "weight.CP",
        "default": 1.5,
        "value": 1.5,
        "changed": False,
        "description": "Weight of a child protection case",
        "minimum": 0,
        "maximum": 10,
    }


def test_show_renders_a_table(db_path: str) -> None:
    result = runner.invoke(app, ["settings", "show", "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "asye_months" in result.stdout
    assert "Default" in result.stdout


def test_set_then_show_then_reset(db_path: str) -> None:
    result = runner.invoke(app, ["settings", "set", "asye_months", "24", "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "asye_months set to 24 (default 12)" in result.stderr
    shown = json.loads(
        runner.invoke(app, ["settings", "show", "asye_months", "--db", db_path, "--json"]).stdout
    )
    assert shown[0]["value"] == 24
    assert shown[0]["changed"] is True
    result = runner.invoke(app, ["settings", "reset", "asye_months", "--db", db_path, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["value"] == 12


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["set", "weight.CP", "lots"], 1, "weight.CP must be a number, not 'lots'"),
        (["set", "asye_months", "0"], 1, "asye_months must be at least 1"),
        (["set", "weight.XYZ", "1"], 1, "unknown setting 'weight.XYZ'; known: weight.CIN"),
        (["reset", "weight.XYZ"], 1, "unknown setting 'weight.XYZ'"),
        (["show", "weight.XYZ"], 1, "unknown setting 'weight.XYZ'"),
        (["set", "weight.CP"], 2, "settings set needs a KEY and a VALUE"),
        (["reset"], 2, "settings reset needs a KEY"),
        (["show", "weight.CP", "2"], 2, "settings show takes no VALUE (got '2')"),
        (["change"], 2, "Invalid value"),
    ],
)
def test_bad_input_is_refused_with_the_reason(
    db_path: str, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, ["settings", *args, "--db", db_path])
    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())


def test_a_negative_value_is_refused_for_what_it_is(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    result = runner.invoke(app, ["settings", "set", "weight.CP", "-1", "--db", path])
    assert result.exit_code == 1  # not 2, "No such option: -1"
    assert "weight.CP must be at least 0, not -1" in result.stderr
