"""Journalled upserts in bulk: a table's rows by key, loaded once, with inserts written in batches.

A per-row upsert costs a SELECT and an INSERT or UPDATE. For a staff file of tens of thousands of
rows, :class:`KeyedRows` instead reads the table once (rows as lists, so memory stays modest), finds
rows by key in a dict, gives new rows their ids itself and writes them with ``executemany``. Updates
are rare and are written at once (after any pending inserts) with the row's before-image journalled,
exactly as :func:`~cswork.store.apply_common.upsert` does; a row this import inserted needs no
before-image, because undo deletes it. The rows inserted by each flush have consecutive ids, so they
are journalled as one run. Suited to tables whose upserted columns have no defaults
(a new row is remembered with only the values it was given).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.imports import Journal

_BATCH = 5000


class KeyedRows:
    """The rows of ``table`` by the values of its unique ``key`` columns, for journalled upserts."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        journal: Journal,
        table: str,
        key: tuple[str, ...],
        *,
        parent: KeyedRows | None = None,
        remember: bool = True,
    ) -> None:
        """``parent``: rows that these rows refer to, so written first whenever these are.
        ``remember``: keep the values of added rows, for keys that may come again in the file
        (without them, a repeated key is looked up in the database: right, but slower)."""
        self.db = db
        self.parent = parent
        self.remember = remember
        self.journal = journal
        self.table = table
        self.key = key
        cursor = db.conn.execute(f"SELECT * FROM [{table}]")
        self.columns = [d[0] for d in cursor.description]
        assert self.columns[0] == "id", f"{table}: the id must be the first column"
        self.position = {name: i for i, name in enumerate(self.columns)}
        spots = [self.position[name] for name in key]
        self.rows: dict[tuple[Any, ...], list[Any]] = {}
        next_id = 1
        for found in cursor:
            row = list(found)
            self.rows[tuple(row[i] for i in spots)] = row
            next_id = max(next_id, int(row[0]) + 1)
        self.next_id = next_id
        #: The last id journalled as inserted (ids above it are waiting in ``pending``).
        self.journalled = next_id - 1
        #: Rows this import added, by key: their id and the values given (if remembered).
        self.new: dict[tuple[Any, ...], tuple[int, dict[str, Any] | None]] = {}
        self.pending: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        self.waiting = 0

    def upsert(self, key: tuple[Any, ...], values: dict[str, Any]) -> tuple[str, int]:
        """Insert the row with ``key``, or update the ``values`` that differ; journalled.

        Returns ('added' | 'changed' | 'same', row id). Inserts wait for :meth:`flush`.
        """
        row = self.rows.get(key)
        if row is not None:
            return self._update(row, values)
        new = self.new.get(key)
        if new is not None:
            return self._update_new(key, *new, values)
        row_id = self.next_id
        self.next_id += 1
        names = (*self.key, *values)
        waiting = self.pending.get(names)
        if waiting is None:
            waiting = self.pending[names] = []
        waiting.append((row_id, *key, *values.values()))
        self.new[key] = (row_id, values if self.remember else None)
        self.waiting += 1
        if self.waiting >= _BATCH:
            self.flush()
        return "added", row_id

    def _update(self, row: list[Any], values: dict[str, Any]) -> tuple[str, int]:
        position = self.position
        row_id = int(row[0])
        changed = {c: v for c, v in values.items() if row[position[c]] != v}
        if not changed:
            return "same", row_id
        self.flush()
        self.journal.updated(self.table, dict(zip(self.columns, row, strict=True)))
        self._write(changed, row_id)
        for column, value in changed.items():
            row[position[column]] = value
        return "changed", row_id

    def room(self) -> int:
        """How many more inserts can wait before the next :meth:`flush`."""
        return _BATCH - self.waiting

    def add_new(
        self,
        keys: Sequence[tuple[Any, ...]],
        names: tuple[str, ...],
        columns: Sequence[Sequence[Any]],
        given: Iterable[dict[str, Any]] | None = None,
    ) -> int:
        """Insert rows whose keys are in neither the table nor this import (nor twice in ``keys``),
        as :meth:`upsert` would one after another, at most :meth:`room` of them; return the first
        id (the rest follow in order). ``names`` are the key's columns and then the values', and
        ``columns`` their values (one list per name); ``given``: the values to remember of each
        row (when remembered), which a dict may share, as it is never changed in place."""
        count = len(keys)
        first = self.next_id
        self.next_id += count
        ids = range(first, first + count)
        waiting = self.pending.get(names)
        if waiting is None:
            waiting = self.pending[names] = []
        waiting.extend(zip(ids, *columns, strict=True))
        remembered = given if self.remember and given is not None else repeat(None)
        self.new.update(zip(keys, zip(ids, remembered, strict=False), strict=True))
        self.waiting += count
        if self.waiting >= _BATCH:
            self.flush()
        return first

    def _update_new(
        self,
        key: tuple[Any, ...],
        row_id: int,
        known: dict[str, Any] | None,
        values: dict[str, Any],
    ) -> tuple[str, int]:
        """Update a row this import added: no before-image, since undo deletes the row."""
        if known is None:
            self.flush()
            cursor = self.db.conn.execute(f"SELECT * FROM [{self.table}] WHERE id = ?", (row_id,))
            known = dict(zip(self.columns, cursor.fetchone(), strict=True))
        changed = {c: v for c, v in values.items() if known.get(c) != v}
        if not changed:
            return "same", row_id
        self.flush()
        self._write(changed, row_id)
        if self.remember:  # a new dict: the one remembered may be shared
            self.new[key] = (row_id, {**known, **changed})
        return "changed", row_id

    def _write(self, changed: dict[str, Any], row_id: int) -> None:
        assignments = ", ".join(f"[{c}] = ?" for c in changed)
        self.db.conn.execute(
            f"UPDATE [{self.table}] SET {assignments} WHERE id = ?", [*changed.values(), row_id]
        )

    def flush(self) -> None:
        """Write the waiting inserts (the parent's first), a batch per set of columns, and journal
        them as one run of ids."""
        if self.parent is not None:
            self.parent.flush()
        for names, rows in self.pending.items():
            columns = ", ".join(f"[{c}]" for c in ("id", *names))
            marks = ", ".join("?" for _ in range(len(names) + 1))
            self.db.conn.executemany(
                f"INSERT INTO [{self.table}] ({columns}) VALUES ({marks})", rows
            )
        self.pending.clear()
        self.waiting = 0
        self.journal.inserted_range(self.table, self.journalled + 1, self.next_id - 1)
        self.journalled = self.next_id - 1
