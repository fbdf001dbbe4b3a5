"""Peak memory of ``cswork import`` on hostile files: zip bombs, a lying zip directory, a huge cell,
a huge census XML. Each must be refused (exit 1, nothing written) under 300 MB.

The files are built here, in a temporary folder, by streaming compressed output (nothing large is
held in memory or committed): a 3 GB shared-strings part, a 3 GB worksheet, a worksheet whose
directory entry claims 1 KB, a sheet with one 200 MB cell, a 200 MB CSWW return, a return whose
DOCTYPE declares nested entities (a "billion laughs"), and (for scale) the largest return cswork
reads, 16 MB (some 27,000 workers), which is read a piece at a time and imported. Each import runs
in a fresh subprocess and its peak resident memory (``ru_maxrss``) and time are printed.

Run: ``python bench/hostile_files.py`` (a few minutes, mostly compressing and checking the largest
return against the schema), or ``python bench/hostile_files.py census`` for the census files alone.
Target: every hostile file refused with exit code 1, the largest return imported, and every run
under 300 MB.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

GB = 1 << 30
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _workbook(path: Path, parts: dict[str, bytes]) -> None:
    """A minimal valid workbook (one sheet), then ``parts`` added or replaced."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Employee Ref", "Team", "Start Date", "FTE", "Contract", "Role"])
    sheet.append(["E1", "Team A", "2020-01-01", 1, "Permanent", 4])
    base = path.with_suffix(".base.xlsx")
    book.save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename not in parts:
                out.writestr(info, source.read(info))
        for name, content in parts.items():
            out.writestr(name, content)
    base.unlink()


def _streamed_part(path: Path, name: str, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    """Add part ``name`` of about ``size`` bytes (``unit`` repeated) to the zip at ``path``,
    compressing as it goes."""
    block = unit * max(1, (1 << 20) // len(unit))
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as handle,
    ):
        handle.write(head)
        written = 0
        while written < size:
            handle.write(block)
            written += len(block)
        handle.write(tail)


def shared_strings_bomb(folder: Path) -> Path:
    path = folder / "shared_strings_bomb.xlsx"
    _workbook(path, {})
    _without(path, "xl/sharedStrings.xml")
    _streamed_part(
        path,
        "xl/sharedStrings.xml",
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main">',
        b"<si><t>AAAAAAAAAAAAAAAAAAAAAAAA</t></si>",
        3 * GB,
        b"</sst>",
    )
    return path


def sheet_bomb(folder: Path) -> Path:
    path = folder / "sheet_bomb.xlsx"
    _workbook(path, {})
    _without(path, "xl/worksheets/sheet1.xml")
    _streamed_part(
        path,
        "xl/worksheets/sheet1.xml",
        _SHEET_HEAD,
        b'<row><c t="inlineStr"><is><t>E1</t></is></c><c><v>1</v></c></row>',
        3 * GB,
        _SHEET_TAIL,
    )
    return path


def huge_cell(folder: Path) -> Path:
    path = folder / "huge_cell.xlsx"
    _workbook(path, {})
    _without(path, "xl/worksheets/sheet1.xml")
    _streamed_part(
        path,
        "xl/worksheets/sheet1.xml",
        _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>',
        b"A" * 4096,
        200 << 20,
        b"</t></is></c></row>" + _SHEET_TAIL,
    )
    return path


def lying_directory(folder: Path) -> Path:
    """A 1 GB sheet whose local header and directory entry both claim 1,000 bytes."""
    path = sheet_bomb(folder).rename(folder / "lying_directory.xlsx")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            name_at = found + (46 if signature == b"PK\x01\x02" else 30)
            length = struct.unpack_from("<H", data, found + (28 if offset == 24 else 26))[0]
            if bytes(data[name_at : name_at + length]) == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", data, found + offset, 1000)
            start = found + 4
    path.write_bytes(bytes(data))
    return path


def _without(path: Path, name: str) -> None:
    keep = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(keep, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != name:
                out.writestr(info, source.read(info))
    keep.replace(path)


def census_xml(folder: Path) -> Path:
    path = folder / "census.xml"
    worker = (
        b"<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW1234567</SWENo>"
        b"<FTE>1.000000</FTE><PersonBirthDate>1980-01-01</PersonBirthDate></CSWWWorker>\n"
    )
    with path.open("wb") as handle:
        handle.write(b'<?xml version="1.0"?><Message><Header/>')
        for _ in range((200 << 20) // len(worker)):
            handle.write(worker)
        handle.write(b"</Message>")
    return path


def entity_bomb(folder: Path) -> Path:
    """A return whose DOCTYPE declares ten levels of entities, each ten of the one before: the
    header would expand to 10 GB of "lol"."""
    levels = "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' if n else '<!ENTITY e0 "lol">' for n in range(10)
    )
    path = folder / "entity_bomb.xml"
    path.write_bytes(
        f'<?xml version="1.0"?><!DOCTYPE Message [{levels}]><Message><Header>&e9;</Header>'
        "<LALevelVacancies/></Message>".encode()
    )
    return path


def largest_return(folder: Path) -> Path:
    """The largest census return cswork reads: the liia-tools sample's workers repeated to just
    under 16 MB (the limit)."""
    from cswork.importers.csww import MAX_RETURN_BYTES

    sample = (Path(__file__).parents[1] / "tests/csww/data/sample_2022.xml").read_bytes()
    start = sample.index(b"<CSWWWorker>")
    end = sample.rindex(b"</CSWWWorker>") + len(b"</CSWWWorker>")
    workers = sample[start:end]
    path = folder / "largest_return.xml"
    copies = int((MAX_RETURN_BYTES - len(sample)) / len(workers))
    path.write_bytes(sample[:start] + workers * copies + sample[end:])
    return path


def run(kind: str, path: Path, db: Path) -> tuple[int, float, float, str]:
    """Exit code, peak MB, seconds and the first stderr line of importing ``path``."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "cswork", "import", kind, str(path), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    lines = stderr.strip().splitlines()
    return child.returncode, usage.ru_maxrss / 1024, seconds, lines[0] if lines else ""


def main() -> None:
    census_only = sys.argv[1:] == ["census"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "bench.db"
        builders = (
            [] if census_only else [shared_strings_bomb, sheet_bomb, lying_directory, huge_cell]
        )
        print(f"{'file':<26} {'on disk':>9} {'exit':>4} {'peak MB':>8} {'s':>6}  message")
        for build in builders:
            path = build(folder)
            _report(path, *run("staff", path, db))
        for build in (census_xml, entity_bomb, largest_return):
            path = build(folder)
            _report(path, *run("csww", path, db))


def _report(path: Path, code: int, peak: float, seconds: float, message: str) -> None:
    size = path.stat().st_size / (1 << 20)
    print(f"{path.name:<26} {size:>7.1f}MB {code:>4} {peak:>8.0f} {seconds:>6.1f}  {message[:90]}")


if __name__ == "__main__":
    main()
