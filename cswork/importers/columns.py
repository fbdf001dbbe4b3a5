"""Matching a file's header to a kind's fields, the ``--mapping`` file, and reading cells by field.

Headers match case-, space- and punctuation-insensitively against each field's name and aliases
("Emp. Ref", "EMPLOYEE NUMBER" and "employee_ref" are all the employee reference). A mapping file
names the header for any field the aliases miss, and relabels values before they are parsed::

    [columns]
    employee_ref = "Staff No."
    [values.contract]
    "PERM" = "permanent"

Columns that no field claims are never read, so they are never stored.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from cswork.importers.labels import EXCEL_ERRORS, label_problem
from cswork.importers.readers import ReadError, Table
from cswork.importers.values import Cell, text
from cswork.model.imports import ApplyCounts, Problems
from cswork.model.records import StagedColumns
from cswork.model.usertext import MAX_LABEL

T = TypeVar("T")
_TOTAL = re.compile(r"^(grand\s*|sub\s*)?totals?\s*:?$", re.IGNORECASE)
_MISSING = object()
#: A formula that is only quoted text, as exports write values that must keep leading zeros.
_QUOTED = re.compile(r'="((?:[^"]|"")*)"')
#: Distinct values remembered per field and parser; beyond this, values are parsed every time.
_CACHE_LIMIT = 20_000
#: Lines of joined first cells that might be a 'Total' row (see :meth:`Sheet.block`).
_MAYBE_TOTAL = re.compile(r"(?im)^(grand\s*|sub\s*)?totals?\s*:?\s*$")


class _Blank:
    """What :meth:`FieldReader.parse_cell` gives for a blank cell."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()


def normalise(header: str) -> str:
    """A header reduced to lower-case letters and digits."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass(frozen=True, slots=True)
class Column:
    """A field a kind reads, the headers it is known by, and whether every file must have it."""

    field: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    description: str = ""

    @property
    def keys(self) -> set[str]:
        """The normalised names this column matches."""
        return {normalise(self.field), *(normalise(alias) for alias in self.aliases)}


@dataclass(frozen=True, slots=True)
class Mapping:
    """A user's mapping: header for a field, and value relabels per field (keys normalised)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


