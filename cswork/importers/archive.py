"""Limits on what a spreadsheet may expand to, checked before any reader unpacks it.

An XLSX (or ODS) file is a zip archive, and a small one can inflate to gigabytes: a shared-strings
or worksheet part can be a "zip bomb", and the archive's directory can understate the sizes. So
every part is inflated once here, in chunks, counting the bytes actually produced (not trusting
the directory, which can lie) against the limits below, and checking that no stretch of text between XML
delimiters is longer than any real cell could be, which bounds what the row-by-row reader holds.
Only then do calamine or openpyxl read the file. Memory stays flat whatever the file claims.

The same pass notes the worksheet cells a reader would read as blank: a formula with no saved
value (a workbook written by a program and never saved by Excel), and an Excel error such as #N/A
(which calamine reads as blank), so that they are reported rather than read as empty cells.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

#: Largest worksheet part a workbook may unpack to (about 5 million rows of four columns).
MAX_SHEET_BYTES = 1 << 30
#: Largest shared-strings part: every reader holds all of them in memory at once.
MAX_SHARED_STRINGS_BYTES = 48 << 20
#: Largest of any other part (workbook, styles, relationships, themes ...).
MAX_OTHER_PART_BYTES = 16 << 20
#: Largest total the whole archive may unpack to.
MAX_TOTAL_BYTES = 2 << 30
#: Most parts an archive may have (a workbook of a few sheets has about a dozen).
MAX_PARTS = 10_000
#: Longest text (or tag) between XML delimiters: Excel's own cell limit is 32,767 characters.
MAX_RUN_BYTES = 1 << 20

_CHUNK = 1 << 20
_NO_DELIMITER = re.compile(rb"[^<>]*")
_LONG_RUN = re.compile(rb"[^<>]{%d,}" % MAX_RUN_BYTES)


class ArchiveError(Exception):
    """The archive is corrupt, or would unpack to more than cswork allows; the message says which."""


@dataclass(frozen=True, slots=True)
class ArchiveFacts:
    """What checking the archive found: each part's real unpacked size, and the cells of each
    worksheet part that hold no value a reader sees (row from 1, column from 0), with the Excel
    error each holds ('' for a formula with no saved value)."""

    sizes: dict[str, int]
    unread: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)

    def largest_sheet(self) -> int:
        """Unpacked bytes of the largest worksheet (0 if there is none)."""
        return max(
            (size for name, size in self.sizes.items() if _is_sheet(name)),
            default=0,
        )

    def unread_cells(self, path: Path, sheet: str) -> dict[tuple[int, int], str]:
        """The cells of worksheet ``sheet`` that hold no value a reader sees, with the error each
        holds; the workbook's own index says which part the sheet is."""
        if not self.unread:
            return {}
        part = _sheet_parts(path).get(sheet)
        return self.unread.get(part, {}) if part is not None else {}


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _limit(name: str) -> tuple[int, str]:
    lowered = name.lower()
    if _is_sheet(name) or lowered == "content.xml":
        return MAX_SHEET_BYTES, "a worksheet"
    if lowered.startswith("xl/sharedstrings"):
        return MAX_SHARED_STRINGS_BYTES, "the shared strings"
    return MAX_OTHER_PART_BYTES, "a part"


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def check_archive(path: Path) -> ArchiveFacts:
    """Inflate every part of the zip at ``path`` once, within the limits; raise
    :class:`ArchiveError` naming what is wrong (corrupt, too many parts, a part too large)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise ArchiveError(f"the workbook has {len(infos):,} parts; at most {MAX_PARTS:,}")
            sizes: dict[str, int] = {}
            unread: dict[str, dict[tuple[int, int], str]] = {}
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                limit, what = _limit(info.filename)
                if info.file_size > limit:
                    raise ArchiveError(_too_large(what, info.filename, info.file_size, limit))
                cells = _UnreadScan() if _is_sheet(info.filename) else None
                size = _inflate(archive, info, limit, what, cells)
                total += size
                if total > MAX_TOTAL_BYTES:
                    raise ArchiveError(
                        f"the workbook unpacks to more than {_mib(MAX_TOTAL_BYTES)}; "
                        "save the data as CSV"
                    )
                sizes[info.filename] = size
                if cells is not None and cells.found:
                    unread[info.filename] = cells.found
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise ArchiveError(f"not a readable spreadsheet (corrupt or truncated?): {exc}") from None
    except OSError as exc:
        raise ArchiveError(f"cannot read the file: {exc.strerror or exc}") from None
    return ArchiveFacts(sizes, unread)


def _too_large(what: str, name: str, size: int, limit: int) -> str:
    return (
        f"{what} ({name}) unpacks to {_mib(size)} or more, over the {_mib(limit)} cswork reads "
        "(a damaged or hostile file?); save the data as CSV"
    )


def _inflate(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limit: int,
    what: str,
    cells: _UnreadScan | None = None,
) -> int:
    """The part's real unpacked size: its deflate stream is inflated in bounded chunks from its
    local header to the stream's own end (not to the sizes the directory gives, which can lie),
    stopping as soon as a limit is passed."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ArchiveError(
            f"{info.filename} is compressed in a way spreadsheets do not use "
            f"(method {info.compress_type})"
        )
    handle = archive.fp
    if handle is None:
        raise ArchiveError("the archive is closed")
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ArchiveError(f"not a readable spreadsheet (corrupt or truncated?): {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    scan = _RunScan(info.filename)
    if info.compress_type == zipfile.ZIP_STORED:
        size = 0
        remaining = info.compress_size
        while remaining and (chunk := handle.read(min(_CHUNK, remaining))):
            remaining -= len(chunk)
            size += len(chunk)
            if size > limit:
                raise ArchiveError(_too_large(what, info.filename, size, limit))
            scan.feed(chunk)
            if cells is not None:
                cells.feed(chunk)
        return size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    while not inflater.eof:
        data = handle.read(_CHUNK // 16)
        if not data:
            raise ArchiveError(f"not a readable spreadsheet (truncated?): {info.filename}")
        while data and not inflater.eof:
            chunk = inflater.decompress(data, _CHUNK)
            data = inflater.unconsumed_tail
            size += len(chunk)
            if size > limit:
                raise ArchiveError(_too_large(what, info.filename, size, limit))
            scan.feed(chunk)
            if cells is not None:
                cells.feed(chunk)
    return size


class _RunScan:
    """Checks an XML part, chunk by chunk, for text or a tag longer than :data:`MAX_RUN_BYTES`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.xml = name.endswith((".xml", ".rels"))
        self.run = 0  # bytes since the last delimiter, carried across chunks

    def feed(self, chunk: bytes) -> None:
        """Check the next chunk of the part."""
        if not self.xml or not chunk:
            return
        last = max(chunk.rfind(b"<"), chunk.rfind(b">"))
        if last < 0:
            self.run += len(chunk)
        else:
            lead = _NO_DELIMITER.match(chunk)
            self.run += lead.end() if lead else 0
            if self.run < MAX_RUN_BYTES and _LONG_RUN.search(chunk) is None:
                self.run = len(chunk) - 1 - last
                return
            self.run = max(self.run, MAX_RUN_BYTES)
        if self.run >= MAX_RUN_BYTES:
            raise ArchiveError(
                f"{self.name} holds a value or tag over {_mib(MAX_RUN_BYTES)} long, "
                "more than any spreadsheet cell (a damaged or hostile file?)"
            )


#: The end of a cell holding a formula and no value (or an empty one): Excel always saves a
#: formula's value, but a program writing a workbook need not, and every reader then reads the cell
#: as blank. Searched from each formula, not each cell, so a sheet without formulas costs nothing.
_NO_VALUE = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
#: A cell holding an Excel error (#N/A, #REF! ...), with or without its formula; matched from the
#: cell's start, found from its error type.
_ERROR = re.compile(
    rb'<c\b([^>]*\bt="e"[^>]*)>\s*(?:<f\b[^>]*(?:/>|>[^<]*</f>)\s*)?<v>([^<]{0,32})</v>\s*</c>'
)
_ERROR_TYPE = b't="e"'
_CELL_START = re.compile(rb"<c\b([^>]*)>\s*$")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
#: Bytes of the previous chunk searched again with the next, so that a cell split between two
#: chunks is seen (a cell with the longest formula Excel allows is under 9 kB).
_CARRY = 16 << 10
#: Most such cells remembered for a part: the first of them are enough to report.
MAX_UNREAD = 10_000


class _UnreadScan:
    """Finds the cells of a worksheet part, chunk by chunk, that hold a formula but no value, or
    an Excel error."""

    def __init__(self) -> None:
        self.carry = b""
        self.found: dict[tuple[int, int], str] = {}

    def feed(self, chunk: bytes) -> None:
        """Check the next chunk of the part."""
        # what was carried over holds cells begun there, which may end in this chunk; the edge
        # holds a mark split between the two
        carry, edge = self.carry, self.carry[-8:] + chunk[:8]
        formulas = b"<f" in chunk or b"<f" in carry or b"<f" in edge
        errors = _ERROR_TYPE in chunk or _ERROR_TYPE in carry or _ERROR_TYPE in edge
        if formulas or errors:
            window = self.carry + chunk
            if formulas:
                for match in _NO_VALUE.finditer(window):
                    start = window.rfind(b"<c", 0, match.start())
                    cell = _CELL_START.match(window, start, match.start()) if start >= 0 else None
                    if cell is not None:
                        self._note(cell[1], "")
            if errors:
                at = window.find(_ERROR_TYPE)
                while at >= 0:
                    start = window.rfind(b"<c", 0, at)
                    error = _ERROR.match(window, start) if start >= 0 else None
                    if error is not None:
                        self._note(error[1], error[2].decode("ascii", "replace").strip())
                    at = window.find(_ERROR_TYPE, at + 1)
        self.carry = chunk[-_CARRY:]

    def _note(self, attributes: bytes, error: str) -> None:
        ref = _CELL_REF.search(attributes)
        if ref is not None and len(self.found) < MAX_UNREAD:
            self.found[int(ref[2]), _column_index(ref[1])] = error


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1


_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SPREADSHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OFFICE_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(path: Path) -> dict[str, str]:
    """Each worksheet's name and the part holding it, from the workbook's index (its parts were
    checked first, so they are small)."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml")
            links = archive.read("xl/_rels/workbook.xml.rels")
        if b"<!DOCTYPE" in book or b"<!DOCTYPE" in links:
            return {}
        targets = {
            node.get("Id"): node.get("Target", "")
            for node in ET.fromstring(links).iter(_RELATIONSHIPS)
        }
        parts: dict[str, str] = {}
        for node in ET.fromstring(book).iter(f"{_SPREADSHEET}sheet"):
            target = targets.get(node.get(_OFFICE_ID))
            if target:
                parts[node.get("name", "")] = (
                    target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                )
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return parts
