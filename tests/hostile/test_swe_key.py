"""SWE numbers are hashed with a key kept outside the database; older salted hashes still match."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app
from cswork.services.imports import run_import
from cswork.store import Database
from cswork.store.swe import KEY_ENV_VAR, SALT_KEY, key_path, load_key, swe_digest

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[1] / "csww" / "data" / "sample_2022.xml"
STAFF = (
    "Employee Ref,Team,Start Date,FTE,Contract,Role,SWE Number\n"
    "E1,Team A,2020-01-01,1,Permanent,4,SW123456\n"
)


@pytest.fixture
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "cswork" / "swe.key"
    monkeypatch.setenv(KEY_ENV_VAR, str(path))
    return path


def test_the_database_alone_does_not_give_the_numbers_back(tmp_path: Path, own_key: Path) -> None:
    db = tmp_path / "t.db"
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    result = runner.invoke(app, ["import", "staff", str(staff), "--db", str(db)])
    assert result.exit_code == 0, result.output
    key = bytes.fromhex(own_key.read_text().strip())
    assert stat.S_IMODE(own_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(own_key.parent.stat().st_mode) == 0o700
    wal = tmp_path / "t.db-wal"
    raw = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert key.hex().encode() not in raw and key not in raw
    assert b"SW123456" not in raw
    expected = "hmac-sha256:" + hmac.new(key, b"SW123456", hashlib.sha256).hexdigest()
    assert expected.encode() in raw
    assert SALT_KEY.encode() not in raw  # no salt stored beside the hashes any more


def test_a_legacy_salted_hash_still_matches_the_census(db: Database, own_key: Path) -> None:
    salt = "legacy-salt"
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (SALT_KEY, json.dumps(salt)))
    db.execute(
        "INSERT INTO workers (employee_ref, swe_number) VALUES ('OLD1', ?)",
        (swe_digest(salt, "Oz2054309383"),),
    )
    result = run_import(db, "csww", SAMPLE)
    assert result.outcome == "ok", result.problems
    refs = [row[0] for row in db.execute("SELECT employee_ref FROM workers ORDER BY id")]
    assert refs[0] == "OLD1"
    assert len(refs) == 30  # the sample's 30 workers, the first matched to OLD1
    assert all(ref.startswith("CSWW-") for ref in refs[1:])


def test_the_key_exports_and_installs_on_a_second_machine(
    tmp_path: Path, own_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "key.txt"
    result = runner.invoke(app, ["key", "export", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    first = load_key()
    second_machine = tmp_path / "second" / "swe.key"
    monkeypatch.setenv(KEY_ENV_VAR, str(second_machine))
    assert key_path() == second_machine
    assert runner.invoke(app, ["key", "import", str(exported)]).exit_code == 0
    assert load_key() == first
    other = tmp_path / "other.txt"
    other.write_text("ab" * 32 + "\n", encoding="ascii")
    refused = runner.invoke(app, ["key", "import", str(other)])
    assert refused.exit_code == 1 and "different SWE key" in refused.output
    assert load_key() == first
    assert runner.invoke(app, ["key", "import", str(other), "--replace"]).exit_code == 0
    assert load_key() == bytes.fromhex("ab" * 32)


def test_an_unreadable_key_stops_the_import_cleanly(tmp_path: Path, own_key: Path) -> None:
    own_key.parent.mkdir(parents=True)
    own_key.write_text("not a key\n", encoding="ascii")
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    result = runner.invoke(app, ["import", "staff", str(staff), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 4, result.output
    assert "not a cswork SWE key" in result.output and "Traceback" not in result.output