def load_mapping(path: Path, fields: Sequence[str]) -> Mapping:
    """Read a mapping TOML file, checking that it names only ``fields``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ReadError(f"cannot read the mapping file: {exc.strerror or exc}", path.name) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(f"the mapping file is not valid TOML: {exc}", path.name) from None
    unknown_sections = set(data) - {"columns", "values"}
    if unknown_sections:
        raise ReadError(
            f"the mapping file has unknown sections {sorted(unknown_sections)}; "
            "use [columns] and [values.<field>]",
            path.name,
        )
    columns = data.get("columns", {})
    values = data.get("values", {})
    for section, names in (("columns", columns), ("values", values)):
        if not isinstance(names, dict):
            raise ReadError(f"[{section}] in the mapping file must be a table", path.name)
        for name in names:
            if name not in fields:
                raise ReadError(
                    f"the mapping file names unknown field {name!r} in [{section}]; "
                    f"fields: {', '.join(fields)}",
                    path.name,
                )
    if not all(isinstance(v, str) for v in columns.values()):
        raise ReadError("[columns] in the mapping file must map fields to header text", path.name)
    relabel: dict[str, dict[str, str]] = {}
    for name, labels in values.items():
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise ReadError(
                f"[values.{name}] in the mapping file must map labels to text", path.name
            )
        relabel[name] = {normalise(label): target for label, target in labels.items()}
    return Mapping(columns=dict(columns), values=relabel)


def _closest(wanted: set[str], header: list[str]) -> list[str]:
    by_key = {normalise(h): h for h in header if h}
    close: list[str] = []
    for key in sorted(wanted):
        for match in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6):
            if by_key[match] not in close:
                close.append(by_key[match])
    return close[:3]


def missing_message(column: Column, header: list[str], mapped: str | None = None) -> str:
    """Why a required column was not found, with the closest headers the file does have."""
    if mapped is not None:
        message = f"the mapping file names header {mapped!r}, which the file does not have"
        close = _closest({normalise(mapped)}, header)
    else:
        known = ", ".join((column.field, *column.aliases)[:6])
        message = f"required column {column.field!r} is missing (headers accepted: {known})"
        close = _closest(column.keys, header)
    if close:
        message += "; closest headers present: " + ", ".join(repr(h) for h in close)
    return message


def match_header(
    header: list[str], columns: Sequence[Column], mapping: Mapping
) -> tuple[dict[str, int], dict[str, str]]:
    """Field positions in the header, and a reason for each field that could not be placed.

    Each header is claimed by one field at most, in the order ``columns`` lists them. Only
    required fields, and fields the mapping names, are reported as missing.
    """
    keys = [normalise(h) for h in header]
    positions: dict[str, int] = {}
    missing: dict[str, str] = {}
    for column in columns:
        mapped = mapping.columns.get(column.field)
        wanted = {normalise(mapped)} if mapped is not None else column.keys
        index = next(
            (i for i, key in enumerate(keys) if key in wanted and i not in positions.values()),
            None,
        )
        if index is not None:
            positions[column.field] = index
        elif column.required or mapped is not None:
            missing[column.field] = missing_message(column, header, mapped)
    return positions, missing


@dataclass(slots=True)
class Row:
    """One data row, read by field name; problems go to the file's collector."""

    number: int
    cells: list[Cell]
    sheet: Sheet
    ok: bool = True
    header_again: bool = False

    def problem(self, name: str, value: object, reason: str) -> None:
        """Report a problem in this row's ``name`` column; a row that repeats the header (which
        every column would fault) is one problem saying so."""
        if self.header_again:
            return
        if self.ok and self._repeats_header():
            self.ok, self.header_again = False, True
            header = self.sheet.table.header
            self.sheet.problems.add(
                self.number,
                header[0],
                "",
                "the row repeats the header (two extracts joined?): remove it",
            )
            return
        self.ok = False
        self.sheet.problems.add(self.number, self.sheet.header_of(name), value, reason)

    def _repeats_header(self) -> bool:
        header = self.sheet.table.header
        cells = [normalise(text(cell)) for cell in self.cells[: len(header)]]
        return cells == [normalise(name) for name in header] and any(cells)

    def cell(self, name: str) -> Cell:
        """The raw cell for a field (``None`` if the file has no such column), relabelled by the
        mapping file's ``[values.<field>]`` table."""
        index = self.sheet.positions.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        labels = self.sheet.mapping.values.get(name)
        if labels and value is not None:
            return labels.get(normalise(text(value)), value)
        return value

    def get(self, name: str, parser: Callable[[Cell], T], *, required: bool = False) -> T | None:
        """The parsed value of a field, ``None`` if blank; a problem if it does not parse.

        Successful parses of text are remembered per field and parser (up to a bound), because
        extracts repeat the same dates, teams and labels on row after row.
        """
        return self.sheet.reader(name, parser).read(self, required)

    def text(self, name: str, *, required: bool = False) -> str | None:
        """A field as trimmed text (``None`` if blank)."""
        return self.get(name, text, required=required)


T_co = TypeVar("T_co", covariant=True)


class ReadField(Protocol[T_co]):
    """How a :class:`FieldReader` reads its field from a row."""

    def __call__(self, row: Row, required: bool = False, /) -> T_co | None: ...


