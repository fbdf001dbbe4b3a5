"""Rich renderables for the import log and an import's problems."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from cswork.model.imports import Problem
from cswork.store.imports import ImportRecord


def import_log_table(records: Sequence[ImportRecord]) -> Table:
    """The import log, newest first: when, what, counts and outcome."""
    table = Table(title="Imports", title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("started (UTC)")
    table.add_column("kind")
    table.add_column("file")
    table.add_column("outcome")
    for heading in ("read", "added", "changed", "closed", "skipped"):
        table.add_column(heading, justify="right")
    table.add_column("note")
    for record in records:
        table.add_row(
            str(record.id),
            record.started_at.replace("T", " ").removesuffix("+00:00"),
            record.kind,
            record.file_name,
            record.outcome,
            str(record.rows_read),
            str(record.rows_added),
            str(record.rows_changed),
            str(record.rows_closed),
            str(record.rows_skipped),
            "" if record.outcome == "ok" else record.message or "",
        )
    return table


def problem_lines(problems: Sequence[Problem], truncated: bool) -> list[str]:
    """One line per problem (file, row, column, reason, value), and a note if more were cut."""
    lines = [str(problem) for problem in problems]
    if truncated:
        lines.append(f"... stopped after {len(problems)} problems; fix these and try again")
    return lines
