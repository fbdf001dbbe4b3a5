"""The import log as the Imports screen shows it: attempts, newest first, and their problems.

The log keeps file, row, column and reason for each problem, never the offending value (DESIGN.md §7).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cswork.store import Database


@dataclass(frozen=True, slots=True)
class ImportEntry:
    """One import attempt."""

    id: int
    kind: str
    file_name: str
    rows_read: int
    rows_added: int
    rows_changed: int
    rows_closed: int
    rows_skipped: int
    started_at: str
    outcome: str
    message: str | None
    errors: tuple[str, ...]


def problem_lines(errors: str | None) -> tuple[str, ...]:
    """The logged problems as sentences: a JSON list of problems, or the text as it is."""
    if not errors:
        return ()
    try:
        items = json.loads(errors)
    except json.JSONDecodeError:
        return (errors,)
    if not isinstance(items, list):
        return (errors,)
    lines = []
    for item in items:
        if isinstance(item, dict):
            where = str(item.get("file", ""))
            if item.get("row"):
                where += f", row {item['row']}"
            if item.get("column"):
                where += f", column {item['column']!r}"
            lines.append(f"{where}: {item.get('reason', '')}")
        else:
            lines.append(str(item))
    return tuple(lines)


def import_log(db: Database, limit: int = 500) -> list[ImportEntry]:
    """The latest ``limit`` import attempts, newest first."""
    rows = db.execute(
        "SELECT id, kind, file_name, rows_read, rows_added, rows_changed, rows_closed, "
        "rows_skipped, started_at, outcome, message, errors FROM imports "
        "ORDER BY started_at DESC, id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        ImportEntry(
            id=row[0],
            kind=row[1],
            file_name=row[2],
            rows_read=row[3],
            rows_added=row[4],
            rows_changed=row[5],
            rows_closed=row[6],
            rows_skipped=row[7],
            started_at=row[8],
            outcome=row[9],
            message=row[10],
            errors=problem_lines(row[11]),
        )
        for row in rows
    ]


def last_failed(entries: list[ImportEntry]) -> ImportEntry | None:
    """The most recent failed import in ``entries`` (newest first), if any."""
    return next((entry for entry in entries if entry.outcome == "failed"), None)
