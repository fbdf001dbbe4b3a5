"""Reading CSV and XLSX extracts as a header and a stream of numbered rows.

CSV is read as UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark; a file
with no UTF-8 at all is read as Windows-1252 with a warning, and a UTF-8 file with stray bytes of
another encoding is refused naming the first such row; the delimiter is a comma, or a tab or
semicolon when the header line has those and no commas. XLSX (and XLS/ODS) is read with calamine:
the first sheet shown (not hidden), or the one named. Calamine is fast but unpacks the whole sheet
into memory, so an XLSX whose largest sheet is bigger than :data:`STREAM_XLSX_ABOVE` (unpacked) is
instead read row by row with openpyxl, which keeps memory flat but is much slower (with a warning
suggesting CSV). Rows are numbered as a spreadsheet shows them, so the header is usually row 1. A
table also carries what a reader would silently read as blank (merged cells, Excel errors,
formulas with no saved value), for the columns read to be checked. A file that cannot be read raises
:class:`ReadError` with a reason for the user.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from cswork.importers.archive import ArchiveError, ArchiveFacts, check_archive
from cswork.importers.values import Cell

_CHUNK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
#: Unpacked size of an XLSX worksheet above which it is streamed with openpyxl rather than loaded
#: whole by calamine (64 MB is about 300,000 rows of four columns; calamine then peaks near 100 MB).
STREAM_XLSX_ABOVE = 64 << 20
#: The widest header read: Excel's own limit (a first line wider than this is not an extract, and
#: matching it column by column would take memory and time in proportion).
MAX_COLUMNS = 16_384
STREAMED_WARNING = (
    "a large workbook is read row by row to keep memory low, which is slow; "
    "saving it as CSV imports it many times faster"
)


class ReadError(Exception):
    """The file as a whole cannot be read (not text, corrupt workbook, missing sheet ...).

    ``file`` names another file at fault (the mapping file), if it is not the data file.
    """

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.file = file


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What a first pass over the bytes tells: digest, format, text encoding, size."""

    sha256: str
    size: int
    spreadsheet: bool
    encoding: str | None


