"""Building many records at once without the cycle collector rescanning everything as they come.

Python's cycle collector runs a full collection each time the objects that survived since the last
one reach a quarter of those that survived it. Loading fifty times the demo's workforce and drawing
its 18,000-row staff table makes a million objects in a second, none of them in a cycle, and set off
ten full collections of everything the app holds: half the Staff screen's time (a sixth of a
200,000-row import; a sixth of the census return at fifty times the demo). Inside :func:`building`
the collector waits; the records are freed by reference counting as ever, and any cycles are
collected by its next run, once the building is done. The app's screens, imports and the census
return use it, from any thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_builders = 0
_was_enabled = True


@contextmanager
def building() -> Iterator[None]:
    """Hold the cycle collector while the block builds many objects (from any thread: it runs
    again when the last builder is done, if it was running when the first began)."""
    global _builders, _was_enabled
    with _lock:
        if _builders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _builders += 1
    try:
        yield
    finally:
        with _lock:
            _builders -= 1
            if _builders == 0 and _was_enabled:
                gc.enable()
