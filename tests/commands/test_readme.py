"""The README's CLI reference and the real ``--help`` stay in step, in full: every command and
subcommand, every argument and option, the import kinds, and the exit codes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main
from typer.testing import CliRunner

from cswork.cli import app
from cswork.commands.common import EXIT_MEANINGS, Exit, exit_codes_text
from cswork.commands.imports import KINDS_HELP
from cswork.services.import_kinds import import_kinds

README = Path(__file__).resolve().parents[2] / "README.md"
#: Options documented once, in the reference's opening paragraph, rather than in every row.
EVERY_COMMAND = {"--db", "--help"}


def _reference() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## CLI reference", 1)[1].split("\n## ", 1)[0]


def _rows() -> dict[str, tuple[str, str]]:
    """Each row of the reference table by its command path (``scenario new``): the command as
    written, and what it does."""
    group = typer.main.get_group(app)
    rows = {}
    table = re.findall(r"^\| `cswork ([^`]*)` \| (.*) \|$", _reference(), flags=re.MULTILINE)
    for row, description in table:
        command: Any = group
        path = []
        for word in row.split():
            subcommands = getattr(command, "commands", {})
            if word not in subcommands:
                break
            command = subcommands[word]
            path.append(word)
        rows[" ".join(path)] = (row, description)
    return rows


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command and subcommand below ``command``, by path."""
    for name, sub in getattr(command, "commands", {}).items():
        yield " ".join((*path, name)), sub
        yield from _commands(sub, (*path, name))


def _leaf_commands() -> dict[str, Any]:
    group = typer.main.get_group(app)
    return {path: c for path, c in _commands(group) if not hasattr(c, "commands")}


def test_every_command_has_a_row_and_every_row_is_a_command() -> None:
    rows = _rows()
    assert set(_leaf_commands()) <= set(rows), set(_leaf_commands()) - set(rows)
    assert "" not in rows, "a row names no command"


def test_every_option_and_argument_of_every_command_is_in_its_row() -> None:
    rows = _rows()
    for path, command in _leaf_commands().items():
        row = rows[path][0]
        documented = set(re.findall(r"(--[a-z][a-z-]*)", row))
        for param in command.params:
            names = {*param.opts, *param.secondary_opts}
            if param.param_type_name == "argument":
                shown = (param.metavar or param.name or "").upper()
                assert shown in re.findall(r"[A-Z][A-Z_]*", row), (path, shown)
            elif not names & EVERY_COMMAND:
                assert names & documented, (path, sorted(names))
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        assert documented <= known, (path, documented - known)


def test_the_options_every_command_takes_are_documented_once() -> None:
    opening = _reference().split("| command |", 1)[0]
    assert "Every command takes `--db PATH`" in opening
    root = typer.main.get_command(app)
    for param in root.params:
        for option in param.opts:
            if option != "--help":
                assert option in README.read_text(encoding="utf-8"), option


def test_the_import_row_and_help_name_every_import_kind() -> None:
    row = _rows()["import"][1]
    listed = re.findall(r"KIND ((?:`\w+`(?:, | or )?)+)", row)
    named = {name for kinds in listed for name in re.findall(r"`(\w+)`", kinds)}
    assert named == set(import_kinds())
    for name in import_kinds():
        assert name in KINDS_HELP, name


def test_exit_codes_mean_one_thing_each_and_the_readme_says_what_help_says() -> None:
    assert len(Exit.__members__) == len(Exit), "two names for one exit code"
    assert set(EXIT_MEANINGS) == set(Exit)
    flat_readme = " ".join(_reference().split())
    assert exit_codes_text() in flat_readme
    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    assert exit_codes_text() in " ".join(shown.split())


def test_readme_has_exactly_the_two_fresh_machine_commands() -> None:
    text = README.read_text(encoding="utf-8")
    try_it = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", try_it, flags=re.DOTALL)
    assert len(blocks) == 2
    assert "cswork demo" in blocks[0]
    assert "pytest" in blocks[1]
