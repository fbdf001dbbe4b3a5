"""User text is data: never markup, never terminal control, never so long it hides the figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.model.usertext import MAX_LABEL, printable, text_problem
from tests.hostile.conftest import HOSTILE

runner = CliRunner()

STAFF_HEADER = "Employee Ref,Team,Start Date,FTE,Contract,Role\n"


def _staff(tmp_path: Path, team: str, ref: str = "E1") -> Path:
    path = tmp_path / "staff.csv"
    quoted = '"' + team.replace('"', '""') + '"'
    path.write_text(
        STAFF_HEADER + f"{ref},{quoted},2020-01-01,1,Permanent,4\n", encoding="utf-8", newline=""
    )
    return path


@pytest.mark.parametrize(
    ("team", "named"),
    [
        ("CLR\x1b[2J\x1b[HX", "ESC"),
        ("a\x9bb", "U+009B"),
        ("tab\there", "tab"),
        ("two\nlines", "line break"),
        ("\u202eevil", "U+202E"),
    ],
)
def test_control_characters_are_refused_naming_row_and_column(
    tmp_path: Path, team: str, named: str
) -> None:
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["import", "staff", str(_staff(tmp_path, team)), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "row 2" in result.output and "'Team'" in result.output
    assert f"control character ({named})" in result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output
    assert runner.invoke(app, ["summary", "--db", str(db), "--json"]).exit_code == 3


def test_a_label_over_200_characters_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    path = _staff(tmp_path, "T" * (MAX_LABEL + 1))
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"is 201 characters long; labels may have at most {MAX_LABEL}" in result.output
    ok = runner.invoke(
        app, ["import", "staff", str(_staff(tmp_path, "T" * MAX_LABEL)), "--db", str(db)]
    )
    assert ok.exit_code == 0, ok.output


def test_a_control_character_in_a_quoted_formula_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    path = _staff(tmp_path, '="a\x1bb"')
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "control character (ESC)" in result.output


@pytest.mark.parametrize("team", ["[/bold]", "[/]", "[bold red]X[/]", "[link=http://x]y[/link]"])
def test_markup_in_a_team_name_is_shown_as_written(tmp_path: Path, team: str) -> None:
    db = tmp_path / "t.db"
    imported = runner.invoke(app, ["import", "staff", str(_staff(tmp_path, team)), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    cases = tmp_path / "cases.csv"
    cases.write_text("Worker,As At,CIN\nE1,2025-09-30,12\n", encoding="utf-8")
    counted = runner.invoke(app, ["import", "caseloads", str(cases), "--db", str(db)])
    assert counted.exit_code == 0, counted.output
    for command in (["summary"], ["pressure"]):
        result = runner.invoke(app, [*command, "--db", str(db), "--as-at", "2025-09-30"])
        assert result.exit_code == 0, result.output
        assert team in result.output, command


def test_markup_in_a_file_name_and_options_is_repeated_as_written(
    tmp_path: Path, hostile_demo: Path
) -> None:
    path = tmp_path / "[red]x.csv"
    path.write_text("not,a,staff,file\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 1
    assert "[red]x.csv, row 1" in result.output
    missing = runner.invoke(
        app, ["import", "staff", str(tmp_path / "[/]gone.csv"), "--db", str(tmp_path / "t.db")]
    )
    assert "[/]gone.csv" in missing.output.replace("\n", "") and "Traceback" not in missing.output
    scenario = runner.invoke(app, ["scenario", "new", "[/]", "--db", str(hostile_demo)])
    assert scenario.exit_code != 0 and "'[/]'" in scenario.output


def test_stored_control_characters_never_reach_the_terminal(hostile_demo: Path) -> None:
    commands = (
        ["summary", "--as-at", "2025-09-30"],
        ["pressure", "--as-at", "2025-09-30"],
        ["pressure", "--team", "[/bold]", "--as-at", "2025-09-30"],
        ["cohorts", "--as-at", "2025-09-30"],
        ["indicators"],
        ["imports"],
    )
    for command in commands:
        result = runner.invoke(app, [*command, "--db", str(hostile_demo)])
        assert result.exit_code == 0, (command, result.output)
        assert "\x1b" not in result.output and "\x9b" not in result.output, command
        assert "[/bold]" in result.output or command[0] in {"indicators", "imports", "cohorts"}
    unknown = runner.invoke(app, ["pressure", "--team", "[/]\x1b[2J", "--db", str(hostile_demo)])
    assert "Traceback" not in unknown.output and "\x1b" not in unknown.output


def test_a_long_team_name_leaves_every_figure_column(hostile_demo: Path) -> None:
    result = runner.invoke(
        app, ["summary", "--db", str(hostile_demo), "--as-at", "2025-09-30"], terminal_width=80
    )
    assert result.exit_code == 0, result.output
    long_row = next(line for line in result.output.splitlines() if line.lstrip().startswith("NNN"))
    assert "…" in long_row
    assert len(re.findall(r"\d+\.\d|\d+%", long_row)) >= 4, long_row


def test_the_rule_itself() -> None:
    assert text_problem("Équipe Nord – Children's") is None
    assert printable("a\x1b[2Jb") == "a\ufffd[2Jb"
    assert printable("a\nb", keep_newlines=True) == "a\nb"
    for name in HOSTILE[3:7]:
        assert text_problem(name) is not None
        assert printable(name).isprintable()
