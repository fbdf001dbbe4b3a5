"""The census check's one-line tally counts in words: one error, two queries."""

from __future__ import annotations

from rich.console import Console

from cswork.model.census_check import Finding, Severity
from cswork.render.census import findings_renderable


def test_the_tally_says_error_and_query_in_the_singular_and_plural() -> None:
    error = Finding("r1", Severity.ERROR, "E1", "no start date", "add it")
    query = Finding("r2", Severity.QUERY, "E2", "an odd date", "confirm it")
    console = Console(width=200, record=True, color_system=None)
    console.print(findings_renderable(2025, [error, query, query]))
    text = console.export_text()
    assert "CSWW 2025: 1 error DfE validation would reject, 2 queries a reviewer" in text
