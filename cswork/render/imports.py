"""Rich renderables for the import log and an import's problems."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from cswork.model.imports import Problem
from cswork.services.imports import ImportRecord


def import_log_table(records: Sequence[ImportRecord]) -> Table:
    """The import log, newest first: when, what, outcome and counts (messages are in --json)."""
    table = Table(
        title="Imports", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False
    )
    table.add_column("id", justify="right")
    table.add_column("started", no_wrap=True)
    table.add_column("kind")
    table.add_column("file", overflow="fold")
    table.add_column("outcome", no_wrap=True)
    for heading in ("read", "added", "changed", "closed"):
        table.add_column(heading, justify="right")
    for record in records:
        table.add_row(
            str(record.id),
            record.started_at[:10],
            record.kind,
            record.file_name,
            record.outcome,
            str(record.rows_read),
            str(record.rows_added),
            str(record.rows_changed),
            str(record.rows_closed),
        )
    return table


def problem_lines(
    problems: Sequence[Problem], truncated: bool, *, shown: int | None = None
) -> list[str]:
    """One line per problem (file, row, column, reason, value), at most ``shown`` of them, then a
    line counting the rest, and a note if the import stopped looking for more."""
    listed = problems if shown is None else problems[:shown]
    lines = [str(problem) for problem in listed]
    if len(problems) > len(listed):
        lines.append(f"… and {len(problems) - len(listed)} more; --json for all")
    if truncated:
        lines.append(f"... stopped after {len(problems)} problems; fix these and try again")
    return lines
