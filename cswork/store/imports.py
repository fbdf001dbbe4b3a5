"""The import log and its undo journal.

Every import attempt is a row in ``imports`` (kind, file name, SHA-256, row counts, times, outcome,
and for a failed import its problems as file, row, column and reason: never the cell values). Every
row an import inserts, updates or deletes is journalled in ``import_changes`` with the row as it was
before, so :func:`undo` can put the database back exactly. Only the most recent import still in force
can be undone, so that no later import depends on the rows being removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cswork.model.imports import ApplyCounts, Problem
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.derived import HISTORY_TABLES, bump_history_version

_FLUSH_EVERY = 5000


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One row of the import log."""

    id: int
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    rows_added: int
    rows_changed: int
    rows_closed: int
    rows_skipped: int
    started_at: str
    finished_at: str | None
    outcome: str
    message: str | None
    errors: tuple[dict[str, Any], ...]


class UndoRefusedError(Exception):
    """The import cannot be undone (unknown, not in force, or a later import depends on it)."""


def row_dict(db: sqlite_utils.Database, table: str, row_id: int) -> dict[str, Any] | None:
    """A row as a column → value dict (``None`` if absent)."""
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE rowid = ?", (row_id,))
    found = cursor.fetchone()
    if found is None:
        return None
    return {d[0]: value for d, value in zip(cursor.description, found, strict=True)}