class FieldReader(Generic[T]):
    """Reads one field with one parser from row after row, remembering successful parses of text.

    Hot import loops fetch a reader once (:meth:`Sheet.reader`) and call :attr:`read` per row;
    :meth:`Row.get` does the same for one-off reads, so both report problems identically.
    :attr:`read` is a function made for the reader's case (an absent column, plain text, a parser
    with remembered values), which answers the common cell in a few operations and hands anything
    else (blank, formula, new value, relabelled value) to :meth:`read_any`.
    """

    __slots__ = ("cache", "index", "labels", "name", "parser", "plain", "read")

    def __init__(
        self, name: str, parser: Callable[[Cell], T], index: int | None, labels: dict[str, str]
    ) -> None:
        self.name = name
        self.parser = parser
        self.index = index
        self.labels = labels
        self.cache: dict[str, T | None] = {}
        self.plain = parser is text
        self.read: ReadField[T] = self._quick_reader()

    def _quick_reader(self) -> ReadField[T]:
        read_any = self.read_any
        index = self.index
        if self.labels:
            return read_any
        if index is None:

            def absent(row: Row, required: bool = False) -> T | None:
                return read_any(row, required) if required else None

            return absent
        if self.plain:

            def plain(row: Row, required: bool = False) -> T | None:
                cells = row.cells
                if index < len(cells):
                    value = cells[index]
                    if value.__class__ is str:
                        stripped = value.strip()
                        if (
                            stripped
                            and stripped[0] not in "=#"  # (a formula; an Excel error, #N/A)
                            and len(stripped) <= MAX_LABEL
                            and stripped.isprintable()
                        ):
                            return stripped  # type: ignore[return-value]
                return read_any(row, required)

            return plain
        remembered = self.cache.get

        def parsed(row: Row, required: bool = False) -> T | None:
            cells = row.cells
            if index < len(cells):
                value = cells[index]
                if value.__class__ is str:
                    hit = remembered(value, _MISSING)
                    if hit is not _MISSING:
                        return hit  # type: ignore[return-value]
            return read_any(row, required)

        return parsed

    def read_any(self, row: Row, required: bool = False) -> T | None:
        """The parsed value of this field in ``row`` (``None`` if blank, with a problem if
        required); a problem, and ``None``, if it does not parse."""
        cells = row.cells
        index = self.index
        value: Cell = cells[index] if index is not None and index < len(cells) else None
        if self.labels and value is not None:
            value = self.labels.get(normalise(text(value)), value)
        parsed, problem = self.parse_cell(value)
        if problem is not None:
            row.problem(self.name, *problem)
            return None
        if parsed is BLANK:
            if required:
                row.problem(self.name, "", "a value is required")
            return None
        return parsed  # type: ignore[no-any-return]

    def parse_cell(self, value: Cell) -> tuple[Any, tuple[object, str] | None]:
        """One cell as this reader reads it, reporting nothing: ``(value, None)``, with
        :data:`BLANK` for a blank cell, or ``(None, (value shown, reason))`` for a problem.
        Successful parses of text are remembered (up to a bound)."""
        cache = None
        if isinstance(value, str):
            if self.plain:  # text needs no parse: strip it and check it is not a formula
                stripped = value.strip()
                if stripped and stripped[0] != "=":
                    reason = label_problem(stripped)
                    if reason is not None:
                        return None, (stripped, reason)
                    return stripped, None
            cache = self.cache
            hit = cache.get(value, _MISSING)
            if hit is not _MISSING:
                return hit, None
            stripped = value.strip()
            if not stripped:
                return BLANK, None
            if stripped.startswith("="):
                literal = _QUOTED.fullmatch(stripped)  # ="00123" keeps leading zeros in Excel
                if literal is None or literal[1].lstrip().startswith("="):
                    return None, (value, "looks like a spreadsheet formula; export values instead")
                value = literal[1].replace('""', '"')
                if not value.strip():  # ="" is a blank cell
                    return BLANK, None
                if self.plain and (reason := label_problem(value.strip())) is not None:
                    return None, (value, reason)
        elif value is None:
            return BLANK, None
        try:
            parsed = self.parser(value)
        except ValueError as exc:
            return None, (text(value), str(exc))
        if cache is not None and len(cache) < _CACHE_LIMIT:
            cache[value] = parsed  # type: ignore[index]
        return parsed, None

    def column(self, cells: list[list[Cell]], *, blank: bool = False) -> list[Any] | None:
        """This field's value in each of ``cells`` (rows of a block), if every one reads without
        a problem; with ``blank``, an empty cell is ``None`` (an optional field). ``None``
        otherwise, and the rows are read one at a time, so that every problem is reported, in
        order, as the row-by-row reader reports it.

        Text a text reader takes as it stands is checked over the whole column at once. Other
        fields are parsed by distinct value: each value the block holds is read once with
        :meth:`parse_cell` (remembered ones looked up), and the column is mapped through them,
        so a block costs a few C-level passes plus one parse per value not seen before. Cells
        that are neither text nor blank (numbers and dates from a workbook) are read row by row.
        """
        index = self.index
        if index is None or self.labels:
            return None
        try:
            values: list[Any] = list(map(itemgetter(index), cells))
        except IndexError:  # a short row: read row by row
            return None
        if self.plain:
            return text_column(values, blank=blank)
        try:  # every value remembered (most blocks of a big file): one pass
            return list(map(self.cache.__getitem__, values))
        except KeyError:  # (the cache holds text only, so a number or date is never taken)
            pass
        get = self.cache.get
        found: dict[Any, Any] = {}
        for value in set(values):
            if value.__class__ is str:
                hit = get(value, _MISSING)
                if hit is not _MISSING:
                    found[value] = hit
                    continue
            elif value is not None:
                return None  # 1, 1.0 and True are one key to a set: read them row by row
            parsed, problem = self.parse_cell(value)
            if problem is not None or (parsed is BLANK and not blank):
                return None
            found[value] = None if parsed is BLANK else parsed
        return list(map(found.__getitem__, values))


