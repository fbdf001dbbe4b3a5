"""``cswork report`` on the command line: formats, sections, exit codes, and how the file is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.store import Database
from tests.report.small import fill


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def small_db(db: Database, tmp_path: Path) -> Path:
    fill(db, demand=True)
    return tmp_path / "test.db"


def test_no_database_exits_3_saying_how_to_get_one(tmp_path: Path) -> None:
    code, output = invoke(
        "report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "r.html")
    )
    assert code == 3
    assert "cswork init" in output or "cswork demo" in output
    assert not (tmp_path / "r.html").exists()


def test_no_workforce_exits_3(db: Database, tmp_path: Path) -> None:
    code, output = invoke(
        "report", "--db", str(tmp_path / "test.db"), "--out", str(tmp_path / "r.html")
    )
    assert code == 3
    assert "cswork demo" in output
    assert not (tmp_path / "r.html").exists()


def test_unknown_section_is_a_usage_error_listing_the_sections(small_db: Path) -> None:
    code, output = invoke("report", "--db", str(small_db), "--sections", "workforce,money")
    assert code == 2
    assert "'money'" in output
    for key in ("key-messages", "workforce", "agency", "outlook", "data"):
        assert key in output


def test_help_lists_every_section_the_report_takes() -> None:
    from cswork.commands.report import SECTION_NAMES
    from cswork.report.inputs import SECTION_KEYS

    assert SECTION_NAMES.split(", ") == list(SECTION_KEYS)


def test_an_out_with_no_folder_is_refused_in_one_line_with_exit_1(
    small_db: Path, tmp_path: Path
) -> None:
    """A destination that cannot be a file is refused input (exit 1), as for ``export csww``,
    ``scenario export`` and ``key export``; a write that fails there is the environment (4)."""
    target = tmp_path / "missing" / "r.html"
    result = CliRunner().invoke(
        app, ["report", "--db", str(small_db), "--out", str(target), "--sections", "workforce"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot write the report" in lines[0]
    assert not target.parent.exists()
    census = ["export", "csww", "--db", str(small_db), "--year", "2025", "--la-code", "999"]
    other = CliRunner().invoke(app, [*census, "--out", str(target)])
    assert other.exit_code == result.exit_code


def test_a_write_that_fails_is_the_environment_exit_4(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # the disk fills as the file is written
    folder = tmp_path / "papers"
    folder.mkdir()
    target = folder / "r.html"
    result = CliRunner().invoke(
        app, ["report", "--db", str(small_db), "--out", str(target), "--sections", "workforce"]
    )
    assert result.exit_code == 4, result.output
    assert "No space left on device" in result.output
    assert not list(folder.iterdir())  # no part-written file left
