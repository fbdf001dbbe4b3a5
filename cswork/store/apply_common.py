"""Shared steps for applying imports: journalled upserts, and teams and cohorts found by name."""

from __future__ import annotations

import re
from typing import Any

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.imports import Journal


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).casefold()


def upsert(
    db: sqlite_utils.Database,
    journal: Journal,
    table: str,
    key: dict[str, Any],
    values: dict[str, Any],
) -> tuple[str, int]:
    """Insert the row with ``key``, or update the ``values`` that differ; journalled.

    Returns ('added' | 'changed' | 'same', row id).
    """
    where = " AND ".join(f"[{column}] = ?" for column in key)
    cursor = db.conn.execute(f"SELECT * FROM [{table}] WHERE {where}", list(key.values()))
    found = cursor.fetchone()
    if found is None:
        row = {**key, **values}
        names = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        inserted = db.conn.execute(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(row.values())
        )
        row_id = int(inserted.lastrowid or 0)
        journal.inserted(table, row_id)
        return "added", row_id
    before = {d[0]: value for d, value in zip(cursor.description, found, strict=True)}
    row_id = int(before["id"])
    changed = {c: v for c, v in values.items() if before[c] != v}
    if not changed:
        return "same", row_id
    journal.updated(table, before)
    assignments = ", ".join(f"[{c}] = ?" for c in changed)
    db.conn.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*changed.values(), row_id])
    return "changed", row_id


class NamedRows:
    """Ids of teams or cohorts by name (case- and space-insensitive), creating them when allowed."""

    def __init__(self, db: sqlite_utils.Database, journal: Journal, table: str) -> None:
        self.db = db
        self.journal = journal
        self.table = table
        self.ids = {
            _name_key(name): int(row_id)
            for row_id, name in db.execute(f"SELECT id, name FROM [{table}]").fetchall()
        }

    def find(self, name: str) -> int | None:
        """The id of ``name``, if it exists."""
        return self.ids.get(_name_key(name))

    def create(self, name: str, **values: Any) -> int:
        """Insert a new row called ``name`` (journalled) and return its id."""
        row = {"name": name.strip(), **values}
        names = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(
            f"INSERT INTO [{self.table}] ({names}) VALUES ({marks})", list(row.values())
        )
        row_id = int(cursor.lastrowid or 0)
        self.journal.inserted(self.table, row_id)
        self.ids[_name_key(name)] = row_id
        return row_id
