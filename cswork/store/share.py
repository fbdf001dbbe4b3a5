"""The tables for outside readers (``share_*``, declared in ``db/0004_share_tables.sql``).

cswork computes their rows (:mod:`cswork.services.share`); this module only replaces them, all of
them in one transaction, so a reader never sees one table refreshed and another not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.rows import iso, must_date

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ShareTable:
    """One table's new rows, what it holds and the date its figures are as at (for
    ``share_about``; ``None`` for a table of events such as the import log)."""

    name: str
    description: str
    rows: Sequence[Row]
    as_at: date | None = None


def replace_share_tables(
    db: sqlite_utils.Database,
    tables: Sequence[ShareTable],
    *,
    refreshed_at: str,
) -> None:
    """Empty every table in ``tables``, write its rows, and record it in ``share_about``."""
    with db.atomic():
        for table in tables:
            db.execute(f"DELETE FROM [{table.name}]")
            if table.rows:
                columns = list(table.rows[0])
                names = ", ".join(f"[{c}]" for c in columns)
                marks = ", ".join("?" for _ in columns)
                db.conn.executemany(
                    f"INSERT INTO [{table.name}] ({names}) VALUES ({marks})",
                    [tuple(row[c] for c in columns) for row in table.rows],
                )
            db.execute(
                "INSERT OR REPLACE INTO share_about (table_name, description, as_at, refreshed_at) "
                "VALUES (?, ?, ?, ?)",
                (table.name, table.description, iso(table.as_at), refreshed_at),
            )


def history_evidence_start(db: sqlite_utils.Database) -> date | None:
    """The first date the store records a change rather than a standing position: the earliest
    leaver or caseload count (else the earliest start), or ``None`` for an empty store.

    Before it, an HR extract of today's staff says little (the leavers of those years are missing),
    so monthly history for outside readers starts there.
    """
    row = db.execute(
        "SELECT (SELECT MIN(end_date) FROM role_spells), (SELECT MIN(as_at) FROM caseloads), "
        "(SELECT MIN(start_date) FROM role_spells)"
    ).fetchone()
    evidence = [value for value in row[:2] if value is not None]
    if evidence:
        return must_date(min(evidence))
    return must_date(row[2]) if row[2] is not None else None
