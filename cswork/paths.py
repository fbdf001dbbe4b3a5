"""Where the database lives (``--db PATH``, else ``$CSWORK_DB``, else the per-user data directory),
the per-user cache directory, and which database files this process has open (never written
over)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CSWORK_DB"
DB_FILE_NAME = "cswork.db"


def default_db_path() -> Path:
    """The per-user database path (e.g. ``~/.local/share/cswork/cswork.db`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("cswork", appauthor=False) / DB_FILE_NAME


def resolve_db_path(explicit: Path | None) -> Path:
    """Choose the database path by precedence: explicit option, environment, per-user default."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return default_db_path()


def cache_dir() -> Path:
    """The per-user cache directory (e.g. ``~/.cache/cswork`` on Linux): things worth keeping
    between runs that can always be made again."""
    from platformdirs import user_cache_path

    return user_cache_path("cswork", appauthor=False)


#: The files (device, inode) this process has open as databases, as :mod:`cswork.store.db` notes
#: them: cswork never writes a file over one, nor over its journal, log or shared memory
#: (:func:`cswork.export.files.check_destination`).
_OPEN_DATABASES: set[tuple[int, int]] = set()


def note_open_database(identity: tuple[int, int], is_open: bool) -> None:
    """Note that the database file ``identity`` (device, inode) is open in this process, or not."""
    if is_open:
        _OPEN_DATABASES.add(identity)
    else:
        _OPEN_DATABASES.discard(identity)


def is_open_database(path: Path) -> bool:
    """Whether ``path`` is a database this process has open, or its journal, write-ahead log or
    shared memory: looked up by device and inode, never opened (closing a handle on any of them
    would drop this process's locks on it)."""
    return any(
        (identity.st_dev, identity.st_ino) in _OPEN_DATABASES
        for identity in map(_identity, _database_files(Path(path)))
        if identity is not None
    )


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (or its journal, write-ahead log or shared memory):
    one this process has open (:func:`is_open_database`, looked at first, and never opened), or a
    file that starts as SQLite's do."""
    if is_open_database(path):
        return True
    for candidate in _database_files(Path(path)):
        try:
            with candidate.open("rb") as handle:  # not open here: no lock of ours to drop
                if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                    return True
        except OSError:
            continue
    return False


def _database_files(path: Path) -> list[Path]:
    """``path``, and the database it belongs to if it is named as a journal, log or shared memory."""
    return [path] + [
        path.with_name(path.name.removesuffix(suffix))
        for suffix in ("-journal", "-wal", "-shm")
        if path.name.endswith(suffix)
    ]


def _identity(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


#: How every SQLite database file begins.
SQLITE_HEADER = b"SQLite format 3\x00"
