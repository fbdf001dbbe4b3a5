"""The report as a Word file (python-docx, imported only here): real Heading 1/2 styles for the
navigation pane, real tables whose header row repeats on every page, charts as 200 dpi PNGs with
alt text, A4 portrait, and "Page N of M" in the footer."""

from __future__ import annotations

import io
from typing import Any

from cswork.report.charts import chart_png
from cswork.report.document import Bullets, Chart, Paragraph, Report, Table
from cswork.report.html import subtitle

#: Cell shading for status colours (light tints; the status is also in words).
TONE_FILLS = {"red": "F8D7D3", "amber": "FCEBC6", "green": "D6ECD8"}


def _field(paragraph: Any, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _page_setup(document: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_heading(table.caption, level=2)
    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.headers))
    grid.style = "Table Grid"
    _repeat_header(grid.rows[0])
    last = len(table.rows) - 1
    for r, values in enumerate((table.headers, *table.rows)):
        cells = grid.rows[r].cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(8)
            run.bold = r == 0 or (table.total and r - 1 == last)
            if table.numeric[c]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            tone = table.tone(r - 1, c) if r > 0 else None
            if tone in TONE_FILLS:
                _shade(cells[c], TONE_FILLS[tone])


def _chart(document: Any, chart: Chart, number: int) -> None:
    from docx.shared import Mm, Pt

    document.add_heading(f"Figure {number}. {chart.title}", level=2)
    run = document.add_paragraph().add_run()
    picture = run.add_picture(io.BytesIO(chart_png(chart)), width=Mm(174))
    picture._inline.docPr.set("descr", chart.alt)
    picture._inline.docPr.set("title", chart.title)
    caption = document.add_paragraph().add_run(chart.alt)
    caption.font.size = Pt(8.5)
    caption.italic = True


def render_docx(report: Report) -> bytes:
    """The whole paper as the bytes of a .docx file."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = "cswork"
    document.core_properties.comments = subtitle(report)
    document.styles["Normal"].font.size = Pt(10)
    _page_setup(document)
    document.add_heading(report.title, level=0)
    document.add_paragraph(subtitle(report))
    figures = 0
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        scope = document.add_paragraph().add_run(section.scope)
        scope.italic = True
        scope.font.size = Pt(9)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                _table(document, block)
            else:
                figures += 1
                _chart(document, block, figures)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
