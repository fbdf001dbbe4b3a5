"""Opening the database: owner-only file, foreign keys, WAL, and numbered migrations.

Migrations are the ``NNNN_name.sql`` files of the top-level ``db/`` folder, applied in order inside one
transaction each; the applied versions are recorded in ``schema_migrations``. The wheel ships that
folder as ``cswork/db`` (hatch force-include), so an installed cswork finds it beside the package; an
editable install reads the checkout's ``db/`` directly.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import AbstractContextManager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

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


def open_db(
    path: Path, *, create: bool = True, check_same_thread: bool = True
) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the database at ``path``.

    A new file is created with owner-only permissions. Foreign keys are enforced and the journal is
    WAL, so the TUI's reader threads never block on a writer. Raises :class:`StoreError` if the file
    is missing and ``create`` is false.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path}: run 'cswork init' or 'cswork demo' first")
        _create_private_file(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a cswork database: {exc}") from exc
    db = sqlite_utils.Database(conn)
    try:
        migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a cswork database: {exc}") from exc
    return db


def atomic(db: sqlite_utils.Database) -> AbstractContextManager[sqlite_utils.Database]:
    """One all-or-nothing transaction (nested calls become savepoints)."""
    return db.atomic()
