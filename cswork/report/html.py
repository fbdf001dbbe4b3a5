"""The report as one self-contained HTML file: inline CSS and SVG, no script, fonts or links out,
and print CSS for A4 so a browser's "Print to PDF" gives a clean paper."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from cswork.report import text
from cswork.report.charts import chart_svg
from cswork.report.document import Bullets, Chart, Paragraph, Report, Table

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #bbb; --band: #f2f2f2; }
html { color: var(--ink); background: #fff; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 11pt; line-height: 1.4; max-width: 58rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 20pt; margin: 0 0 0.2rem; }
h2 { font-size: 14pt; margin: 1.6rem 0 0.3rem; border-bottom: 2px solid var(--ink);
  break-after: avoid; page-break-after: avoid; }
.subtitle, .scope, figcaption, caption { color: var(--muted); }
.scope { font-size: 9.5pt; margin: 0 0 0.6rem; }
nav ol { columns: 2; margin: 0.3rem 0 0; font-size: 10pt; }
nav h2 { border: 0; font-size: 11pt; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 8.5pt; }
caption { text-align: left; font-size: 9pt; padding-bottom: 0.2rem; caption-side: top; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.15rem 0.35rem; vertical-align: top; }
thead th.num { white-space: normal; }
thead th { border-bottom: 2px solid var(--ink); text-align: left; vertical-align: bottom; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody th { text-align: left; font-weight: normal; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid var(--ink); }
td.rag-red { background: #f8d7d3; } td.rag-amber { background: #fcebc6; }
td.rag-green { background: #d6ecd8; }
td.rag::before { content: "\\25CF\\00A0"; }
td.rag-red::before { color: #b2182b; } td.rag-amber::before { color: #b35806; }
td.rag-green::before { color: #1b7837; }
figure { margin: 0.5rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; margin-top: 0.2rem; }
ul.messages li { margin-bottom: 0.35rem; }
ul.bullets { font-size: 10pt; }
@page { size: A4 portrait; margin: 16mm 15mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { margin-top: 1rem; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _table(table: Table) -> Iterator[str]:
    yield f'<table data-table="{escape(table.key)}">'
    yield f"<caption>{escape(table.caption)}</caption>"
    yield "<thead><tr>"
    for header, numeric in zip(table.headers, table.numeric, strict=True):
        cls = ' class="num"' if numeric else ""
        yield f'<th scope="col"{cls}>{escape(header)}</th>'
    yield "</tr></thead><tbody>"
    last = len(table.rows) - 1
    for r, row in enumerate(table.rows):
        yield '<tr class="total">' if table.total and r == last else "<tr>"
        for c, (cell, numeric) in enumerate(zip(row, table.numeric, strict=True)):
            classes = ["num"] if numeric else []
            tone = table.tone(r, c)
            if tone:
                classes += ["rag", f"rag-{tone}"]
            cls = f' class="{" ".join(classes)}"' if classes else ""
            if c == 0 and not numeric:
                yield f'<th scope="row"{cls}>{escape(cell)}</th>'
            else:
                yield f"<td{cls}>{escape(cell)}</td>"
        yield "</tr>"
    yield "</tbody></table>"


def _figure(chart: Chart, number: int) -> str:
    svg = chart_svg(chart)
    label = f'<svg role="img" aria-label="{escape(chart.alt)}" '
    svg = label + svg.removeprefix("<svg ")
    return (
        f'<figure id="chart-{escape(chart.key)}">{svg}'
        f"<figcaption>Figure {number}. {escape(chart.title)}. {escape(chart.alt)}</figcaption>"
        "</figure>"
    )


def subtitle(report: Report) -> str:
    """``Demoshire County Council · workforce position as at 30 September 2025 · written ...``."""
    parts = [report.authority] if report.authority else []
    parts += [
        f"Workforce position as at {text.day(report.as_at)}",
        f"written {text.day(report.generated_on)}",
    ]
    return " · ".join(parts)


def render_html(report: Report) -> str:
    """The whole paper as an HTML document."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(subtitle(report))}</p></header>',
        '<nav aria-label="Contents"><h2>Contents</h2><ol>',
        *(f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in report.sections),
        "</ol></nav><main>",
    ]
    figures = 0
    for number, section in enumerate(report.sections, start=1):
        out.append(
            f'<section id="{escape(section.key)}" aria-labelledby="h-{escape(section.key)}">'
        )
        out.append(f'<h2 id="h-{escape(section.key)}">{number}. {escape(section.title)}</h2>')
        out.append(f'<p class="scope">{escape(section.scope)}</p>')
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{escape(block.text)}</p>")
            elif isinstance(block, Bullets):
                cls = "messages" if section.key == "key-messages" else "bullets"
                out.append(f'<ul class="{cls}">')
                out.extend(f"<li>{escape(item)}</li>" for item in block.items)
                out.append("</ul>")
            elif isinstance(block, Table):
                out.extend(_table(block))
            else:
                figures += 1
                out.append(_figure(block, figures))
        out.append("</section>")
    out.append("</main></body></html>\n")
    return "\n".join(out)
