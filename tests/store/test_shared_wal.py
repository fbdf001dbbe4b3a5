"""Two processes on one database: the write-ahead log stays while either has it open.

SQLite takes a connection for the file's last user, and deletes the write-ahead log and shared
memory when it closes, if it can lock the file exclusively. Closing any descriptor of a file drops
every POSIX lock its process holds on it, SQLite's own included; cswork's in-use handle
(``store.db._hold_in_use_lock``) is such a descriptor, and closing one as a connection went let
another process (the app's work-ahead process, a command run beside the app) delete the log from
under the connections still open, and the next to open failed with "disk I/O error".
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from cswork.store import open_db
from cswork.store.db import replaceable

OTHER_PROCESS = """
import sys
from pathlib import Path
from cswork.store import open_db
db = open_db(Path(sys.argv[1]), create=False)
print(db.execute("SELECT count(*) FROM teams").fetchone()[0])
db.close()
"""


def _in_another_process(path: Path) -> int:
    """Open, read and close the database in a process of its own; the count of teams it saw."""
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    db = open_db(path)
    db.execute("INSERT INTO teams (name) VALUES ('First')")
    db.close()
    return path


def test_a_connection_gone_leaves_the_others_locks(path: Path) -> None:
    kept = open_db(path, create=False)
    kept.execute("SELECT count(*) FROM teams").fetchone()
    gone = open_db(path, create=False)
    gone.close()
    del gone
    gc.collect()  # its in-use handle goes with it
    assert _in_another_process(path) == 1
    assert path.with_name("shared.db-wal").exists(), "the other process deleted the open log"
    kept.execute("INSERT INTO teams (name) VALUES ('Second')")
    assert _in_another_process(path) == 2  # the write is in the log the others read
    kept.close()


def test_the_file_is_free_once_every_database_on_it_has_gone(path: Path) -> None:
    first, second = open_db(path, create=False), open_db(path, create=False)
    first.close()
    second.close()
    del first
    gc.collect()
    with pytest.raises(Exception, match="in use"):
        replaceable(path)  # the second still holds it
    del second
    gc.collect()
    handle = replaceable(path)
    assert handle is not None
    handle.close()


COLLECTED_WHILE_OPENING = """
import gc
import sys
from pathlib import Path

import cswork.store.db as store_db
from cswork.store import open_db

gone = open_db(Path(sys.argv[1]), create=False)
cycle = [gone, None]
cycle[1] = cycle  # found only by the garbage collector
del gone, cycle
flock = store_db.fcntl.flock

def collecting(fd, operation):
    gc.collect()  # as the collector may, at any allocation of this thread
    return flock(fd, operation)

store_db.fcntl.flock = collecting
kept = open_db(Path(sys.argv[2]), create=False)
store_db.fcntl.flock = flock
print(len(store_db._IN_USE), store_db.replaceable(Path(sys.argv[1])) is not None)
"""


def test_a_database_collected_while_another_is_opened(path: Path, tmp_path: Path) -> None:
    """The garbage collector runs in whichever thread allocates, even one opening a database:
    the finalizer of a database it finds there must not wait for the lock that thread holds."""
    other = tmp_path / "other.db"
    open_db(other).close()
    done = subprocess.run(
        [sys.executable, "-c", COLLECTED_WHILE_OPENING, str(path), str(other)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "True"]  # the first file's handle closed, once let go


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_database_itself_is_never_read_as_an_import(path: Path, suffix: str) -> None:
    """Reading it with a plain handle would drop this process's locks on it when closed."""
    from cswork.services.imports import ImportAbortedError, run_import

    db = open_db(path, create=False)
    db.execute("SELECT count(*) FROM teams").fetchone()
    picked = path.with_name(path.name + suffix)
    assert picked.exists()
    with pytest.raises(ImportAbortedError, match="is the database cswork is using"):
        run_import(db, "staff", picked)
    assert _in_another_process(path) == 1
    assert path.with_name("shared.db-wal").exists(), "the other process deleted the open log"
    db.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_a_refused_export_leaves_the_others_locks(path: Path, suffix: str) -> None:
    """Looking at the destination to refuse it never opens the open database's files."""
    from cswork.export.files import DestinationError, write_private_bytes

    db = open_db(path, create=False)
    db.execute("SELECT count(*) FROM teams").fetchone()
    with pytest.raises(DestinationError, match="is a database"):
        write_private_bytes(path.with_name(path.name + suffix), b"<CSWWWorkforce/>")
    assert _in_another_process(path) == 1
    assert path.with_name("shared.db-wal").exists(), "the other process deleted the open log"
    db.close()
