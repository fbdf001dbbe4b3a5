"""The database as the CLI and the app see it: opening it, its schema version, and what it holds.

The front ends reach the store only through services (import-linter checks this); this module is
their door to the store as a whole. :func:`has_workforce` is the one test for "is there a
workforce to count or project?"; :func:`history_bounds` says when it starts and ends, and
:func:`count_dates` when caseloads were counted.
"""

from __future__ import annotations

from cswork.store import Database, DatabaseUnavailableError, StoreError, open_db, schema_version
from cswork.store.caseloads import count_dates
from cswork.store.db import OperationalError, is_read_only, replaceable, unavailable_reason
from cswork.store.imports import UndoRefusedError
from cswork.store.staff import has_workforce, history_bounds

__all__ = [
    "Database",
    "DatabaseUnavailableError",
    "OperationalError",
    "StoreError",
    "UndoRefusedError",
    "count_dates",
    "has_workforce",
    "history_bounds",
    "is_read_only",
    "open_db",
    "replaceable",
    "schema_version",
    "unavailable_reason",
]
