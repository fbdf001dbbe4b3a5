"""The report as GitHub-flavoured Markdown: pipe tables, and each chart as an SVG file beside it.

Every piece of text, the table cells included, is written as text: each character Markdown or
HTML could read as markup is escaped with a backslash (a team called ``<img src=x onerror=...>``
or ``[minutes](javascript:...)`` reads as those characters, not as an image or a link).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from cswork.report.charts import chart_svg
from cswork.report.document import Bullets, Chart, Paragraph, Report, Table
from cswork.report.html import subtitle

#: Characters escaped wherever text is written: those that start emphasis, code, links, images,
#: raw HTML, entities, headings, strikethrough and table cells.
_MARKUP = frozenset("\\`*_[]<>#|~&!")


def cell(value: str) -> str:
    """Text safe inside a table cell: markup characters escaped (a ``|`` among them), line breaks
    made spaces."""
    escaped = "".join(f"\\{ch}" if ch in _MARKUP else ch for ch in value)
    return escaped.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


#: Where a paragraph would begin a bulleted or a numbered list.
_BULLET = re.compile(r"^(\s*)([-+])(?=\s|$)")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def plain(value: str) -> str:
    """Text safe as a Markdown paragraph, a heading or a list item: as :func:`cell`, and not
    beginning a list ('1. North', '- North') or underlining a heading ('===')."""
    escaped = _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\1\\\2", cell(value)))
    if escaped.strip() and set(escaped.strip()) == {"="}:
        escaped = "\\" + escaped
    return escaped


def _table(table: Table) -> list[str]:
    lines = [f"**{plain(table.caption)}**", ""]
    lines.append("| " + " | ".join(cell(h) for h in table.headers) + " |")
    lines.append("| " + " | ".join("---:" if n else "---" for n in table.numeric) + " |")
    last = len(table.rows) - 1
    for r, row in enumerate(table.rows):
        cells = [cell(v) for v in row]
        if table.total and r == last:
            cells = [f"**{v}**" if v else v for v in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def chart_file(chart: Chart) -> str:
    """The file name of a chart's SVG."""
    return f"{chart.key}.svg"


def render_markdown(report: Report, chart_folder: str) -> tuple[str, dict[str, str]]:
    """The Markdown text and the charts to write beside it (file name → SVG)."""
    lines = [f"# {plain(report.title)}", "", plain(subtitle(report)), ""]
    charts: dict[str, str] = {}
    figures = 0
    for number, section in enumerate(report.sections, start=1):
        lines += [f"## {number}. {plain(section.title)}", "", f"*{plain(section.scope)}*", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [plain(block.text), ""]
            elif isinstance(block, Bullets):
                lines += [*(f"- {plain(item)}" for item in block.items), ""]
            elif isinstance(block, Table):
                lines += _table(block)
            else:
                figures += 1
                name = chart_file(block)
                charts[name] = chart_svg(block)
                lines += [
                    f"![{plain(block.alt)}]({quote(chart_folder)}/{quote(name)})",
                    "",
                    f"*Figure {figures}. {plain(block.title)}.*",
                    "",
                ]
    return "\n".join(lines), charts
