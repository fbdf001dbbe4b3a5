"""Foreign databases left alone; exit code 4 with one line when the surroundings stop a command
(database locked or read-only, disk full, a file that cannot be written); reads still work on a
read-only database; secure_delete on every connection."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cswork.store.db as store_db
from cswork.cli import app
from cswork.store import open_db
from cswork.store.db import APPLICATION_ID

runner = CliRunner()

STAFF = "Employee Ref,Team,Start Date,FTE,Contract,Role\nNEW1,Team A,2025-01-06,1,Permanent,4\n"
SCENARIO = 'name = "imported"\n'


def _prepare(folder: Path, demo_path: Path) -> dict[str, Path]:
    """A demo copy with a stored scenario and an import to undo, and the files commands read."""
    db = folder / "demo.db"
    shutil.copy(demo_path, db)
    staff = folder / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    for args in (["scenario", "new", "plan"], ["import", "staff", str(staff)]):
        result = runner.invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
    exported = runner.invoke(app, ["scenario", "export", "plan", "--db", str(db)])
    toml = folder / "plan.toml"
    toml.write_text(exported.stdout.replace('name = "plan"', 'name = "other"'), encoding="utf-8")
    return {"db": db, "staff": staff, "toml": toml}


def _last_import(db: Path) -> str:
    store = open_db(db, create=False)
    found = store.execute("SELECT MAX(id) FROM imports").fetchone()[0]
    store.close()
    return str(found)


def writers(files: dict[str, Path]) -> list[list[str]]:
    """Every command that writes to the database."""
    return [
        ["import", "staff", str(files["staff"]), "--as-at", "2025-09-30"],
        ["imports", "undo", _last_import(files["db"]), "--yes"],
        ["settings", "set", "weight.CP", "1.6"],
        ["settings", "reset", "weight.CP"],
        ["scenario", "new", "copy"],
        ["scenario", "set", "plan", "demand_growth", "0.05"],
        ["scenario", "delete", "plan"],
        ["scenario", "import", str(files["toml"])],
    ]


READERS = [
    ["summary", "--as-at", "2025-09-30"],
    ["pressure", "--as-at", "2025-09-30"],
    ["cohorts", "--as-at", "2025-09-30"],
    ["imports"],
    ["settings"],
    ["scenario", "list"],
    ["scenario", "show", "baseline"],
    ["project", "--runs", "20", "--months", "3", "--format", "csv"],
    ["census", "check", "--year", "2025"],
]


def _clean_failure(result: object, code: int, words: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == code, output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and words in lines[0], output


# --- foreign databases ------------------------------------------------------------------------


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('kept')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "command", [["summary"], ["init"], ["settings", "set", "weight.CP", "1.6"], ["imports"]]
)
def test_another_programs_database_is_refused_untouched(foreign: Path, command: list[str]) -> None:
    before = foreign.read_bytes()
    result = runner.invoke(app, [*command, "--db", str(foreign)])
    _clean_failure(result, 3, "another program's SQLite database")
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["other.db"]


def test_import_into_a_foreign_database_writes_nothing(foreign: Path, tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    before = foreign.read_bytes()
    result = runner.invoke(app, ["import", "staff", str(staff), "--db", str(foreign)])
    assert result.exit_code == 3, result.output
    assert foreign.read_bytes() == before


def test_cswork_marks_its_databases_and_still_opens_unmarked_ones(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0
    store = open_db(path)
    assert store.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.execute("PRAGMA application_id = 0")  # as a cswork before marking made it
    store.close()
    assert runner.invoke(app, ["summary", "--db", str(path)]).exit_code == 3  # no data, not foreign
    store = open_db(path)
    assert store.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert runner.invoke(app, ["init", "--db", str(path)]).exit_code == 0


# --- secure_delete ----------------------------------------------------------------------------


def test_secure_delete_is_on_even_where_sqlite_defaults_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    def connect_insecure(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.execute("PRAGMA secure_delete = OFF")  # as a SQLite built without it would be
        return conn

    monkeypatch.setattr(store_db.sqlite3, "connect", connect_insecure)
    store = open_db(tmp_path / "t.db")
    assert store.execute("PRAGMA secure_delete").fetchone()[0] == 1
    store.execute("INSERT INTO teams (name) VALUES ('SECRET-TEAM-NAME-0451')")
    store.execute("DELETE FROM teams")
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert b"SECRET-TEAM-NAME-0451" not in (tmp_path / "t.db").read_bytes()


# --- locked -----------------------------------------------------------------------------------


@pytest.fixture
def prepared(tmp_path: Path, demo_path: Path) -> dict[str, Path]:
    return _prepare(tmp_path, demo_path)


def test_every_writer_says_the_database_is_in_use_when_locked(
    prepared: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    commands = writers(prepared)
    holder = sqlite3.connect(prepared["db"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for command in commands:
            result = runner.invoke(app, [*command, "--db", str(prepared["db"])])
            _clean_failure(result, 4, "database is locked")
        for command in READERS[:3]:
            assert runner.invoke(app, [*command, "--db", str(prepared["db"])]).exit_code == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# --- read-only and full filesystems (root mounts a small tmpfs) --------------------------------


def _mount(point: Path, options: str) -> None:
    point.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("needs root allowed to mount a tmpfs (to make a read-only or full disk)")


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root allowed to mount a tmpfs (to make a read-only or full disk)")
    point = tmp_path / "mnt"
    _mount(point, "size=64m,mode=0700")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _remount(point: Path, options: str) -> None:
    gc.collect()  # close connections the commands left to the collector
    subprocess.run(["mount", "-o", f"remount,{options}", str(point)], check=True)


def test_read_only_disk_reads_work_and_writes_say_read_only(mounted: Path, demo_path: Path) -> None:
    files = _prepare(mounted, demo_path)
    commands = writers(files)
    out = mounted / "plan.toml"
    _remount(mounted, "ro")
    db = str(files["db"])
    for command in READERS:
        result = runner.invoke(app, [*command, "--db", db])
        # the census check exits 1 when it finds errors (the staff file adds a worker without
        # census details); the point is that it reads
        assert result.exit_code == (1 if command[0] == "census" else 0), (command, result.output)
        assert "Traceback" not in result.output
    for command in commands:
        result = runner.invoke(app, [*command, "--db", db])
        _clean_failure(result, 4, "read-only")
    result = runner.invoke(app, ["scenario", "export", "plan", "--out", str(out), "--db", db])
    _clean_failure(result, 4, "cannot write")


def _fill(filler: Path) -> None:
    """Write ``filler`` until the disk is full. Unbuffered, so that no half-written buffer is left
    for the close to fail on (a buffered file raised "no space" again when closed, which made this
    test fail depending on where the last write stopped)."""
    with filler.open("wb", buffering=0) as handle:
        block = b"\0" * (1 << 16)
        try:
            while True:
                handle.write(block)
        except OSError:
            pass


def test_full_disk_every_writer_says_so(mounted: Path, demo_path: Path) -> None:
    files = _prepare(mounted, demo_path)
    commands = writers(files)
    open_db(files["db"], create=False).close()
    _fill(mounted / "filler")
    db = str(files["db"])
    for command in commands[:1] + commands[2:]:  # an undo may need no new pages
        result = runner.invoke(app, [*command, "--db", db])
        if result.exit_code == 0:
            continue  # a small change can fit in pages SQLite already has
        _clean_failure(result, 4, "disk is full")
    result = runner.invoke(
        app, ["scenario", "export", "plan", "--out", str(mounted / "x.toml"), "--db", db]
    )
    _clean_failure(result, 4, "disk is full")
    assert not [p for p in mounted.iterdir() if p.name.endswith(".part")]


# --- files that cannot be written -------------------------------------------------------------


def test_exports_to_a_folder_or_a_device_are_refused(prepared: dict[str, Path]) -> None:
    db = str(prepared["db"])
    for out, words in ((prepared["db"].parent, "is a folder"), (Path("/dev/full"), "regular")):
        result = runner.invoke(app, ["scenario", "export", "plan", "--out", str(out), "--db", db])
        _clean_failure(result, 1, words)


def test_stdout_on_a_full_device_is_one_line_and_exit_4(prepared: dict[str, Path]) -> None:
    for command in (["scenario", "export", "plan"], ["summary", "--json"], ["summary"]):
        with Path("/dev/full").open("w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "cswork", *command, "--db", str(prepared["db"])],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert done.returncode == 4, (command, done.stderr)
        assert "Traceback" not in done.stderr
        assert (
            done.stderr.strip().splitlines()
            == ["error: cannot write the output: No space left on device"]
            or "disk is full" in done.stderr
        ), done.stderr
