"""``cswork COMMAND`` builds only that command: the same names, help, errors and output as the
whole command group gives."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from cswork.cli import app, command_names, invoked_command, keep_only

runner = CliRunner()
#: ``cswork ARGS`` as a fresh process, the program named as the console script names it.
CSWORK = [
    sys.executable,
    "-c",
    "import sys; sys.argv[0] = 'cswork'; from cswork.cli import main; main()",
]


def test_command_names_are_typers_own() -> None:
    assert sorted(command_names(app)) == sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary", "--json"], "summary"),
        (["--db", "x.db", "summary"], "summary"),
        (["--db=x.db", "--as-at", "2025-09-30", "export", "csww"], "export"),
        (["--db", "summary"], ""),  # the database is called 'summary': the app
        ([], ""),
        (["--help"], None),
        (["--version"], None),
        (["--bogus", "summary"], None),
    ],
)
def test_the_command_is_read_from_the_arguments(args: list[str], expected: str | None) -> None:
    assert invoked_command(args) == expected


def test_keeping_one_command_leaves_only_it_and_an_unknown_name_keeps_all() -> None:
    alone = copy.deepcopy(app)
    keep_only(alone, "export")
    assert command_names(alone) == ["export"]
    everything = copy.deepcopy(app)
    keep_only(everything, "summry")
    assert command_names(everything) == command_names(app)
    none = copy.deepcopy(app)
    keep_only(none, "")
    assert command_names(none) == []


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--help"],
        ["export", "csww", "--help"],
        ["export", "--help"],
        ["summry"],
        ["summary", "--bogus"],
    ],
)
def test_a_command_alone_says_what_the_whole_group_says(args: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    alone = subprocess.run([*CSWORK, *args], capture_output=True, text=True, env=env)
    whole = runner.invoke(app, args, env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"})
    assert alone.returncode == whole.exit_code
    assert alone.stdout + alone.stderr == whole.output


def test_a_command_alone_gives_the_same_output(demo_path: Path, tmp_path: Path) -> None:
    args = ["summary", "--db", str(demo_path), "--as-at", "2025-09-30", "--json"]
    alone = subprocess.run([*CSWORK, *args], capture_output=True, text=True, check=True)
    assert alone.stdout == runner.invoke(app, args).output