def text_column(values: list[Any], *, blank: bool = False) -> list[Any] | None:
    """``values`` if every one is text that :meth:`FieldReader.read` would return as it stands (not
    blank, no space or '=' at the start, no space at the end, printable, not too long): checked
    over the whole column at once. ``None`` if any is not. With ``blank``, empty cells are
    allowed, and are ``None``."""
    try:
        joined = "\n".join(values)
    except TypeError:  # a cell that is not text
        return None
    empty = "" in values
    if empty and not blank:
        return None
    if joined.count("\n") != len(values) - 1:  # a cell holding a line break: read row by row
        return None
    cells = joined.replace("\n", "")
    if not cells:  # every cell empty (so blanks are allowed): an optional column left blank
        return [None] * len(values)
    if (
        max(map(len, values)) > MAX_LABEL
        or not cells.isprintable()  # no tab or other space but ' '
        or joined[0] in " ="
        or joined[-1] == " "
        or "\n " in joined
        or "\n=" in joined
        or " \n" in joined
        or ("#" in cells and not EXCEL_ERRORS.isdisjoint(values))
    ):
        return None
    return [value or None for value in values] if empty else values


@dataclass(slots=True)
class Sheet:
    """A table matched to a kind's columns: its rows by field, with problems and counts."""

    file: str
    table: Table
    positions: dict[str, int]
    mapping: Mapping
    problems: Problems
    counts: ApplyCounts
    #: Readers (each with its remembered parses of text), by field and parser.
    readers: dict[tuple[str, object], FieldReader[Any]] = field(default_factory=dict)

    def reader(self, name: str, parser: Callable[[Cell], T]) -> FieldReader[T]:
        """The reader of field ``name`` with ``parser`` (one per pair, so its cache is shared)."""
        found = self.readers.get((name, parser))
        if found is None:
            labels = self.mapping.values.get(name) or {}
            found = self.readers[name, parser] = FieldReader(
                name, parser, self.positions.get(name), labels
            )
        return found

    def header_of(self, name: str) -> str:
        """The file's own header for a field (or the field name if the file lacks it)."""
        index = self.positions.get(name)
        return self.table.header[index] if index is not None else name

    def rows(self) -> Iterator[Row]:
        """Data rows, skipping (and counting) blank rows and 'Total' rows."""
        return self.rows_of(self.table.rows)

    def rows_of(self, numbered: Iterable[tuple[int, list[Cell]]]) -> Iterator[Row]:
        """The data rows among ``numbered`` (rows of the table), counted as :meth:`rows` counts."""
        counts = self.counts
        for number, cells in numbered:
            lead = cells[0] if cells else None
            if isinstance(lead, str) and lead and lead[0] not in "GgSsTt" and not lead[0].isspace():
                counts.read += 1
                yield Row(number, cells, self)
                continue
            first = None
            for cell in cells:
                if cell is not None and cell != "":
                    first = cell.strip() if isinstance(cell, str) else text(cell)
                    if first:
                        break
            if not first or (first[0] in "GgSsTt" and _TOTAL.match(first)):
                self.counts.skipped += 1
                continue
            self.counts.read += 1
            yield Row(number, cells, self)

    def take(self, size: int) -> tuple[list[tuple[int, list[Cell]]], Exception | None]:
        """The next ``size`` rows of the table (fewer at its end), and the error that stopped
        reading them, if one did (the rows before it are returned, to be read first)."""
        block: list[tuple[int, list[Cell]]] = []
        try:
            block.extend(islice(self.table.rows, size))
        except Exception as exc:  # a broken row: what came before it is read, then it is raised
            return block, exc
        return block, None

    def block(
        self, numbered: list[tuple[int, list[Cell]]], *, count: bool = True
    ) -> list[list[Cell]] | None:
        """The cells of ``numbered`` if every row is a data row (counted as read, unless not
        ``count``), else ``None`` (nothing counted: read them with :meth:`rows_of`). Checked over the first cells at once:
        text, none blank, none starting with a space, none like 'Total'."""
        cells: list[list[Cell]] = list(map(itemgetter(1), numbered))
        try:
            leads = "\n".join(map(itemgetter(0), cells))
        except (IndexError, TypeError):  # an empty row, or a first cell that is not text
            return None
        if (
            leads.count("\n") != len(cells) - 1  # a first cell holding a line break
            or not leads
            or "\n\n" in leads  # a blank first cell
            or leads[0] == "\n"
            or leads[-1] == "\n"
            or leads[0] == " "
            or "\n " in leads  # a first cell starting with a space
            or not leads.replace("\n", "").isprintable()  # or any other space (or a control)
            or ("total" in leads.lower() and _MAYBE_TOTAL.search(leads))
        ):
            return None
        if count:
            self.counts.read += len(cells)
        return cells