@dataclass(slots=True)
class Table:
    """A header and its data rows as (row number, cells); ``warnings`` for the user."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]
    warnings: list[str] = field(default_factory=list)
    #: A workbook's sheets, and the one read (empty for CSV).
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    #: The sheet's merged cells, as (first row, first column, last row, last column): rows
    #: numbered as Excel shows them, columns as positions in ``header`` (from 0).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: The sheet's column of ``header[0]`` (from 0), for naming columns by letter.
    first_column: int = 0
    #: Cells (row, position) a reader reads as blank though they are not: the Excel error each
    #: holds (#N/A ...), or '' for a formula with no saved value.
    unread: dict[tuple[int, int], str] = field(default_factory=dict)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: Four characters of printable ASCII as UTF-16 (little- or big-endian): a NUL beside each.
_UTF16_HEAD = re.compile(rb"(?:[\x20-\x7e]\x00){4}|(?:\x00[\x20-\x7e]){4}")
#: A well-formed UTF-8 sequence of two or more bytes: text that has one is UTF-8, not Windows-1252.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def scan(path: Path) -> FileFacts:
    """Hash the file and decide its format and encoding, reading it once in chunks.

    Text is UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
    Windows-1252 when it has no UTF-8 at all. A UTF-8 file with bytes that are not UTF-8 (one
    cell pasted from another encoding) is refused naming the first such row, rather than the whole
    file being read as Windows-1252.
    """
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    has_utf8_sequence = False
    bad_row = 0
    lines_before = 0
    size = 0
    head = b""
    has_nul = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                if not head:
                    head = chunk[:8]
                size += len(chunk)
                digest.update(chunk)
                has_nul = has_nul or b"\x00" in chunk
                if chunk.isascii() and not utf8.getstate()[0]:
                    # plain ASCII (most extracts) is UTF-8 with no multi-byte sequence: no search
                    lines_before += chunk.count(b"\n")
                    continue
                has_utf8_sequence = has_utf8_sequence or bool(_UTF8_SEQUENCE.search(chunk))
                if is_utf8:
                    bad_at = _undecodable_at(utf8, chunk)
                    if bad_at is not None:
                        is_utf8 = False
                        bad_row = lines_before + chunk.count(b"\n", 0, max(bad_at, 0)) + 1
                lines_before += chunk.count(b"\n")
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    if is_utf8 and not _decodes(utf8, b"", final=True):
        is_utf8, bad_row = False, lines_before + 1
    spreadsheet = head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or path.suffix.lower() in (
        SPREADSHEET_SUFFIXES
    )
    encoding = None
    if not spreadsheet:
        encoding = _text_encoding(path, head, has_nul, is_utf8, has_utf8_sequence, bad_row)
    return FileFacts(digest.hexdigest(), size, spreadsheet, encoding)


def _text_encoding(
    path: Path, head: bytes, has_nul: bool, is_utf8: bool, has_utf8_sequence: bool, bad_row: int
) -> str:
    if head.startswith(_UTF32_BOMS):  # before UTF-16: UTF-32's little-endian mark starts as its
        raise ReadError("the file is UTF-32 text, which cswork does not read; save it as CSV UTF-8")
    if head.startswith(_UTF16_BOMS):
        if not _decodes_whole(path, "utf-16"):
            raise ReadError("the file starts as UTF-16 text but is not UTF-16 throughout")
        return "utf-16"
    if has_nul:
        if _UTF16_HEAD.match(head):
            raise ReadError(
                "the file looks like UTF-16 text without a byte-order mark; save it as CSV UTF-8"
            )
        raise ReadError("this is a binary file, not CSV text or a spreadsheet")
    if is_utf8:
        return "utf-8-sig"
    if has_utf8_sequence:
        raise ReadError(
            f"the file is UTF-8, but row {bad_row} has bytes that are not (text pasted from "
            "another encoding?); fix that row, or save the file again as CSV UTF-8"
        )
    if _decodes_whole(path, "cp1252"):
        return "cp1252"
    raise ReadError("the file is neither UTF-8 nor Windows-1252 text")


def _undecodable_at(decoder: codecs.IncrementalDecoder, chunk: bytes) -> int | None:
    """Where in ``chunk`` UTF-8 decoding fails (it may be a little before), or ``None``."""
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError as exc:
        return exc.start - (len(exc.object) - len(chunk))
    return None


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _decodes_whole(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not _decodes(decoder, chunk):
                return False
    return _decodes(decoder, b"", final=True)


def open_table(path: Path, facts: FileFacts, sheet: str | None = None) -> Table:
    """The file's header and rows; raises :class:`ReadError` if there is no header to be found."""
    if facts.spreadsheet:
        return _open_workbook(path, sheet)
    if sheet:
        raise ReadError("--sheet applies to spreadsheets; this file is CSV text")
    assert facts.encoding is not None
    warnings = []
    if facts.encoding == "cp1252":
        warnings.append("the file is not UTF-8; read it as Windows-1252 (check £ and accents)")
    return _with_header(_csv_rows(path, facts.encoding), warnings)


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[Cell]]]:
    handle: IO[str] = path.open(encoding=encoding, newline="")
    with handle:
        delimiter = _delimiter(handle)
        handle.seek(0)
        # strict: read leniently, a quote left open ran on to the next quote in the file and
        # the rows between vanished into one cell, with no error
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        numbers = itertools.count(1)
        try:
            # zip numbers the records in C; it takes the number before the record, so after a
            # record that is not CSV the next number is one past that record's
            yield from zip(numbers, reader, strict=False)  # fresh lists of str: no copy needed
        except csv.Error as exc:
            raise ReadError(
                f"row {next(numbers) - 1} is not valid CSV: {_csv_reason(exc)}"
            ) from None


