"""The caseload totals of every count date, read on a connection and thread of their own while the
caller reads the rest of the history.

SQLite sums the counts with the interpreter free (0.4 s of two million counts at fifty times the
demo), so on a machine with a second core the totals cost a projection no time of its own. They are
used only if that connection saw the data the caller did: the same stamp (history version and
fingerprint, see :mod:`cswork.store.derived`), read in the same transaction as the totals.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from cswork.store.caseloads import case_totals_by_date
from cswork.store.db import open_db
from cswork.store.projection_history import read_history_stamp

Totals = dict[date, dict[str, float]]


class TotalsAlongside:
    """:func:`cswork.store.caseloads.case_totals_by_date` of the file at ``path``, being read in a
    thread from the moment this is made, for a caller that read the history at ``stamp`` (see
    :func:`cswork.store.projection_history.read_history_stamp`); :meth:`result` waits for them."""

    def __init__(self, path: str, stamp: tuple[object, ...]) -> None:
        self._stamp = stamp
        self._totals: Totals | None = None
        # Not a daemon: a process that ends mid-read waits for it (the read at most), so the
        # connection closes and SQLite removes the write-ahead log and shared-memory files; a daemon
        # thread stopped at exit leaves them beside the database.
        self._thread = threading.Thread(
            target=self._read, args=(Path(path),), name="cswork-case-totals", daemon=False
        )
        self._thread.start()

    def _read(self, path: Path) -> None:
        # Whatever stops the read (the file gone, replaced or locked, a date that will not parse),
        # nothing is raised or printed here: the caller reads the totals itself, and meets it there.
        try:
            db = open_db(path, create=False)
        except Exception:
            return
        try:
            db.execute("BEGIN")  # one snapshot for the stamp and the totals
            try:
                stamp = read_history_stamp(db)
                totals = case_totals_by_date(db)
            finally:
                db.execute("COMMIT")
            if stamp == self._stamp:
                self._totals = totals
        except Exception:
            return
        finally:
            db.close()

    def result(self) -> Totals | None:
        """The totals, once read, if the data they were read from is the caller's; else ``None``
        (the caller reads them through its own connection)."""
        self._thread.join()
        return self._totals
