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


class _PausingLock:
    """A lock that, in the thread named "watch", pauses just after it is released once (until
    ``resume``): where another look can run between a look's reading and its noting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.released, self.resume = threading.Event(), threading.Event()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
        if threading.current_thread().name == "watch" and not self.released.is_set():
            self.released.set()
            self.resume.wait(5)


def test_two_threads_looking_at_once_see_a_change_once(tmp_path: Path) -> None:
    """The watch worker and the Projections screen's load (which marks its own baseline write as
    seen) both look. A look that read the version before a commit and noted it after another look
    had seen the commit put the old version back, so the next look reported the app's own write
    as another program's change (and every screen reloaded)."""
    path = _database(tmp_path)
    watcher = ChangeWatcher(path)
    watcher.changed()
    lock = watcher._lock = _PausingLock()  # type: ignore[assignment]
    seen: dict[str, bool] = {}

    def look(name: str) -> None:
        seen[name] = watcher.changed()

    watch = threading.Thread(target=look, args=("watch",), name="watch")
    watch.start()
    assert lock.released.wait(5)  # the watch has looked, before the commit
    other = open_db(path)
    other.execute("CREATE TABLE elsewhere (x)")
    other.conn.commit()
    other.close()
    own = threading.Thread(target=look, args=("own",), name="own")
    own.start()
    own.join(5)
    lock.resume.set()
    watch.join()
    assert seen == {"watch": False, "own": True}  # the commit is seen once
    assert watcher.changed() is False  # and not again
    watcher.close()
