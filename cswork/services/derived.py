"""Figures derived from the projection history, kept in the store between runs.

A :class:`Keeper` is taken before the history is read: it notes the history version and the
tables' fingerprint then (see :mod:`cswork.store.derived`), finds figures worked out at exactly that
version by exactly this code, and files new ones under it. A figure worked out from later data
than the version noted (a write landed in between) is filed under the older version, so is never
used. A read-only database is read from but never written to. A collecting keeper writes nothing
either: it gathers what it is given to keep, for a second process to hand to the one that keeps it
(:mod:`cswork.services.ahead`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from cswork.store import Database
from cswork.store.db import is_read_only
from cswork.store.derived import fingerprint_text, read_derived, write_derived
from cswork.store.projection_history import read_history_stamp

T = TypeVar("T")


@functools.cache
def code_stamp() -> str:
    """A digest of cswork's own source, and of the Python and numpy that run it (numpy draws the
    Monte Carlo runs): a figure made by other code is never used."""
    import sys
    from importlib.metadata import version

    import cswork

    root = Path(cswork.__file__).parent
    digest = hashlib.sha256(f"{cswork.__version__} {sys.version} {version('numpy')}".encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Keeper:
    """Derived figures of ``db`` as its history stood when the keeper was taken."""

    db: Database
    version: int
    fingerprint: str
    writable: bool
    #: Around each write (the app's: so its change watcher takes the write as its own).
    writing: Callable[[], AbstractContextManager[None]] = field(default=nullcontext)
    #: Figures to keep as ``(kind, key, text)``, gathered here rather than written (if not ``None``).
    collected: list[tuple[str, str, str]] | None = None

    @classmethod
    def of(
        cls,
        db: Database,
        writing: Callable[[], AbstractContextManager[None]] = nullcontext,
        stamp: tuple[object, ...] | None = None,
    ) -> Keeper:
        """A keeper for ``db`` now: take it before reading the history the figures come from.
        ``stamp``: the history version and fingerprint, if already worked out (else read now)."""
        # the version first: a write after this makes the figures unused
        version, *fingerprint = stamp or read_history_stamp(db)
        text = fingerprint_text(tuple(fingerprint))
        return cls(db, int(cast(int, version)), text, not is_read_only(db), writing)

    @classmethod
    def collecting(cls, db: Database, into: list[tuple[str, str, str]]) -> Keeper:
        """A keeper for ``db`` now that writes nothing and gathers what it is given ``into``."""
        keeper = cls.of(db)
        return cls(keeper.db, keeper.version, keeper.fingerprint, False, collected=into)

    def get(self, kind: str, key: str, decode: Callable[[str], T]) -> T | None:
        """The kept figure, decoded, if it is current; else ``None``."""
        text = read_derived(self.db, kind, key, self.version, code_stamp(), self.fingerprint)
        return None if text is None else decode(text)

    def keep(self, kind: str, key: str, text: str) -> bool:
        """File a figure worked out from the history read after this keeper was taken; whether it
        was written (never to a read-only database; a collecting keeper gathers it instead)."""
        if self.collected is not None:
            self.collected.append((kind, key, text))
            return False
        if not self.writable:
            return False
        with self.writing():
            write_derived(self.db, kind, key, self.version, code_stamp(), self.fingerprint, text)
        return True
