"""Names from the data are text in every format of the board report: a team called like a piece of
HTML or Markdown reads as those characters, never as an image, a link or emphasis (the Markdown
paper wrote table cells raw: a team ``<img src=x onerror=...>`` went in as live HTML)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from docx import Document
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from cswork.report.markdown import cell, plain
from tests.conftest import DEMO_AS_AT
from tests.report.conftest import run_cli

HOSTILE = "<img src=x onerror=alert(1)> [minutes](javascript:alert(1)) *North* & ~~x~~ | `y`"


@pytest.fixture(scope="module")
def papers(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's paper in every format, with its Care Leavers team renamed ``HOSTILE``."""
    folder = tmp_path_factory.mktemp("hostile-paper")
    db = folder / "demo.db"
    source, target = sqlite3.connect(demo_path), sqlite3.connect(db)
    source.backup(target)
    source.close()
    with target:
        target.execute("UPDATE teams SET name = ? WHERE name = 'Care Leavers'", (HOSTILE,))
    target.close()
    papers = {}
    for fmt in ("md", "html", "docx"):
        path = folder / f"paper.{fmt}"
        run_cli("report", "--db", str(db), "--as-at", DEMO_AS_AT.isoformat(), "--out", str(path))
        papers[fmt] = path
    return papers


def _rendered_markdown(path: Path) -> lxml_html.HtmlElement:
    """The Markdown as a renderer that lets raw HTML through would show it."""
    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return lxml_html.fromstring(f"<div>{renderer.render(path.read_text(encoding='utf-8'))}</div>")


def test_the_markdown_paper_shows_the_name_as_text(papers: dict[str, Path]) -> None:
    page = _rendered_markdown(papers["md"])
    cells = [c.text_content() for c in page.xpath("//td | //th")]
    assert HOSTILE in cells  # the team table's row, whole
    assert not page.xpath("//img[not(contains(@src, '.svg'))]")  # only the charts
    assert not page.xpath("//a")
    assert not page.xpath("//td//em | //td//s | //td//del | //td//code")


def test_the_html_and_word_papers_show_the_name_as_text(papers: dict[str, Path]) -> None:
    page = lxml_html.parse(str(papers["html"])).getroot()
    assert HOSTILE in [c.text_content() for c in page.xpath("//td | //th")]
    assert not page.xpath("//img[@onerror] | //a[starts-with(@href, 'javascript')]")
    document = Document(str(papers["docx"]))
    words = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert HOSTILE in words


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1. North", "1\\. North"),  # not a numbered list
        ("- North", "\\- North"),  # nor a bullet
        ("===", "\\==="),  # nor a heading's underline
        ("North 1.5 - 2", "North 1.5 - 2"),  # numbers and dashes in a sentence are left alone
    ],
)
def test_a_paragraph_never_begins_markup(text: str, shown: str) -> None:
    assert plain(text) == shown
    assert cell("-5.2") == "-5.2"
