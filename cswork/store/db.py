"""Opening the database: owner-only file, foreign keys, WAL, and numbered migrations.

Migrations are the ``NNNN_name.sql`` files of the top-level ``db/`` folder, applied in order inside one
transaction each; the applied versions are recorded in ``schema_migrations``. The wheel ships that
folder as ``cswork/db`` (hatch force-include), so an installed cswork finds it beside the package; an
editable install reads the checkout's ``db/`` directly.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import sqlite3
import threading
import weakref
from collections import deque
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import BinaryIO

from cswork.paths import note_open_database
from cswork.store._sqlite_utils import sqlite_utils

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """A database problem the user can act on (bad path, newer schema, ...)."""


def _migrations_folder() -> Traversable:
    """Where the migrations are: inside the installed package, else the source checkout's ``db/``."""
    packaged = resources.files("cswork") / "db"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "db"
    if checkout.is_dir():
        return checkout
    raise StoreError("cswork's schema migrations are missing from this installation; reinstall it")


def _migrations() -> list[tuple[int, str, str]]:
    """The migrations as (version, file name, SQL), in version order."""
    found = []
    for entry in _migrations_folder().iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migrations are not numbered 1..N without gaps: {versions}")
    return found


SCHEMA_VERSION = len(_migrations())


def _create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def schema_version(db: sqlite_utils.Database) -> int:
    """The highest migration applied to ``db`` (0 for an empty database)."""
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration newer than the database's version; return the versions applied."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
    )
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {current} is newer than this cswork ({SCHEMA_VERSION}); "
            "upgrade cswork"
        )
    applied = []
    for version, name, sql in _migrations():
        if version <= current:
            continue
        with db.atomic():
            for statement in _split_sql(sql):
                db.execute(statement)
            db.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                (version, name),
            )
        applied.append(version)
    return applied


def _split_sql(sql: str) -> list[str]:
    """Split a migration script into statements (executescript would commit mid-transaction)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


#: How long a connection waits for another program's write lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000
#: ``PRAGMA application_id`` of a cswork database ("CSWK"): how cswork knows a file is its own.
APPLICATION_ID = 0x4353574B


#: SQLite's errors under names callers can catch without importing sqlite3 (only the store does).
OperationalError = sqlite3.OperationalError
IntegrityError = sqlite3.IntegrityError


class DatabaseUnavailableError(StoreError):
    """The database cannot be used as asked because of its surroundings: locked by another
    program, read-only, on a full disk, or unreadable (not because of what it holds)."""


def unavailable_reason(exc: BaseException) -> str | None:
    """A one-line reason for a SQLite or OS error caused by the environment, or ``None``."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return "the database is locked: another program is writing to it; try again later"
        if "readonly" in text or "read-only" in text:
            return "the database (or its folder) is read-only: nothing can be written to it"
        if "full" in text:
            return "the disk is full (no space left on the device)"
        if "disk i/o" in text or "unable to open" in text:
            return f"the database cannot be read or written: {exc}"
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full (no space left on the device)"
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return None