class Journal:
    """Records each change an import makes, buffered and written in batches.

    Inserts with consecutive row ids into the same table, one after another, become one entry.
    """

    def __init__(self, db: sqlite_utils.Database, import_id: int) -> None:
        self.db = db
        self.import_id = import_id
        #: (import id, table, first row id, last row id, op, before-image JSON)
        self._pending: list[list[Any]] = []

    def changed_anything(self) -> bool:
        """Whether the import has journalled any change at all (flushing what is buffered)."""
        self.flush()
        found = self.db.execute(
            "SELECT 1 FROM import_changes WHERE import_id = ? LIMIT 1", (self.import_id,)
        ).fetchone()
        return found is not None

    def pending(self) -> list[list[Any]]:
        """A copy of the entries not yet written, for :meth:`restore`."""
        return [list(entry) for entry in self._pending]

    def restore(self, pending: list[list[Any]]) -> None:
        """Put back the entries not yet written as :meth:`pending` gave them (after rolling back
        to a savepoint taken then, which undoes any entries written since)."""
        self._pending = pending

    def inserted(self, table: str, row_id: int) -> None:
        """Journal an inserted row (undo deletes it)."""
        self.inserted_range(table, row_id, row_id)

    def inserted_range(self, table: str, first: int, last: int) -> None:
        """Journal the inserted rows ``first`` to ``last`` of ``table`` (undo deletes them)."""
        if last < first:
            return
        if self._pending:
            _, run_table, _, run_last, op, _ = self._pending[-1]
            if op == "insert" and run_table == table and run_last + 1 == first:
                self._pending[-1][3] = last  # the run goes on
                return
        self._add(table, first, last, "insert", None)

    def created_names(self, table: str) -> list[str]:
        """The names of the rows of ``table`` (teams, cohorts) this import has created, sorted."""
        self.flush()
        rows = self.db.execute(
            f"SELECT DISTINCT t.name FROM import_changes c JOIN [{table}] t "
            "ON t.id BETWEEN c.row_id AND COALESCE(c.last_row_id, c.row_id) "
            "WHERE c.import_id = ? AND c.table_name = ? AND c.op = 'insert' ORDER BY t.name",
            (self.import_id, table),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def updated(self, table: str, before: dict[str, Any]) -> None:
        """Journal an update, given the row as it was (undo restores it)."""
        self._add(table, int(before["id"]), None, "update", json.dumps(before))

    def deleted(self, table: str, before: dict[str, Any]) -> None:
        """Journal a deletion, given the row as it was (undo inserts it again)."""
        self._add(table, int(before["id"]), None, "delete", json.dumps(before))

    def _add(self, table: str, row_id: int, last: int | None, op: str, before: str | None) -> None:
        self._pending.append([self.import_id, table, row_id, last, op, before])
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the buffered journal entries (and, when they change the projection history, mark
        the figures derived from it stale, in the import's transaction)."""
        if self._pending:
            if any(entry[1] in HISTORY_TABLES for entry in self._pending):
                bump_history_version(self.db)
            self.db.conn.executemany(
                "INSERT INTO import_changes (import_id, table_name, row_id, last_row_id, op, before) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                self._pending,
            )
            self._pending.clear()


def start_import(db: sqlite_utils.Database, kind: str, file_name: str, sha256: str, at: str) -> int:
    """Add a log row for an import in progress; returns its id."""
    cursor = db.execute(
        "INSERT INTO imports (kind, file_name, sha256, started_at, outcome) VALUES (?, ?, ?, ?, 'ok')",
        (kind, file_name, sha256, at),
    )
    return int(cursor.lastrowid or 0)


def finish_import(
    db: sqlite_utils.Database,
    import_id: int,
    counts: ApplyCounts,
    *,
    outcome: str,
    at: str,
    message: str,
    problems: Sequence[Problem] = (),
) -> None:
    """Record the counts, outcome and (without values) the problems of an import."""
    errors = json.dumps([p.as_json(with_value=False) for p in problems]) if problems else None
    db.execute(
        "UPDATE imports SET rows_read = ?, rows_added = ?, rows_changed = ?, rows_closed = ?, "
        "rows_skipped = ?, finished_at = ?, outcome = ?, message = ?, errors = ? WHERE id = ?",
        (
            counts.read,
            counts.added,
            counts.changed,
            counts.closed,
            counts.skipped,
            at,
            outcome,
            message,
            errors,
            import_id,
        ),
    )


def log_outcome(
    db: sqlite_utils.Database,
    kind: str,
    file_name: str,
    sha256: str,
    counts: ApplyCounts,
    *,
    outcome: str,
    started: str,
    finished: str,
    message: str,
    problems: Sequence[Problem] = (),
) -> int:
    """Log a finished attempt that wrote nothing (failed or no-op) in its own transaction."""
    with db.atomic():
        import_id = start_import(db, kind, file_name, sha256, started)
        finish_import(
            db, import_id, counts, outcome=outcome, at=finished, message=message, problems=problems
        )
    return import_id


def _record(row: dict[str, Any]) -> ImportRecord:
    return ImportRecord(
        id=row["id"],
        kind=row["kind"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        rows_read=row["rows_read"],
        rows_added=row["rows_added"],
        rows_changed=row["rows_changed"],
        rows_closed=row["rows_closed"],
        rows_skipped=row["rows_skipped"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        outcome=row["outcome"],
        message=row["message"],
        errors=tuple(json.loads(row["errors"])) if row["errors"] else (),
    )


def list_imports(db: sqlite_utils.Database) -> list[ImportRecord]:
    """The import log, newest first."""
    return [_record(row) for row in db.query("SELECT * FROM imports ORDER BY id DESC")]


def get_import(db: sqlite_utils.Database, import_id: int) -> ImportRecord | None:
    """One import log row."""
    rows = list(db.query("SELECT * FROM imports WHERE id = ?", [import_id]))
    return _record(rows[0]) if rows else None


def identical_import(db: sqlite_utils.Database, kind: str, sha256: str) -> ImportRecord | None:
    """An import of the same kind and file contents that is still in force, if any."""
    rows = list(
        db.query(
            "SELECT * FROM imports WHERE kind = ? AND sha256 = ? AND outcome = 'ok' "
            "ORDER BY id DESC LIMIT 1",
            [kind, sha256],
        )
    )
    return _record(rows[0]) if rows else None


def undo(db: sqlite_utils.Database, import_id: int, at: str) -> int:
    """Reverse an import exactly, newest change first; returns the number of rows restored.

    Consecutive journal entries for the same table and operation are reversed together, in the
    same order, by one ``executemany`` (a million-row import is undone in a few statements).
    """
    record = get_import(db, import_id)
    if record is None:
        raise UndoRefusedError(f"there is no import #{import_id}")
    if record.outcome != "ok":
        raise UndoRefusedError(
            f"import #{import_id} changed nothing that can be undone ({record.outcome})"
        )
    later = db.execute(
        "SELECT id FROM imports WHERE id > ? AND outcome = 'ok' ORDER BY id DESC LIMIT 1",
        (import_id,),
    ).fetchone()
    if later:
        raise UndoRefusedError(
            f"import #{later[0]} came after import #{import_id}; undo the later imports first"
        )
    changes = db.conn.execute(
        "SELECT table_name, row_id, COALESCE(last_row_id, row_id), op, before FROM import_changes "
        "WHERE import_id = ? ORDER BY id DESC",
        (import_id,),
    )
    restored = 0
    with db.atomic():
        for (table, op, names), batch in _runs(changes):
            if table in HISTORY_TABLES:
                bump_history_version(db)
            _restore(db, table, op, names, batch)
            restored += sum(p[1] - p[0] + 1 for p in batch) if op == "insert" else len(batch)
        db.execute(
            "UPDATE imports SET outcome = 'undone', message = ? WHERE id = ?",
            (f"undone at {at}", import_id),
        )
    return restored


_UNDO_BATCH = 10_000
_RunKey = tuple[str, str, tuple[str, ...]]


def _runs(
    changes: Iterable[tuple[str, int, int, str, str | None]],
) -> Iterator[tuple[_RunKey, list[tuple[Any, ...]]]]:
    """Journal entries (newest first) as runs of one table, operation and set of columns, each
    with its statement parameters in the same order; at most ``_UNDO_BATCH`` to a run."""
    key: _RunKey | None = None
    batch: list[tuple[Any, ...]] = []
    for table, row_id, last_row_id, op, before in changes:
        if op == "insert":
            entry_key: _RunKey = (table, op, ())
            params: tuple[Any, ...] = (row_id, last_row_id)
        else:
            image = json.loads(before or "{}")
            if op == "update":
                names = tuple(c for c in image if c != "id")
                params = (*(image[c] for c in names), row_id)
            else:
                names = tuple(image)
                params = tuple(image.values())
            entry_key = (table, op, names)
        if entry_key != key or len(batch) >= _UNDO_BATCH:
            if key is not None and batch:
                yield key, batch
            key, batch = entry_key, []
        batch.append(params)
    if key is not None and batch:
        yield key, batch


def _restore(
    db: sqlite_utils.Database,
    table: str,
    op: str,
    names: tuple[str, ...],
    batch: list[tuple[Any, ...]],
) -> None:
    """Reverse one run of journal entries, in order, with one prepared statement."""
    if op == "insert":
        sql = f"DELETE FROM [{table}] WHERE rowid BETWEEN ? AND ?"
    elif op == "update":
        assignments = ", ".join(f"[{c}] = ?" for c in names)
        sql = f"UPDATE [{table}] SET {assignments} WHERE rowid = ?"
    else:
        columns = ", ".join(f"[{c}]" for c in names)
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO [{table}] ({columns}) VALUES ({marks})"
    db.conn.executemany(sql, batch)
