"""The core commands through the command line: init, demo, summary, --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()

SUMMARY_KEYS = {
    "as_at",
    "in_post_fte",
    "in_post_headcount",
    "agency_fte",
    "vacancy_fte",
    "vacancy_rate",
    "agency_rate",
    "turnover_rate",
    "caseload",
    "teams",
}


def test_init_creates_a_private_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    result = runner.invoke(app, ["init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.exists()
    assert (path.stat().st_mode & 0o777) == 0o600


def test_db_comes_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    result = runner.invoke(app, ["init"], env={"CSWORK_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_summary_json_has_stable_keys(demo_path: Path) -> None:
    result = runner.invoke(
        app, ["summary", "--db", str(demo_path), "--as-at", "2025-09-30", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= SUMMARY_KEYS
    assert data["as_at"] == "2025-09-30"
    assert {"team", "in_post_fte", "vacancy_rate", "caseload"} <= set(data["teams"][0])
    assert isinstance(data["vacancy_rate"], float)


def test_summary_compares_a_past_date_with_england_in_its_own_year(demo_path: Path) -> None:
    # The latest census on or before 31 March 2024 was 30 September 2023, as on the Overview;
    # not the latest year published, which postdates the figures beside it.
    args = ["summary", "--db", str(demo_path), "--as-at", "2024-03-31"]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["england"]["year"] == 2023
    assert "England 2023" in runner.invoke(app, args).stdout


def test_summary_compares_a_date_in_2024_25_with_england_2024(demo_path: Path) -> None:
    args = ["summary", "--db", str(demo_path), "--as-at", "2025-03-31"]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["england"]["year"] == 2024
    assert data["england"]["vacancy_rate"] == 17.3  # as DfE published it
    assert "England 2024" in runner.invoke(app, args).stdout


@pytest.mark.usefixtures("england_without_2024")
def test_summary_says_no_england_figure_rather_than_show_another_year(demo_path: Path) -> None:
    # Were 2024's England row not held, 31 March 2025 (census year 2024) would not be compared
    # with 2023 or 2025.
    args = ["summary", "--db", str(demo_path), "--as-at", "2025-03-31"]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["england"] is None
    shown = runner.invoke(app, args).stdout
    assert "no England figure for 2024" in shown
    assert "England 2023" not in shown and "England 2025" not in shown


def test_summary_renders_a_table(demo_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "2025-09-30"])
    assert result.exit_code == 0, result.output
    assert "Vacancy rate" in result.stdout
    assert "England 2025" in result.stdout
    assert "Help and Protection North" in result.stdout


def test_summary_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 3
    assert "cswork init" in result.stderr


def test_summary_of_an_empty_database_says_how_to_get_a_workforce(tmp_path: Path) -> None:
    path = str(tmp_path / "empty.db")
    assert runner.invoke(app, ["init", "--db", path]).exit_code == 0
    for extra in ([], ["--json"]):
        result = runner.invoke(app, ["summary", "--db", path, *extra])
        assert result.exit_code == 3, result.output
        assert result.stdout == ""
        assert "no workforce in the database: import staff" in result.stderr


def test_bad_date_is_a_usage_error(demo_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "2025-02-30"])
    assert result.exit_code == 2
    assert "--as-at: 2025-02-30 is not a real date" in result.stderr
    result = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "Sept"])
    assert result.exit_code == 2
    assert "give the date as 30/09/2024 or 2024-09-30, not 'Sept'" in result.stderr


def test_uk_dates_are_read_as_imports_read_them(demo_path: Path) -> None:
    uk = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "30/06/2025"])
    iso = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "2025-06-30"])
    assert uk.exit_code == iso.exit_code == 0
    assert uk.stdout == iso.stdout


def test_demo_refuses_to_overwrite_the_default_database(tmp_path: Path) -> None:
    path = tmp_path / "default.db"
    path.write_bytes(b"")
    result = runner.invoke(app, ["demo", "--no-open"], env={"CSWORK_DB": str(path)})
    assert result.exit_code == 2
    assert "--force" in result.stderr


@pytest.mark.slow
def test_help_and_summary_are_quick_and_do_not_import_textual(demo_path: Path) -> None:
    code = (
        "import sys, runpy; sys.argv = ['cswork', 'summary', '--db', sys.argv[1], '--json'];"
        "from cswork.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(demo_path)], check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    assert elapsed < 5  # a guard against pathology; real timings are in bench/


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("cswork ")


def test_a_date_after_the_last_data_is_warned_of(demo_path: Path) -> None:
    result = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "2035-01-01"])
    assert result.exit_code == 0
    assert (
        "01 Jan 2035 is after the last data held (30 Sep 2025): the figures take it that no one "
        "joined or left after that date, and carry the last caseload counts forward"
        in result.stderr
    )
    covered = runner.invoke(app, ["summary", "--db", str(demo_path), "--as-at", "2025-06-30"])
    assert "last data held" not in covered.stderr


def _help_in_a_process(args: list[str], *, entry: str) -> subprocess.CompletedProcess[str]:
    """``cswork ARGS`` in a fresh process, through ``cswork.cli.main`` or typer's ``app`` itself;
    the process then checks which of rich's Markdown and Traceback modules are the real ones."""
    code = (
        "import sys\n"
        f"sys.argv = ['cswork', *{args!r}]\n"
        f"from cswork.cli import {entry} as run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "import rich.markdown, rich.traceback, typer.rich_utils as t\n"
        "assert rich.markdown.Markdown.__module__ == 'rich.markdown'\n"
        "assert t.Markdown('*x*').__class__ is rich.markdown.Markdown\n"
        "assert t.Traceback.from_exception.__func__ is rich.traceback.Traceback.from_exception.__func__\n"
    )
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )


@pytest.mark.parametrize("args", [["--help"], ["summary", "--help"], ["import", "staff", "--help"]])
def test_help_without_markdown_and_traceback_is_the_same_help(args: list[str]) -> None:
    """main() imports typer's help formatter with stand-ins for rich's Markdown and Traceback
    (which cswork's help never draws): the help is what typer writes, and the stand-ins load the
    real classes if ever used."""
    quick = _help_in_a_process(args, entry="main")
    plain = _help_in_a_process(args, entry="app")
    assert quick.stdout == plain.stdout
    assert "Usage" in quick.stdout


@pytest.mark.parametrize("command", [["census", "check"], ["export", "csww", "--out", "{out}"]])
def test_a_census_year_after_the_last_data_is_warned_of(
    demo_path: Path, tmp_path: Path, command: list[str]
) -> None:
    """The 2031 return is the data carried forward six years: say so, as --as-at does."""
    args = [part.format(out=tmp_path / "csww.xml") for part in command]
    result = runner.invoke(app, [*args, "--year", "2031", "--db", str(demo_path)])
    assert result.exit_code == 0, result.output
    assert "30 Sep 2031 is after the last data held (30 Sep 2025)" in " ".join(
        result.stderr.split()
    )
    covered = runner.invoke(app, [*args, "--year", "2025", "--db", str(demo_path)])
    assert "last data held" not in covered.stderr
