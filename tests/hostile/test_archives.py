"""Compressed files that expand without bound, lie about their sizes, or are corrupt are refused
with a clean message and exit code 1, nothing written. Files are built here, with the limits
lowered so that each bomb stays small; ``bench/hostile_files.py`` measures the real ones."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cswork.importers.archive as archive
import cswork.importers.csww as csww
from cswork.cli import app
from cswork.store import open_db
from tests.conftest import dump_tables

runner = CliRunner()
SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["Employee Ref", "Team", "Start Date", "FTE", "Contract", "Role"]


def _workbook(path: Path, parts: dict[str, bytes] | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["E1", "Team A", "2020-01-01", 1, "Permanent", 4])
    book.save(path)
    if parts:
        base = path.read_bytes()
        staging = path.with_suffix(".staging")
        staging.write_bytes(base)
        with zipfile.ZipFile(staging) as source, zipfile.ZipFile(path, "w") as out:
            for info in source.infolist():
                if info.filename not in parts:
                    out.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
            for name, content in parts.items():
                out.writestr(name, content, zipfile.ZIP_DEFLATED)
    return path


def _refused(path: Path, tmp_path: Path, words: str, kind: str = "staff") -> None:
    db = tmp_path / "t.db"
    store = open_db(db)
    before = dump_tables(store)
    store.close()
    result = runner.invoke(app, ["import", kind, str(path), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert words in result.output, result.output
    store = open_db(db)
    assert dump_tables(store) == before
    assert store.execute("SELECT rows_added FROM imports").fetchall() in ([], [(0,)])
    store.close()


def test_a_plain_workbook_still_imports(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "ok.xlsx")
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 0, result.output


def test_shared_strings_over_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_SHARED_STRINGS_BYTES", 64 << 10)
    strings = b"<sst>" + b"<si><t>AAAAAAAA</t></si>" * 10_000 + b"</sst>"
    path = _workbook(tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": strings})
    _refused(path, tmp_path, "the shared strings (xl/sharedStrings.xml) unpacks to")


def test_a_sheet_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_SHEET_BYTES", 64 << 10)
    sheet = b"<worksheet><sheetData>" + b"<row><c><v>1</v></c></row>" * 10_000 + b"</sheetData>"
    path = _workbook(tmp_path / "bomb.xlsx", {SHEET: sheet + b"</worksheet>"})
    _refused(path, tmp_path, "a worksheet (xl/worksheets/sheet1.xml) unpacks to")


def _lie_about(path: Path, name: bytes, size: int) -> None:
    """Make the local header and the directory entry of part ``name`` claim ``size`` bytes."""
    data = bytearray(path.read_bytes())
    for signature, size_at, name_length_at, name_at in (
        (b"PK\x01\x02", 24, 28, 46),
        (b"PK\x03\x04", 22, 26, 30),
    ):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, found + name_length_at)[0]
            if bytes(data[found + name_at : found + name_at + length]) == name:
                struct.pack_into("<I", data, found + size_at, size)
            start = found + 4
    path.write_bytes(bytes(data))


def test_a_directory_that_understates_a_part_is_not_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_SHEET_BYTES", 64 << 10)
    sheet = b"<worksheet><sheetData>" + b"<row><c><v>1</v></c></row>" * 10_000 + b"</sheetData>"
    path = _workbook(tmp_path / "liar.xlsx", {SHEET: sheet + b"</worksheet>"})
    _lie_about(path, SHEET.encode(), 100)
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size == 100
    _refused(path, tmp_path, "unpacks to")


def test_a_cell_longer_than_any_spreadsheet_allows_is_refused(tmp_path: Path) -> None:
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"A" * (2 << 20) + b"</t></is></c></row>"
    sheet = b"<worksheet><sheetData>" + cell + b"</sheetData></worksheet>"
    path = _workbook(tmp_path / "cell.xlsx", {SHEET: sheet})
    _refused(path, tmp_path, "holds a value or tag over 1 MB long")


def _corrupt_version(data: bytearray) -> None:
    found = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, found + 6, 99)  # "version needed to extract": 9.9


def _corrupt_method(data: bytearray) -> None:
    for signature, at in ((b"PK\x01\x02", 10), (b"PK\x03\x04", 8)):
        found = data.find(signature)
        struct.pack_into("<H", data, found + at, 99)


def _truncate(data: bytearray) -> None:
    del data[len(data) // 2 :]


def _flip_middle(data: bytearray) -> None:
    for index in range(len(data) // 3, len(data) // 3 + 64):
        data[index] ^= 0xFF


def _bad_offset(data: bytearray) -> None:
    found = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, found + 42, 0x7FFFFFF0)


@pytest.mark.parametrize(
    "corrupt", [_corrupt_version, _corrupt_method, _truncate, _flip_middle, _bad_offset]
)
def test_a_corrupt_archive_gives_a_clean_message(
    tmp_path: Path, corrupt: Callable[[bytearray], None]
) -> None:
    path = _workbook(tmp_path / "corrupt.xlsx")
    data = bytearray(path.read_bytes())
    corrupt(data)
    path.write_bytes(bytes(data))
    _refused(path, tmp_path, "corrupt.xlsx")


def test_a_census_return_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csww, "MAX_RETURN_BYTES", 1 << 16)
    path = tmp_path / "huge.xml"
    path.write_bytes(b"<Message>" + b"<CSWWWorker/>" * 10_000 + b"</Message>")
    _refused(path, tmp_path, "a census return is at most", kind="csww")


def test_a_census_return_that_is_not_utf8_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?><Message><Header>\xe9</Header></Message>'
    )
    _refused(path, tmp_path, "latin1.xml", kind="csww")


SAMPLE = Path(__file__).parents[1] / "csww" / "data" / "sample_2022.xml"


def test_a_census_return_declaring_entities_is_refused_before_they_expand(
    tmp_path: Path,
) -> None:
    levels = "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' if n else '<!ENTITY e0 "lol">' for n in range(10)
    )
    path = tmp_path / "laughs.xml"
    path.write_bytes(
        f'<?xml version="1.0"?><!DOCTYPE Message [{levels}]><Message><Header>&e9;</Header>'
        "</Message>".encode()
    )
    _refused(path, tmp_path, "a census return has no DOCTYPE", kind="csww")


def test_a_census_return_over_4_mb_is_read_a_piece_at_a_time(tmp_path: Path) -> None:
    from cswork.csww.read import CHUNK_BYTES

    sample = SAMPLE.read_bytes()
    first = sample.index(b"<CSWWWorker>")
    # Comments (ignored by the reader) make the file large without making it slow to check.
    padded = sample[:first] + b"<!--" + b"x" * (5 << 20) + b"-->" + sample[first:]
    path = tmp_path / "large.xml"
    path.write_bytes(padded)
    assert path.stat().st_size > max(4 << 20, 50 * CHUNK_BYTES)
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["import", "csww", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = open_db(db)
    assert store.execute("SELECT count(*) FROM census_return_workers").fetchone()[0] == 30
    store.close()
