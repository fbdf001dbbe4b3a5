"""The registry of import kinds: what each reads, how it parses, and how it applies.

A kind is an :class:`ImportKind`: a name, a one-line summary, the columns it reads (for the README
and for messages), a ``parse`` function turning the file into validated records, and an ``apply``
function writing those records through the store. See :mod:`cswork.importers` for the contract.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cswork.importers.columns import (
    Column,
    Mapping,
    Sheet,
    load_mapping,
    match_header,
    open_sheet,
)
from cswork.importers.readers import FileFacts, Table, open_table
from cswork.model.imports import DEFAULT_PROBLEM_LIMIT, ApplyCounts, Problems
from cswork.model.settings import Settings

if TYPE_CHECKING:
    from cswork.store import Database
    from cswork.store.imports import Journal


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read and apply a file (the command-line options of ``cswork import``)."""

    sheet: str | None = None
    mapping: Path | None = None
    snapshot: date | None = None
    as_at: date | None = None
    strict: bool = False
    keep_names: bool = False
    keep_swe: bool = False
    keep_census: bool = False
    problem_limit: int = DEFAULT_PROBLEM_LIMIT


@dataclass(slots=True)
class ImportContext:
    """Everything parse and apply share for one file: options, settings, problems and counts."""

    path: Path
    file: str
    facts: FileFacts
    options: ImportOptions
    settings: Settings
    problems: Problems
    counts: ApplyCounts = field(default_factory=ApplyCounts)
    warnings: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    positions: dict[str, int] = field(default_factory=dict)

    def header_of(self, name: str) -> str:
        """The file's own header for field ``name`` (the field name if the file lacks it)."""
        index = self.positions.get(name)
        return self.header[index] if index is not None else name

    def sheet(self, columns: Iterable[Column]) -> Sheet | None:
        """Open the file as a table matched to ``columns`` (``None`` if columns are missing).

        Records which fields the file has in ``present`` and passes reader warnings on.
        """
        listed = tuple(columns)
        mapping = Mapping()
        if self.options.mapping is not None:
            mapping = load_mapping(self.options.mapping, [c.field for c in listed])
        table = open_table(self.path, self.facts, self.options.sheet)
        self.warnings.extend(table.warnings)
        if match_header(table.header, listed, mapping)[1]:
            below = _header_below(table, listed, mapping)
            if below is not None:
                self.warnings.append(
                    f"the header is row {below.header_row}; "
                    f"{_rows_above(table.header_row, below.header_row - 1)}"
                )
                table = below
        self.header, self.header_row = table.header, table.header_row
        found = open_sheet(self.file, table, listed, mapping, self.problems, self.counts)
        if found is not None:
            self.positions = found.positions
        else:  # still say which fields are there, so a kind can report every missing column
            self.positions = match_header(table.header, listed, mapping)[0]
            others = [name for name in table.sheets if name != table.sheet]
            if others and self.options.sheet is None:
                self.warnings.append(
                    f"read the first sheet, {table.sheet!r}; the workbook also has "
                    f"{', '.join(repr(name) for name in others)} (choose one with --sheet NAME)"
                )
        self.present = set(self.positions)
        return found


#: Rows below the first looked at for the header, when the first lacks required columns.
HEADER_SEARCH_ROWS = 10


def _header_below(table: Table, columns: tuple[Column, ...], mapping: Mapping) -> Table | None:
    """The table read from the first of the next few rows that has every required column
    (reports put a title and parameters above the header), or ``None``."""
    for number, cells in itertools.islice(table.rows, HEADER_SEARCH_ROWS):
        header = ["" if cell is None else str(cell).strip() for cell in cells]
        if any(header) and not match_header(header, columns, mapping)[1]:
            return Table(header, number, table.rows, table.warnings, table.sheets, table.sheet)
    return None


def _rows_above(first: int, last: int) -> str:
    if first == last:
        return f"row {first} above it (a report title?) was not read"
    return f"rows {first}-{last} above it (a report title?) were not read"


Parse = Callable[[ImportContext], Iterator[Any]]
Apply = Callable[["Database", Iterator[Any], ImportContext, "Journal"], None]


@dataclass(frozen=True, slots=True)
class ImportKind:
    """One kind of file ``cswork import`` understands."""

    name: str
    summary: str
    columns: tuple[Column, ...]
    parse: Parse
    apply: Apply


_KINDS: dict[str, ImportKind] = {}


def register_kind(kind: ImportKind) -> ImportKind:
    """Add a kind to the registry (a later registration of the same name replaces it)."""
    _KINDS[kind.name] = kind
    return kind


def import_kinds() -> dict[str, ImportKind]:
    """Every registered kind, by name (the built-in kinds are added on first use)."""
    from cswork.importers.kinds import BUILT_IN

    for kind in BUILT_IN:
        _KINDS.setdefault(kind.name, kind)
    return dict(_KINDS)


def get_kind(name: str) -> ImportKind:
    """The kind called ``name``; :class:`KeyError` with the known names if there is none."""
    kinds = import_kinds()
    if name not in kinds:
        raise KeyError(f"unknown import kind {name!r}; known: {', '.join(sorted(kinds))}")
    return kinds[name]
