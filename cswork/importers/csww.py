"""The ``csww`` kind: a DfE children's social work workforce census return (XML).

The file is read by :func:`cswork.csww.read.read_return`, a piece at a time: a file that cannot be read as a return
is refused with its problems; otherwise odd values become warnings (the liia-tools sample, with its 12
workers lacking the required QualInst and its implausible caseloads, imports with warnings) and the
readable records are applied by :func:`cswork.store.apply_census.apply_census`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from cswork.csww.read import read_return
from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.importers.readers import ReadError
from cswork.model.records import CensusFile

#: An XML return has elements, not columns.
COLUMNS: tuple[Column, ...] = ()
#: The largest return read: a worker takes about 600 bytes, so 16 MB is some 27,000 workers, 18
#: times the largest authority (about 1,500). The file is parsed a piece at a time and each record
#: checked against the schema as it ends, so memory grows with the records, not the XML; this
#: bounds the records held and the time taken (about 2 ms a worker to check).
MAX_RETURN_BYTES = 16 << 20


class _Bounded:
    """A binary file read up to a limit: a file that grows past it while it is read is refused."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self.handle = handle
        self.left = limit

    def read(self, size: int) -> bytes:
        chunk = self.handle.read(min(size, self.left + 1))
        self.left -= len(chunk)
        if self.left < 0:
            raise ReadError(f"the file grew past {MAX_RETURN_BYTES >> 20} MB while it was read")
        return chunk


def parse(ctx: ImportContext) -> Iterator[CensusFile]:
    """Read the return; yields it once, unless the file cannot be read as a return."""
    try:
        size = ctx.path.stat().st_size
        if size > MAX_RETURN_BYTES:
            raise ReadError(
                f"the file is {size / (1 << 20):,.0f} MB; a census return is at most "
                f"{MAX_RETURN_BYTES >> 20} MB (about 27,000 workers)"
            )
        with ctx.path.open("rb") as handle:
            read = read_return(_Bounded(handle, MAX_RETURN_BYTES))
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    for problem in read.problems:
        ctx.problems.add(problem.row, problem.column, problem.value, problem.reason)
    ctx.warnings.extend(read.warnings)
    if read.census is None:
        return
    ctx.counts.read = read.records
    ctx.counts.skipped = read.records - len(read.rows)
    yield CensusFile(read.census, read.rows)
