"""``cswork --db PATH`` opens the app on PATH; before a command it is the command's database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.commands import core
from cswork.paths import ENV_VAR

runner = CliRunner()


def test_db_with_no_command_opens_the_app_on_that_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[tuple[object, object]] = []
    monkeypatch.setattr(core, "tui", lambda db, as_at: opened.append((db, as_at)))
    result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "--as-at", "2025-09-30"])
    assert result.exit_code == 0, result.output
    assert opened == [(tmp_path / "x.db", "2025-09-30")]


def test_db_before_a_command_is_that_commands_database(
    monkeypatch: pytest.MonkeyPatch, demo_path: Path, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    result = runner.invoke(app, ["--db", str(copy), "summary", "--as-at", "2025-09-30", "--json"])
    assert result.exit_code == 0, result.output
    assert '"vacancy_rate"' in result.output


def test_as_at_before_a_command_says_where_it_goes() -> None:
    result = runner.invoke(app, ["--as-at", "2025-09-30", "summary"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "give --as-at after the command: cswork summary --as-at 2025-09-30" in result.output


def test_the_command_list_gives_each_summary_as_one_flowing_sentence() -> None:
    """A docstring's first paragraph wrapped in the source reads as one sentence in the list, not
    broken where the source line ended (typer keeps those breaks in rich markup mode)."""
    rows = _command_rows(["--help"])
    assert rows["calibrate"].startswith("Leaver rates by band")
    assert rows["calibrate"].endswith("(starts a year, Kaplan–Meier retention by route).")
    assert rows["settings"].endswith("(for a price cap, remove that job type's caps).")
    assert rows["scenario"].startswith("Named projection scenarios")
    assert _command_rows(["key", "--help"])["export"].endswith(
        "with 'cswork key import'. Keep it as safe as the database: together they give the numbers back."
    )


def _command_rows(args: list[str]) -> dict[str, str]:
    shown = runner.invoke(app, args, env={"COLUMNS": "400"}).output
    return {
        line.strip("│ ").split(" ", 1)[0]: " ".join(line.strip("│ ").split()[1:])
        for line in shown.splitlines()
        if line.startswith("│ ")
    }


def test_the_help_says_the_root_as_at_is_the_apps() -> None:
    """``cswork --help`` lists --as-at among the root options: it says it is the app's date, so
    nobody puts it before a command and meets the error above."""
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert "With no command: the date the app opens as at" in help_text
    assert "A command takes its own --as-at, after its name." in help_text
