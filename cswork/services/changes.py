"""Noticing that another program (the CLI, a second app) changed the database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from cswork.store import Database, StoreError, open_db
from cswork.store.db import OperationalError, data_version


class ChangeWatcher:
    """Keeps one connection open and reports when anyone else has committed since it last looked
    (SQLite's ``PRAGMA data_version``). Looked through from worker threads and closed from the
    app's own when it quits, so a lock keeps a close from pulling the connection out from under a
    look still running (which crashed the process inside SQLite), and two looks at once from
    seeing one commit twice."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: Database | None = None
        self._seen: int | None = None
        self._lock = threading.Lock()
        self._closed = False

    def changed(self) -> bool:
        """Whether the database changed since the last call (never on the first, nor while the
        database cannot be read: it is looked at again next time; never once closed)."""
        with self._lock:
            if self._closed:
                return False
            try:
                if self._db is None:
                    self._db = open_db(self.path, create=False, check_same_thread=False)
                version = data_version(self._db)
            except (StoreError, OperationalError):
                return False
            # noted under the lock: two threads look (the watch worker, and a screen marking its
            # own write as seen), and one noting an older version after the other would report
            # the same commit again
            changed = self._seen is not None and version != self._seen
            self._seen = version
            return changed

    @contextmanager
    def own_write(self) -> Iterator[None]:
        """Around a write of the app's own (from any thread): no look runs meanwhile, and the
        write is noted as seen before the next, so it is never taken for another program's."""
        with self._lock:
            yield
            if self._db is not None and not self._closed:
                with suppress(OperationalError):  # else looked at again next time
                    self._seen = data_version(self._db)

    def close(self) -> None:
        """Close the watching connection, after any look under way; later looks see nothing."""
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None
