"""The store: the only layer that talks to SQLite (through sqlite-utils).

One module per aggregate; typed functions in and out. Open a database with :func:`open_db`.
"""

from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.db import (
    SCHEMA_VERSION,
    DatabaseUnavailableError,
    StoreError,
    atomic,
    open_db,
    schema_version,
)

Database = sqlite_utils.Database

__all__ = [
    "SCHEMA_VERSION",
    "Database",
    "DatabaseUnavailableError",
    "StoreError",
    "atomic",
    "open_db",
    "schema_version",
]
