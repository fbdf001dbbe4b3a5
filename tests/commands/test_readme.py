"""The README's CLI reference and the real ``--help`` stay in step."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from cswork.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands() -> set[str]:
    group = typer.main.get_group(app)
    return set(group.commands)


def _readme_commands() -> set[str]:
    text = README.read_text(encoding="utf-8")
    reference = text.split("## CLI reference", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `cswork (\w[\w-]*)", reference, flags=re.MULTILINE))


def test_every_command_is_in_the_readme_and_every_readme_command_exists() -> None:
    assert _commands() == _readme_commands()


def test_readme_has_exactly_the_two_fresh_machine_commands() -> None:
    text = README.read_text(encoding="utf-8")
    try_it = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", try_it, flags=re.DOTALL)
    assert len(blocks) == 2
    assert "cswork demo" in blocks[0]
    assert "pytest" in blocks[1]


def test_every_option_in_the_readme_table_exists() -> None:
    group = typer.main.get_group(app)
    text = README.read_text(encoding="utf-8")
    reference = text.split("## CLI reference", 1)[1].split("\n## ", 1)[0]
    for row in re.findall(r"^\| `cswork ([^`]*)`", reference, flags=re.MULTILINE):
        command = group
        for word in row.split():
            subcommands = getattr(command, "commands", {})
            if word not in subcommands:
                break
            command = subcommands[word]
        documented = set(re.findall(r"(--[a-z][a-z-]*)", row))
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        assert documented <= known, (row, documented - known)


def test_every_subcommand_is_in_the_readme() -> None:
    group = typer.main.get_group(app)
    text = README.read_text(encoding="utf-8")
    for name, command in group.commands.items():
        for sub in getattr(command, "commands", {}):
            assert f"| `cswork {name} {sub}" in text, (name, sub)
