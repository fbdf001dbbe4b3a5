"""The paper's three formats: self-contained HTML, a Word file with real headings, tables, page
numbers and alt text, and GitHub-flavoured Markdown with its charts beside it."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from cswork.report.inputs import SECTIONS
from tests.report.conftest import html_tables


def test_html_is_one_self_contained_file(demo_files: dict[str, Path]) -> None:
    from lxml import html

    path = demo_files["html"]
    tree = html.parse(str(path))
    assert not tree.xpath("//script|//link|//img|//iframe|//object")
    assert not tree.xpath("//*[@src]")
    external = [h for h in tree.xpath("//@href") if not h.startswith("#")]
    assert not external
    text = path.read_text(encoding="utf-8")
    assert "@import" not in text
    assert not re.findall(r"url\((?!#)", text)  # only references within the file
    assert "@page { size: A4 portrait" in text
    assert [h.text_content() for h in tree.xpath("//main/section/h2")] == [
        f"{n}. {title}" for n, (_, title) in enumerate(SECTIONS, start=1)
    ]
    svgs = tree.xpath("//figure/svg")
    assert len(svgs) == 5
    for svg in svgs:
        assert svg.get("role") == "img"
        assert any(ch.isdigit() for ch in svg.get("aria-label"))  # alt text states a figure
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_word_has_headings_repeated_header_rows_a4_page_numbers_and_alt_text(
    demo_files: dict[str, Path],
) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document(str(demo_files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{n}. {title}" for n, (_, title) in enumerate(SECTIONS, start=1)]
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    pictures = document.inline_shapes
    assert len(pictures) == 5
    for picture in pictures:
        assert any(ch.isdigit() for ch in picture._inline.docPr.get("descr"))
    from PIL import Image

    for part in document.part.package.parts:
        if part.content_type == "image/png":
            import io

            dpi = Image.open(io.BytesIO(part.blob)).info["dpi"]
            assert round(dpi[0]) == 200


def test_markdown_has_pipe_tables_and_svg_charts_beside_it(demo_files: dict[str, Path]) -> None:
    path = demo_files["md"]
    text = path.read_text(encoding="utf-8")
    assert "| Measure | 30 Sep 2025 |" in text
    assert "| --- | ---: |" in text
    folder = path.with_name("paper_charts")
    charts = sorted(p.name for p in folder.iterdir())
    assert charts == ["continuity.svg", "demand.svg", "outlook.svg", "retention.svg", "trend.svg"]
    for name in charts:
        assert f"](paper_charts/{name})" in text
        assert (folder / name).read_text(encoding="utf-8").startswith("<svg")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_html_and_markdown_tables_agree(demo_files: dict[str, Path]) -> None:
    text = demo_files["md"].read_text(encoding="utf-8")
    for headers, rows in html_tables(demo_files["html"]).values():
        assert "| " + " | ".join(h.replace("|", "\\|") for h in headers) + " |" in text
        for row in rows[:-1]:
            assert "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" in text
