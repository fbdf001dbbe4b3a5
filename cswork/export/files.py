"""Every file cswork writes: owner-only, complete or not at all, never through a symlink.

The content is written to a new temporary file (mode 0600) in the destination's folder, flushed to
disk, then renamed over the destination. So a reader never sees half a file, a failed write leaves
any existing file as it was, an existing file's looser mode is replaced, and a symlink at the
destination is replaced rather than followed (its target is never written).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cswork.paths import is_database


class DestinationError(ValueError):
    """The destination cannot be a file cswork writes (a folder, a device, a missing folder, a
    database)."""


def check_destination(path: Path) -> None:
    """Raise :class:`DestinationError` unless ``path`` can be written as a new regular file."""
    if path.is_symlink():
        return  # replaced, not followed
    if is_database(path):
        raise DestinationError(f"{path} is a database (or part of one): give another file name")
    if path.is_dir():
        raise DestinationError(f"{path} is a folder: give a file name")
    if path.exists() and not path.is_file():
        raise DestinationError(f"{path} is not a regular file: give a file name")
    if not path.parent.is_dir():
        raise DestinationError(f"no such folder: {path.parent}")


def write_private(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` owner-only via a temporary file and a rename; ``write`` fills the file.

    Raises :class:`DestinationError` for a destination that cannot be a file, and ``OSError`` if
    writing fails (the disk is full, the folder is read-only), leaving no temporary file behind.
    """
    path = Path(path)
    check_destination(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def write_private_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` as :func:`write_private` does."""

    def write(handle: BinaryIO) -> None:
        handle.write(content)

    write_private(path, write)