#: A quoted value, which may hold any delimiter (a doubled quote inside it is two quoted values).
_QUOTED_VALUE = re.compile(r'"[^"]*"')
#: Lines looked at for the delimiter: a report's title and parameters may come above the header.
_DELIMITER_LINES = 10


def _delimiter(handle: IO[str]) -> str:
    """A comma, or a tab or semicolon if the first line with any of the three outside quoted
    values has that and no comma (a quoted title such as "Staff, 31/03/2025" above a semicolon
    header is passed over)."""
    for _ in range(_DELIMITER_LINES):
        line = handle.readline(1 << 20)
        if not line:
            break
        bare = _QUOTED_VALUE.sub("", line)
        if "," in bare:
            return ","
        if "\t" in bare or ";" in bare:
            return "\t" if "\t" in bare else ";"
    return ","


def _csv_reason(exc: csv.Error) -> str:
    """What the csv module's complaint means to someone who saved the file."""
    reason = str(exc)
    if reason == "unexpected end of data":
        return "a quote opened in it is never closed"
    if reason.endswith("expected after '\"'"):
        return (
            "text follows a closing quote (a quote opened in this row and not closed, "
            "or a quote inside a value not doubled?)"
        )
    return reason


#: The stream an encrypted Office file keeps the workbook in, named (UTF-16) in its directory.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _encrypted(path: Path) -> bool:
    """Whether the file is an Office workbook encrypted with a password: a compound file (not a
    zip) holding an ``EncryptedPackage`` stream."""
    with path.open("rb") as handle:
        if handle.read(4) != _OLE_MAGIC:
            return False
        handle.seek(0)
        tail = b""
        while chunk := handle.read(_CHUNK):
            if _ENCRYPTED_PACKAGE in tail + chunk[: len(_ENCRYPTED_PACKAGE)] or (
                _ENCRYPTED_PACKAGE in chunk
            ):
                return True
            tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
    return False


def _archive_facts(path: Path) -> ArchiveFacts:
    """What checking that every part of a zipped workbook unpacks within the limits finds
    (:mod:`cswork.importers.archive`): nothing for a workbook that is not a zip (XLS)."""
    with path.open("rb") as handle:
        if handle.read(4) != _ZIP_MAGIC:
            return ArchiveFacts({})
    try:
        return check_archive(path)
    except ArchiveError as exc:
        raise ReadError(str(exc)) from None


def _open_workbook(path: Path, sheet: str | None) -> Table:
    try:
        if _encrypted(path):
            raise ReadError(
                "the workbook is protected with a password: open it in Excel, remove the "
                "password (File, Info, Protect Workbook, Encrypt with Password), save it, then "
                "import it again"
            )
        facts = _archive_facts(path)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    if facts.largest_sheet() > STREAM_XLSX_ABOVE:
        table = _stream_workbook(path, sheet)
    else:
        table = _calamine_workbook(path, sheet)
    table.unread = {
        (row, column - table.first_column): error
        for (row, column), error in facts.unread_cells(path, table.sheet).items()
    }
    return table


def _calamine_workbook(path: Path, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        shown = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        chosen = _chosen_sheet(names, sheet, shown)
        found = workbook.get_sheet_by_name(chosen)
        first_row, first_column = found.start or (0, 0)
        rows = found.iter_rows()
        merged = [
            (top + 1, left - first_column, bottom + 1, right - first_column)
            for (top, left), (bottom, right) in found.merged_cell_ranges or ()
        ]
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"not a readable spreadsheet (corrupt or truncated?): {exc}") from None
    warnings = _hidden_warning(names, shown, chosen, sheet)
    table = _sheet_table(_from_first_row(rows, first_row), warnings, names, chosen, sheet)
    table.merged, table.first_column = merged, first_column
    return table


