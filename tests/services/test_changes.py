"""The change watcher: it notices another connection's commits, and a close from the app's thread
waits for a look under way in a worker and stops later looks (a close mid-look crashed SQLite)."""

from __future__ import annotations

import threading
from pathlib import Path

from cswork.services.changes import ChangeWatcher
from cswork.store import open_db


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "watched.db"
    open_db(path).close()
    return path


def test_another_connection_committing_is_noticed(tmp_path: Path) -> None:
    path = _database(tmp_path)
    watcher = ChangeWatcher(path)
    assert watcher.changed() is False  # the first look only learns where things stand
    other = open_db(path)
    other.execute("CREATE TABLE elsewhere (x)")
    other.conn.commit()
    other.close()
    assert watcher.changed() is True
    assert watcher.changed() is False
    watcher.close()


def _look_until(
    stop: threading.Event, watcher: ChangeWatcher, failures: list[BaseException]
) -> None:
    try:
        while not stop.is_set():
            watcher.changed()
    except BaseException as exc:
        failures.append(exc)


def test_closing_while_another_thread_looks_is_safe_and_final(tmp_path: Path) -> None:
    # Without the watcher's lock this crashes the process inside SQLite within a few rounds.
    path = _database(tmp_path)
    for _ in range(20):
        watcher = ChangeWatcher(path)
        watcher.changed()
        failures: list[BaseException] = []
        stop = threading.Event()
        looker = threading.Thread(target=_look_until, args=(stop, watcher, failures))
        looker.start()
        watcher.close()
        stop.set()
        looker.join()
        assert failures == []
        # once closed, a look neither reopens the database nor reports anything
        assert watcher.changed() is False
        assert watcher._db is None
