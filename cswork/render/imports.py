"""Rich renderables for the import log and an import's problems."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from cswork.model.imports import Problem
from cswork.store.imports import ImportRecord


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


def problem_lines(problems: Sequence[Problem], truncated: bool) -> list[str]:
    """One line per problem (file, row, column, reason, value), and a note if more were cut."""
    lines = [str(problem) for problem in problems]
    if truncated:
        lines.append(f"... stopped after {len(problems)} problems; fix these and try again")
    return lines
