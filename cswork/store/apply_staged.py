"""Staged imports: a CSV file's raw rows in a temporary table, read by column in SQL.

A big, clean file is written fastest by SQLite itself: the raw rows go into a temporary table with
one ``executemany`` straight from the CSV reader, each field's distinct values are parsed once (by
the importer's own readers, see :class:`~cswork.model.records.StagedColumns`), and one
``INSERT ... SELECT`` joins the rows to their parsed values. :class:`Stage` does the staging and
the SQL checks; the kinds' writers decide what a clean file is, and when anything is not, roll the
stage back and write what the careful reader gives instead. Everything happens inside a savepoint,
so a stage given up leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from cswork.model.records import StagedColumns
from cswork.store._sqlite_utils import sqlite_utils

STAGE = "temp.cswork_stage"
#: SQLite's limits on a table's columns and a statement's parameters: a file wider than either
#: (a sheet saved with thousands of empty columns) cannot be staged, and is read carefully.
_WIDTH_LIMITS = (sqlite3.SQLITE_LIMIT_COLUMN, sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
#: Distinct values up to which a value is mapped by a ``CASE`` rather than a join.
_CASE_VALUES = 8


class Stage:
    """The raw rows of a :class:`StagedColumns` in a temporary table, and its fields' values."""

    def __init__(self, db: sqlite_utils.Database, staged: StagedColumns) -> None:
        self.conn = db.conn
        self.staged = staged
        self.rows = 0
        self.maps: dict[str, dict[str, Any]] = {}
        self._distinct: dict[int, list[str]] = {}
        #: The temporary tables made besides the stage.
        self.made: list[str] = []
        #: The join of each table of distinct values to the stage, by its alias.
        self.joins: dict[str, str] = {}
        #: Values read so far (each has its own parameters and table).
        self.serial = 0

    def __enter__(self) -> Stage:
        self.conn.execute("SAVEPOINT cswork_stage")
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("ROLLBACK TO cswork_stage")  # the stage and its maps go
        self.conn.execute("RELEASE cswork_stage")

    def keep(self) -> None:
        """Keep what was written since the stage began (the temporary tables are dropped)."""
        for table in (*self.made, STAGE):
            self.conn.execute(f"DROP TABLE IF EXISTS {table}")
        self.conn.execute("RELEASE cswork_stage")
        self.conn.execute("SAVEPOINT cswork_stage")  # for __exit__ to roll back: nothing

    def load(self) -> bool:
        """Write the raw rows into the stage; whether every row was read and had the header's
        width (and there was at least one): else nothing can be written from the stage."""
        staged = self.staged
        width = staged.width
        if width > min(self.conn.getlimit(limit) for limit in _WIDTH_LIMITS):
            return False  # more columns than SQLite takes (trailing empty ones from Excel?)
        columns = ", ".join(f"c{i}" for i in range(width))
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.conn.execute(f"CREATE TABLE {STAGE} ({columns})")
        marks = ", ".join("?" for _ in range(width))
        try:
            self.conn.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", staged.rows)
        except sqlite3.ProgrammingError:  # a row of another width
            return False
        except staged.errors:  # a broken row: the careful reader reports it
            return False
        self.rows = int(self.conn.execute(f"SELECT count(*) FROM {STAGE}").fetchone()[0])
        return self.rows > 0 and staged.leads(self.distinct(0))

    def distinct(self, column: int) -> list[str]:
        """The distinct values of a column of the stage."""
        found = self._distinct.get(column)
        if found is None:
            found = self._distinct[column] = [
                row[0] for row in self.conn.execute(f"SELECT DISTINCT c{column} FROM {STAGE}")
            ]
        return found

    def distinct_of(self, name: str) -> list[str]:
        """The distinct raw values of field ``name``."""
        return self.distinct(self.staged.positions[name])

    def column(self, name: str) -> str:
        """The stage's column holding field ``name``."""
        return f"s.c{self.staged.positions[name]}"

    def parsed(self, name: str) -> dict[str, Any] | None:
        """Each distinct raw value of field ``name`` and its parsed value (``None`` if any has a
        problem)."""
        if name not in self.maps:
            found = self.staged.parse(name, self.distinct(self.staged.positions[name]))
            if found is None:
                return None
            self.maps[name] = found
        return self.maps[name]

    def value(
        self, name: str, params: dict[str, Any], convert: Callable[[Any], Any] | None = None
    ) -> str | None:
        """An SQL expression for the value of ``name`` in each staged row ``s`` (as ``convert``
        stores it), with its parameters added to ``params``: the raw cell when every value reads
        as it stands; a ``CASE`` over a few distinct values; else a column of a table of the
        distinct values, which :meth:`source` joins to the stage; a bound constant for a value
        the file does not hold. ``None`` if any value has a problem."""
        if name in self.staged.constants:
            value = self.staged.constants[name]
            params[name] = convert(value) if convert is not None else value
            return f":{name}"
        found = self.parsed(name)
        if found is None:
            return None
        if convert is not None:
            found = {raw: convert(value) for raw, value in found.items()}
        if list(found) == list(found.values()):  # every value as it stands (text is not a number)
            return self.column(name)
        self.serial += 1
        key = f"{name}_{self.serial}"  # a value may be read twice, stored two ways
        if len(found) <= _CASE_VALUES:
            cases = []
            for n, (raw, value) in enumerate(found.items()):
                params[f"{key}_raw{n}"], params[f"{key}_is{n}"] = raw, value
                cases.append(f"WHEN :{key}_raw{n} THEN :{key}_is{n}")
            return f"CASE {self.column(name)} {' '.join(cases)} END"
        table = f"temp.[cswork_map_{key}]"
        self.made.append(table)
        self.conn.execute(f"CREATE TABLE {table} (raw TEXT PRIMARY KEY, value) WITHOUT ROWID")
        self.conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", found.items())
        alias = f"m_{key}"
        self.joins[alias] = f"JOIN {table} {alias} ON {alias}.raw = {self.column(name)}"
        return f"{alias}.value"

    def source(self, *expressions: str) -> str:
        """``FROM`` the stage ``s``, joined to the tables of distinct values ``expressions``
        use."""
        used = " ".join(expressions)
        joins = [join for alias, join in self.joins.items() if f"{alias}." in used]
        return " ".join([f"FROM {STAGE} s", *joins])
