"""Board report fixtures: a private copy of the session's demo (the report stores the calibrated
baseline scenario, as ``cswork project`` does), the paper written once from it in each format, and
the ``--json`` commands' output to check it against."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from tests.conftest import DEMO_AS_AT

AS_AT = DEMO_AS_AT.isoformat()


@pytest.fixture(scope="session")
def report_db(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo authority that the report may write its baseline scenario to."""
    path = tmp_path_factory.mktemp("report") / "demo.db"
    source, target = sqlite3.connect(demo_path), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    path.chmod(0o600)
    return path


def run_cli(*args: str) -> Any:
    """Run ``cswork ARGS``; the exit code must be 0."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def cli_json(report_db: Path) -> Callable[..., Any]:
    """``cswork COMMAND --db DEMO ARGS`` parsed as JSON."""

    def call(command: str, *args: str) -> Any:
        result = CliRunner().invoke(app, [command, "--db", str(report_db), *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return call


@pytest.fixture(scope="session")
def demo_files(report_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's paper written by ``cswork report`` as HTML, Word and Markdown."""
    folder = tmp_path_factory.mktemp("papers")
    files = {}
    for fmt in ("html", "docx", "md"):
        path = folder / f"paper.{fmt}"
        run_cli("report", "--db", str(report_db), "--as-at", AS_AT, "--out", str(path))
        files[fmt] = path
    return files


Tables = dict[str, tuple[list[str], list[list[str]]]]


def html_tables(path: Path) -> Tables:
    """Every table of the HTML paper by its ``data-table`` key: headers and rows of cell text."""
    from lxml import html

    tree = html.parse(str(path))
    tables: Tables = {}
    for table in tree.xpath("//table[@data-table]"):
        headers = [th.text_content() for th in table.xpath("./thead/tr/th")]
        rows = [
            [cell.text_content() for cell in tr.xpath("./th|./td")]
            for tr in table.xpath("./tbody/tr")
        ]
        tables[table.get("data-table")] = (headers, rows)
    return tables


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> list[float]:
    """Every unsigned number written in ``text`` (``1,134`` is 1134; ``£1.61m`` is 1.61)."""
    return [float(n.replace(",", "")) for n in NUMBER.findall(text)]


def figure(cell: str) -> float | None:
    """The single figure in a cell, signed (``-11.7 %`` is -11.7); ``None`` for a dash."""
    if cell.strip() in {"–", ""}:
        return None
    found = re.fullmatch(r"([+-]?)£?([\d,]+(?:\.\d+)?)(?: %|m)?", cell.strip())
    assert found, f"not a single figure: {cell!r}"
    value = float(found.group(2).replace(",", ""))
    return -value if found.group(1) == "-" else value
