"""Encodings are not guessed over bad bytes, UTF-16 is read, and the import log tells the truth."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cswork.cli import app

runner = CliRunner()
HEADER = "Employee Ref,Team,Start Date,FTE,Contract,Role\n"


def _import(db: Path, path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), *extra])
    return result.exit_code, result.output


def _teams(db: Path) -> list[str]:
    result = runner.invoke(app, ["summary", "--db", str(db), "--json", "--as-at", "2025-09-30"])
    return sorted(team["team"] for team in json.loads(result.stdout)["teams"])


def test_a_stray_windows_1252_byte_in_utf8_is_reported_by_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    rows = [f"E{n},Équipe {n},2020-01-01,1,Permanent,4\n".encode() for n in range(1, 6)]
    rows.insert(3, "E9,\xc9quipe Sud,2020-01-01,1,Permanent,4\n".encode("cp1252"))
    path.write_bytes(HEADER.encode() + b"".join(rows))
    code, output = _import(tmp_path / "t.db", path)
    assert code == 1, output
    assert "row 5 has bytes that are not" in output
    assert "nothing written" in output


def test_a_windows_1252_file_is_still_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes((HEADER + "E1,Équipe Nord,2020-01-01,1,Permanent,4\n").encode("cp1252"))
    db = tmp_path / "t.db"
    code, output = _import(db, path)
    assert code == 0, output
    assert "Windows-1252" in output
    assert _teams(db) == ["Équipe Nord"]


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{encoding}.csv"
        text = HEADER + "E1,Équipe Nord,2020-01-01,1,Permanent,4\n"
        bom = "\ufeff" if encoding == "utf-16-be" else ""
        path.write_bytes((bom + text).encode(encoding))
        db = tmp_path / f"{encoding}.db"
        code, output = _import(db, path)
        assert code == 0, output
        assert _teams(db) == ["Équipe Nord"]


def _log(db: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["imports", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    records: list[dict[str, object]] = json.loads(result.stdout)
    return records


def test_a_failed_import_records_nothing_added(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "".join(f"E{n},Team A,2020-01-01,1,Permanent,4\n" for n in range(20))
    path.write_text(HEADER + good + "E99,Team A,not a date,1,Permanent,4\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["import", "staff", str(path), "--db", str(db), "--json"])
    assert result.exit_code == 1
    reported = json.loads(result.stdout)
    assert reported["rows_added"] == 0 and reported["rows_read"] == 21
    (logged,) = _log(db)
    assert logged["outcome"] == "failed"
    assert logged["rows_added"] == 0 and logged["rows_changed"] == 0


def test_a_file_that_changes_nothing_is_a_no_op_that_does_not_block_undo(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "E1,Team A,2020-01-01,1,Permanent,4\n", encoding="utf-8")
    assert _import(db, first)[0] == 0
    same_rows = tmp_path / "same_rows.csv"  # another file (a different hash), the same data
    same_rows.write_text(HEADER + "E1,Team A,01/01/2020,1.0,Permanent,4\n", encoding="utf-8")
    code, output = _import(db, same_rows)
    assert code == 0, output
    assert "nothing changed" in output
    log = _log(db)
    assert [record["outcome"] for record in log] == ["no-op", "ok"]
    first_id = str(log[1]["id"])
    undone = runner.invoke(app, ["imports", "undo", first_id, "--yes", "--db", str(db)])
    assert undone.exit_code == 0, undone.output