def _from_first_row(
    rows: Iterator[Sequence[Cell]], first_row: int
) -> Iterator[tuple[int, list[Cell]]]:
    """Calamine's rows numbered as Excel shows them. Its first row with data is ``first_row``
    (from 0), but python-calamine may yield the rows above it too, blank: a blank first row
    says it did (the first row with data is not blank), so numbering starts at row 1."""
    try:
        head = next(rows, None)
    except Exception as exc:
        raise ReadError(f"not a readable spreadsheet: {exc}") from None
    if head is None:
        return
    if first_row and _blank(list(head)):
        first_row = 0
    yield from _numbered(itertools.chain([head], rows), first_row)


def _sheet_table(
    rows: Iterator[tuple[int, list[Cell]]],
    warnings: list[str],
    names: list[str],
    chosen: str,
    sheet: str | None,
) -> Table:
    """The table of sheet ``chosen``; if it has no header and none was named, the error lists the
    workbook's other sheets."""
    try:
        table = _with_header(rows, warnings, f" (sheet {chosen!r})")
    except ReadError as exc:
        others = [name for name in names if name != chosen]
        if sheet is None and others:
            listed = ", ".join(repr(name) for name in others)
            raise ReadError(
                f"{exc}; the workbook also has {listed} (choose one with --sheet NAME)"
            ) from None
        raise
    table.sheets, table.sheet = names, chosen
    return table


def _chosen_sheet(names: list[str], sheet: str | None, shown: list[str]) -> str:
    """The sheet named, else the first one Excel shows (a hidden first sheet of old or lookup
    data is not what the user sees, so not what they mean), else the first."""
    if sheet is not None and sheet not in names:
        raise ReadError(f"no sheet named {sheet!r}; sheets: {', '.join(names)}")
    if not names:
        raise ReadError("the workbook has no sheets")
    if sheet is not None:
        return sheet
    return shown[0] if shown else names[0]


def _hidden_warning(
    names: list[str], shown: list[str], chosen: str, sheet: str | None
) -> list[str]:
    """A warning naming the hidden sheets passed over to reach the first one shown."""
    if sheet is not None or chosen == names[0]:
        return []
    skipped = names[: names.index(chosen)]
    hidden = ", ".join(repr(name) for name in skipped if name not in shown)
    return [
        f"read {chosen!r}, the first sheet shown; hidden sheets {hidden} were not read "
        "(choose one with --sheet NAME)"
    ]


def _stream_workbook(path: Path, sheet: str | None) -> Table:
    """A large XLSX sheet read row by row (openpyxl's read-only mode: flat memory, slower)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ReadError(f"not a readable spreadsheet (corrupt or truncated?): {exc}") from None
    try:
        names = list(workbook.sheetnames)
        shown = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
        chosen = _chosen_sheet(names, sheet, shown)
        rows = workbook[chosen].iter_rows(values_only=True)
    except BaseException:
        workbook.close()
        raise

    def closing() -> Iterator[tuple[int, list[Cell]]]:
        try:
            yield from _numbered(rows, 0)  # read-only sheets start at row 1, gaps filled
        finally:
            workbook.close()

    warnings = [STREAMED_WARNING, *_hidden_warning(names, shown, chosen, sheet)]
    return _sheet_table(closing(), warnings, names, chosen, sheet)


def _numbered(rows: Iterator[Sequence[Cell]], first_row: int) -> Iterator[tuple[int, list[Cell]]]:
    try:
        for index, cells in enumerate(rows):
            yield first_row + index + 1, list(cells)
    except Exception as exc:
        raise ReadError(f"not a readable spreadsheet: {exc}") from None


def _blank(cells: list[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _with_header(
    rows: Iterator[tuple[int, list[Cell]]], warnings: list[str], where: str = ""
) -> Table:
    for number, cells in rows:
        if not _blank(cells):
            if len(cells) > MAX_COLUMNS:
                raise ReadError(
                    f"the header has {len(cells):,} columns; an extract has at most "
                    f"{MAX_COLUMNS:,} (a spreadsheet's limit)"
                )
            header = ["" if cell is None else str(cell).strip() for cell in cells]
            return Table(header, number, rows, warnings)
    raise ReadError(f"the file is empty{where}: no header row")