def staged_columns(
    sheet: Sheet,
    spreadsheet: bool,
    readers: dict[str, FieldReader[Any]],
    blanks: dict[str, Any],
    careful: Callable[[], Iterator[Any]],
    constants: dict[str, Any],
) -> StagedColumns | None:
    """The rest of ``sheet`` as :class:`StagedColumns` whose values (by name) are read by
    ``readers``, the very readers the careful reader uses, a blank cell being the value ``blanks``
    gives for its name (a problem for a name it does not give); ``None`` for a workbook (whose
    cells are not all text) or when a mapping file relabels a field's values: read those row by
    row."""
    if spreadsheet or any(reader.labels or reader.index is None for reader in readers.values()):
        return None

    def parse(name: str, values: list[str]) -> dict[str, Any] | None:
        reader = readers[name]
        if reader.plain and text_column(values) is not None:  # every value as it stands
            return dict(zip(values, values, strict=True))
        found: dict[str, Any] = {}
        for value in values:
            parsed, problem = reader.parse_cell(value)
            if problem is not None:
                return None
            if parsed is BLANK:
                if name not in blanks:
                    return None
                parsed = blanks[name]
            found[value] = parsed
        return found

    def leads(values: list[str]) -> bool:
        """Whether each first cell makes its row a data row, as :meth:`Sheet.rows_of` reads it:
        not blank, and not like 'Total' (a cell holding a line break may be refused: the rows
        are then read carefully, and read as they should be)."""
        stripped = set(map(str.strip, values))
        return "" not in stripped and _MAYBE_TOTAL.search("\n".join(stripped)) is None

    return StagedColumns(
        rows=map(itemgetter(1), sheet.table.rows),
        width=len(sheet.table.header),
        positions={
            name: reader.index for name, reader in readers.items() if reader.index is not None
        },
        parse=parse,
        leads=leads,
        errors=(ReadError,),
        careful=careful,
        constants=constants,
    )
