"""The report as GitHub-flavoured Markdown: pipe tables, and each chart as an SVG file beside it."""

from __future__ import annotations

from cswork.report.charts import chart_svg
from cswork.report.document import Bullets, Chart, Paragraph, Report, Table
from cswork.report.html import subtitle

_ESCAPES = str.maketrans({"|": "\\|", "\n": " ", "\r": " "})


def cell(value: str) -> str:
    """Text safe inside a table cell."""
    return value.translate(_ESCAPES)


def plain(value: str) -> str:
    """Text safe as a Markdown paragraph: characters that would start markup are escaped."""
    escaped = "".join(f"\\{ch}" if ch in "\\`*_[]<>#|" else ch for ch in value)
    return escaped.replace("\n", " ")


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
                    f"![{plain(block.alt)}]({chart_folder}/{name})",
                    "",
                    f"*Figure {figures}. {plain(block.title)}.*",
                    "",
                ]
    return "\n".join(lines), charts
