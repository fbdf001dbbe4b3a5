"""The ``csww`` kind: a DfE children's social work workforce census return (XML).

The file is read by :func:`cswork.csww.read.read_return`: a file that cannot be read as a return
is refused with its problems; otherwise odd values become warnings (the liia-tools sample, with its 12
workers lacking the required QualInst and its implausible caseloads, imports with warnings) and the
readable records are applied by :func:`cswork.store.apply_census.apply_census`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cswork.csww.read import read_return
from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.importers.readers import ReadError
from cswork.model.records import CensusFile

#: An XML return has elements, not columns.
COLUMNS: tuple[Column, ...] = ()
#: The largest return read: a worker takes about 600 bytes, so 4 MB is some 6,900 workers (the
#: largest authority has about 1,500). The file is parsed whole, twice (read, then checked against
#: the schema), so this bounds the memory and time it takes.
MAX_RETURN_BYTES = 4 << 20


def parse(ctx: ImportContext) -> Iterator[CensusFile]:
    """Read the return; yields it once, unless the file cannot be read as a return."""
    try:
        size = ctx.path.stat().st_size
        if size > MAX_RETURN_BYTES:
            raise ReadError(
                f"the file is {size / (1 << 20):,.0f} MB; a census return is at most "
                f"{MAX_RETURN_BYTES >> 20} MB (about 6,900 workers)"
            )
        with ctx.path.open("rb") as handle:
            document = handle.read(MAX_RETURN_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(document) > MAX_RETURN_BYTES:
        raise ReadError(f"the file grew past {MAX_RETURN_BYTES >> 20} MB while it was read")
    read = read_return(document)
    for problem in read.problems:
        ctx.problems.add(problem.row, problem.column, problem.value, problem.reason)
    ctx.warnings.extend(read.warnings)
    if read.census is None:
        return
    ctx.counts.read = read.records
    ctx.counts.skipped = read.records - len(read.rows)
    yield CensusFile(read.census, read.rows)
