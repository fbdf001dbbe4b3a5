"""No file cswork writes ever goes over the database it has open, nor its log or shared memory:
``cswork export csww --out cswork.db`` once replaced the whole store with XML and said it wrote
it. The destination is compared by device and inode, never opened (closing a handle on the
database would drop this process's locks on it, tests/store/test_shared_wal.py)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cswork.cli import app as cli
from cswork.export.files import DestinationError, write_private_bytes
from cswork.store import open_db


@pytest.fixture
def store_path(demo_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "cswork.db"
    shutil.copy(demo_path, path)
    return path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_nothing_is_written_over_the_open_database(store_path: Path, suffix: str) -> None:
    db = open_db(store_path, create=False)
    db.execute("SELECT count(*) FROM teams").fetchone()
    target = store_path.with_name(store_path.name + suffix)
    assert target.exists()
    before = store_path.read_bytes()
    with pytest.raises(DestinationError, match="is a database"):
        write_private_bytes(target, b"<CSWWWorkforce/>")
    assert store_path.read_bytes() == before
    assert db.execute("SELECT count(*) FROM teams").fetchone()[0] > 0
    db.close()


def test_a_database_not_open_here_is_not_written_over_either(tmp_path: Path) -> None:
    """A command closes its database before it writes (``scenario export`` did, and so wrote the
    scenario over the store): any SQLite file is refused, and its log and shared memory."""
    path = tmp_path / "old.db"
    db = open_db(path)
    db.close()
    del db
    gc.collect()
    before = path.read_bytes()
    for target in (path, path.with_name("old.db-wal")):
        with pytest.raises(DestinationError, match="is a database"):
            write_private_bytes(target, b"replaced")
    assert path.read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("an ordinary file")
    write_private_bytes(other, b"replaced, as asked")
    assert other.read_bytes() == b"replaced, as asked"


@pytest.mark.parametrize(
    "command",
    [
        ["export", "csww", "--year", "2025", "--out", "{db}"],
        ["report", "--format", "md", "--out", "{db}"],
        ["scenario", "export", "baseline", "--out", "{db}"],
    ],
)
def test_a_command_asked_to_write_over_its_database_refuses(
    store_path: Path, command: list[str]
) -> None:
    before = store_path.read_bytes()
    args = [part.format(db=store_path) for part in command] + ["--db", str(store_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert "is a database" in result.output
    assert store_path.read_bytes() == before
