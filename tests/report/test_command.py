"""``cswork report`` on the command line: formats, sections, exit codes, and how the file is written."""

from __future__ import annotations

import os
import stat
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


def test_format_follows_the_suffix_and_the_file_is_owner_only(
    small_db: Path, tmp_path: Path
) -> None:
    for name, magic in (("r.docx", b"PK"), ("r.md", b"# "), ("r.htm", b"<!DOCTYPE html>")):
        out = tmp_path / name
        code, output = invoke("report", "--db", str(small_db), "--out", str(out), "--months", "6")
        assert code == 0, output
        assert out.read_bytes().startswith(magic)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    code, _ = invoke(
        "report",
        "--db",
        str(small_db),
        "--out",
        str(tmp_path / "x.txt"),
        "--format",
        "md",
        "--sections",
        "data",
    )
    assert code == 0 and (tmp_path / "x.txt").read_text().startswith("# ")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_symlink_at_the_destination_is_replaced_not_followed(
    small_db: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "r.html"
    link.symlink_to(victim)
    code, output = invoke(
        "report", "--db", str(small_db), "--out", str(link), "--sections", "workforce"
    )
    assert code == 0, output
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text().startswith("<!DOCTYPE html>")


def test_sections_choose_what_is_written_in_the_paper_order(small_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    code, output = invoke(
        "report", "--db", str(small_db), "--out", str(out), "--sections", "data, workforce"
    )
    assert code == 0, output
    headings = [line for line in out.read_text().splitlines() if line.startswith("## ")]
    assert headings == ["## 1. Workforce position", "## 2. Data and definitions"]


def test_worker_references_only_with_include_workers(small_db: Path, tmp_path: Path) -> None:
    plain, named = tmp_path / "plain.md", tmp_path / "named.md"
    for out, extra in ((plain, []), (named, ["--include-workers"])):
        code, output = invoke(
            "report", "--db", str(small_db), "--out", str(out), "--sections", "pressure", *extra
        )
        assert code == 0, output
    assert "E1" not in plain.read_text()
    assert "| E1 | Front Door |" in named.read_text()


def test_unknown_scenario_is_a_usage_error(small_db: Path, tmp_path: Path) -> None:
    code, output = invoke(
        "report", "--db", str(small_db), "--out", str(tmp_path / "r.html"), "--compare", "nosuch"
    )
    assert code == 2
    assert "nosuch" in output
    assert not (tmp_path / "r.html").exists()


def test_default_path_is_dated_in_the_current_directory(small_db: Path, tmp_path: Path) -> None:
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code, output = invoke(
            "report", "--db", str(small_db), "--as-at", "2025-09-30", "--sections", "workforce"
        )
    finally:
        os.chdir(cwd)
    assert code == 0, output
    assert (tmp_path / "workforce-report-2025-09-30.html").exists()


def test_a_format_the_file_name_contradicts_is_a_usage_error(
    small_db: Path, tmp_path: Path
) -> None:
    # '--out board.html --format docx' wrote a Word file called board.html.
    target = tmp_path / "board.html"
    code, output = invoke("report", "--db", str(small_db), "--out", str(target), "--format", "docx")
    assert code == 2
    assert "--format docx" in output and ".html" in output
    assert not target.exists()
    # A name without a report suffix takes the format given.
    plain = tmp_path / "board"
    code, output = invoke(
        "report", "--db", str(small_db), "--out", str(plain), "--format", "md",
        "--sections", "workforce",
    )  # fmt: skip
    assert code == 0, output
    assert plain.read_text(encoding="utf-8").startswith("# ")
    assert "(md, 1 section and 1 chart file, as at" in " ".join(output.split())
