"""Noticing that another program (the CLI, a second app) changed the database."""

from __future__ import annotations

import threading
from pathlib import Path

from cswork.store import Database, StoreError, open_db
from cswork.store.db import OperationalError, data_version


class ChangeWatcher:
    """Keeps one connection open and reports when anyone else has committed since it last looked
    (SQLite's ``PRAGMA data_version``). Used from one worker thread at a time; closing waits for
    a look under way, since a connection closed while another thread queries it can crash SQLite
    (the app closes the watcher as it quits, while a look may be running)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: Database | None = None
        self._seen: int | None = None
        self._lock = threading.Lock()
        self._closed = False

    def changed(self) -> bool:
        """Whether the database changed since the last call (never on the first, nor while the
        database cannot be read: it is looked at again next time), and never once closed."""
        with self._lock:
            return self._changed()

    def _changed(self) -> bool:
        if self._closed:
            return False
        try:
            if self._db is None:
                self._db = open_db(self.path, create=False, check_same_thread=False)
            version = data_version(self._db)
        except (StoreError, OperationalError):
            return False
        changed = self._seen is not None and version != self._seen
        self._seen = version
        return changed

    def close(self) -> None:
        """Close the watching connection (after any look under way); it is not opened again."""
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None
