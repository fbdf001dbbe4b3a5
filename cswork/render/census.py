"""The census check in the terminal: one row per finding, errors first, with the fix beside it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cswork.model.census_check import Finding, Severity
from cswork.render.format import plural


def findings_renderable(year: int, findings: Sequence[Finding]) -> RenderableType:
    """A table of the findings for the return of ``year`` under a one-line tally."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    queries = len(findings) - errors
    if not findings:
        return Text(f"CSWW {year}: nothing to fix or explain.", style="green")
    tally = Text(
        f"CSWW {year}: {plural(errors, 'error')} DfE validation would reject, "
        f"{plural(queries, 'query', 'queries')} a reviewer would raise.",
        style="bold red" if errors else "bold yellow",
    )
    table = Table(show_lines=False)
    table.add_column("Severity")
    table.add_column("Worker")
    table.add_column("Problem")
    table.add_column("Fix")
    for finding in findings:
        style = "red" if finding.severity is Severity.ERROR else "yellow"
        table.add_row(
            Text(finding.severity.value, style=style),
            finding.worker_ref or "(authority)",
            finding.message,
            finding.fix,
        )
    return Group(tally, table)