def _connect(path: Path, *, check_same_thread: bool, uri: str | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(
        uri or path, isolation_level=None, check_same_thread=check_same_thread, uri=uri is not None
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    return conn


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`StoreError` unless the open file is cswork's or empty, before anything is
    written to it."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id == 0 and not tables:
        return
    if application_id == 0 and {"schema_migrations", "role_spells", "teams"} <= tables:
        return  # made by a cswork from before databases were marked: marked when next opened
    raise StoreError(
        f"{path} is another program's SQLite database, not a cswork one; cswork leaves it alone"
    )


def open_db(
    path: Path, *, create: bool = True, check_same_thread: bool = True
) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the database at ``path``.

    A new file is created with owner-only permissions and marked as cswork's
    (:data:`APPLICATION_ID`); a SQLite file that is not cswork's is refused before anything is
    written to it. Foreign keys are enforced, deleted content is overwritten (``secure_delete``)
    and the journal is WAL, so the TUI's reader threads never block on a writer. A read-only
    database (or one in a read-only folder) opens for reading. Raises :class:`StoreError` if the
    file is missing and ``create`` is false, and :class:`DatabaseUnavailableError` when the
    surroundings stop it opening.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path}: run 'cswork init' or 'cswork demo' first")
        try:
            _create_private_file(path)
        except OSError as exc:
            raise DatabaseUnavailableError(f"cannot create {path}: {exc.strerror or exc}") from None
    # A file cswork may not write is opened read-only without a journal or shared-memory file
    # beside it (one left behind, owned and moded like the database, would block later writes).
    read_only = not is_writable(path)
    try:
        if read_only:
            conn = _open_read_only(path, check_same_thread)
        else:
            conn = _connect(path, check_same_thread=check_same_thread)
            _check_ours(conn, path)
    except sqlite3.OperationalError as exc:
        if read_only or "unable to open" not in str(exc).lower():
            raise _unavailable(path, exc) from None
        conn, read_only = _open_read_only(path, check_same_thread), True
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a cswork database: {exc}") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        writable = not read_only
        if writable:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # No sqlite-utils plugins: a connection is cswork's own, whatever else is installed (and
        # finding plugins reads every installed package's metadata, 40 ms on each start).
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _migrate_if_needed(db, writable)
        if not writable:
            conn.execute("PRAGMA query_only = ON")
        _hold_in_use_lock(db, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        conn.close()
        raise _unavailable(path, exc) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a cswork database: {exc}") from None
    return db


@dataclass(frozen=True, slots=True)
class _OpenedFile:
    """The file a database was opened on: its path, device and inode."""

    path: Path
    device: int
    inode: int


@dataclass(slots=True)
class _InUse:
    """The one handle holding a database file's shared in-use lock, and how many open databases of
    this process share it."""

    handle: BinaryIO
    users: int = 0


#: Each open database's file; an entry goes when the Database object does.
_OPENED: weakref.WeakKeyDictionary[sqlite_utils.Database, _OpenedFile] = weakref.WeakKeyDictionary()

#: The in-use handle of each database file (by device and inode) this process has open. One handle
#: a file, closed only once the last database on the file has gone: closing any descriptor of a
#: file drops every POSIX lock the process holds on it, SQLite's own included, and another process
#: closing its connection then takes itself for the file's last user and deletes the write-ahead
#: log and shared memory from under this one's open connections.
_IN_USE: dict[tuple[int, int], _InUse] = {}
_IN_USE_LOCK = threading.Lock()
#: Files one of whose databases has gone, not yet counted off in :data:`_IN_USE`. A database goes
#: when the garbage collector finds it, which may be in any thread at any moment, a thread holding
#: :data:`_IN_USE_LOCK` included: its finalizer only notes the file here, never waits for the lock.
_GONE: deque[tuple[int, int]] = deque()


def _hold_in_use_lock(db: sqlite_utils.Database, path: Path) -> None:
    """Hold a shared lock on the file for as long as ``db`` is open, so :func:`replaceable`
    (``cswork demo --force``) can tell it is in use, and note which file it is, so
    :func:`check_still_in_place` can tell if it is replaced or removed meanwhile."""
    try:
        identity = path.stat()
    except FileNotFoundError:
        raise DatabaseUnavailableError(
            f"{path} was removed by another program while it was opened"
        ) from None
    key = (identity.st_dev, identity.st_ino)
    try:
        with _IN_USE_LOCK:
            held = _IN_USE.get(key)
            if held is None:
                handle = path.open("rb")
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    raise DatabaseUnavailableError(
                        f"{path} is being replaced (cswork demo --force?); try again when that ends"
                    ) from None
                except OSError:
                    pass  # a file system without flock: nothing is guarded
                held = _IN_USE[key] = _InUse(handle)
                note_open_database(key, is_open=True)
            held.users += 1
    finally:
        _count_off_the_gone()  # any a collection noted while the lock was held here
    _OPENED[db] = _OpenedFile(path, *key)
    weakref.finalize(db, _release_in_use_lock, key)


def _release_in_use_lock(key: tuple[int, int]) -> None:
    """One database on the file has gone (its finalizer); the last closes the handle."""
    _GONE.append(key)
    _count_off_the_gone()


def _count_off_the_gone() -> None:
    """Count off the databases gone, closing a file's handle when its last has, unless the lock is
    held (waiting for it in a collection run by its holder's thread would never end): its holder
    counts them off once it lets go."""
    while _GONE and _IN_USE_LOCK.acquire(blocking=False):
        try:
            while _GONE:
                key = _GONE.popleft()
                held = _IN_USE[key]
                held.users -= 1
                if held.users == 0:
                    del _IN_USE[key]
                    note_open_database(key, is_open=False)
                    held.handle.close()
        finally:
            _IN_USE_LOCK.release()


def check_still_in_place(db: sqlite_utils.Database) -> None:
    """Raise :class:`DatabaseUnavailableError` if ``db``'s file was removed or replaced since it
    was opened (what is written now would be lost with the old file)."""
    opened = _OPENED.get(db)
    if opened is None:
        return  # not opened by open_db: nothing to compare
    path, device, inode = opened.path, opened.device, opened.inode
    try:
        now = Path(path).stat()
    except FileNotFoundError:
        now = None
    if now is None or (now.st_dev, now.st_ino) != (device, inode):
        raise DatabaseUnavailableError(
            f"{path} was removed or replaced by another program while this ran; nothing was "
            "written to it"
        )


def replaceable(path: Path) -> BinaryIO | None:
    """Before a database file is replaced: an exclusive lock on it (keep the returned handle open
    until it is gone), or ``None`` if there is no file. Raises :class:`DatabaseUnavailableError`
    while another cswork has it open, and :class:`StoreError` for another program's file."""
    if not path.exists():
        return None
    if path.stat().st_size:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            _check_ours(conn, path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a cswork database ({exc}); not replacing it") from None
        finally:
            conn.close()
    handle = path.open("rb")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DatabaseUnavailableError(
            f"{path} is in use by another cswork (the app, or an import); close it first"
        ) from None
    except OSError:
        pass
    return handle


def _unavailable(path: Path, exc: sqlite3.Error) -> StoreError:
    reason = unavailable_reason(exc)
    if reason is None:
        return StoreError(f"{path} is not a cswork database: {exc}")
    return DatabaseUnavailableError(f"{path}: {reason}")


def _open_read_only(path: Path, check_same_thread: bool) -> sqlite3.Connection:
    """A read-only connection to a cswork database SQLite cannot open for writing (its folder is
    read-only, so no journal or shared-memory file can be made beside it)."""
    if not os.access(path, os.R_OK):
        raise DatabaseUnavailableError(f"{path}: cannot be read (check its permissions)")
    wal = path.with_name(path.name + "-wal")
    # Without a write-ahead log to read, the file is read as it stands (no lock, no shared-memory
    # file); a log left with content is read through SQLite's read-only mode instead.
    pending = wal.exists() and wal.stat().st_size > 0
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")
    conn = _connect(path, check_same_thread=check_same_thread, uri=uri)
    try:
        _check_ours(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def is_writable(path: Path) -> bool:
    """Whether the database may be written (SQLite opens a file it cannot write read-only)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _migrate_if_needed(db: sqlite_utils.Database, writable: bool) -> None:
    """Bring the schema up to date; a read-only database must already be."""
    if "schema_migrations" in db.table_names() and schema_version(db) == SCHEMA_VERSION:
        return
    if writable:
        migrate(db)
        return
    raise DatabaseUnavailableError(
        f"the database needs upgrading to schema version {SCHEMA_VERSION}, "
        "but it is read-only: make it writable and run any cswork command once"
    )


def data_version(db: sqlite_utils.Database) -> int:
    """A number that changes whenever another connection commits to ``db``'s file."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def database_file(db: sqlite_utils.Database) -> str:
    """The path of the file ``db`` is open on ("" for an in-memory database)."""
    return str(db.execute("PRAGMA database_list").fetchone()[2])


def is_read_only(db: sqlite_utils.Database) -> bool:
    """Whether ``db`` was opened for reading only (a read-only file or folder)."""
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


def read_only_from_now(db: sqlite_utils.Database) -> None:
    """Refuse every write on ``db``'s connection from now on (a process that only reads, whose
    figures another keeps); :func:`is_read_only` then says so."""
    db.execute("PRAGMA query_only = ON")


def atomic(db: sqlite_utils.Database) -> AbstractContextManager[sqlite_utils.Database]:
    """One all-or-nothing transaction (nested calls become savepoints)."""
    return db.atomic()
