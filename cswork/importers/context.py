"""What parse shares for one file being imported: the options, settings, problems and counts, and
the file opened as a table matched to a kind's columns (finding a header below a report's title).

:class:`ImportContext` also provides :class:`~cswork.model.imports.ApplyContext`, the part the
store's writers use. The kinds themselves are registered in :mod:`cswork.services.import_kinds`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from cswork.importers.columns import (
    Column,
    Mapping,
    Sheet,
    load_mapping,
    match_header,
)
from cswork.importers.readers import MAX_COLUMNS, FileFacts, Table, open_table
from cswork.importers.sheets import open_sheet
from cswork.model.imports import ApplyCounts, ImportOptions, Problems
from cswork.model.settings import Settings


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
        found = open_sheet(
            self.file, table, listed, mapping, self.problems, self.counts, self.warnings
        )
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
        if len(cells) > MAX_COLUMNS:  # wider than any header (see :func:`open_table`)
            continue
        header = ["" if cell is None else str(cell).strip() for cell in cells]
        if any(header) and not match_header(header, columns, mapping)[1]:
            return replace(table, header=header, header_row=number)
    return None


def _rows_above(first: int, last: int) -> str:
    if first == last:
        return f"row {first} above it (a report title?) was not read"
    return f"rows {first}-{last} above it (a report title?) were not read"
