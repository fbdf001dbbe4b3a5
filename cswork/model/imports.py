"""What an import is asked to do and what it reports: its options, problems found in a file, and
counts of what it changed.

Pure records shared by the importers (which find problems while reading) and the store (which finds
the rest, such as unknown worker references, while applying). A problem carries the offending value
for the person fixing the file, but the import log keeps only file, row, column and reason.
:class:`ApplyContext` is what the store's writers may use of an import in progress; the importers'
``ImportContext`` provides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

#: Problems collected before an import stops looking for more.
DEFAULT_PROBLEM_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a file was rejected: where (file, row, column), what (value) and why (reason).

    ``row`` is the spreadsheet row number (the header is usually row 1); 0 means the file as a whole.
    """

    file: str
    row: int
    column: str
    value: str
    reason: str

    def as_json(self, *, with_value: bool = True) -> dict[str, Any]:
        """The problem as JSON-ready data; ``with_value=False`` leaves out the cell's content."""
        data: dict[str, Any] = {"file": self.file, "row": self.row, "column": self.column}
        if with_value:
            data["value"] = self.value
        data["reason"] = self.reason
        return data

    def __str__(self) -> str:
        where = f"{self.file}" + (f", row {self.row}" if self.row else "")
        where += f", column {self.column!r}" if self.column else ""
        value = f" (value {self.value!r})" if self.value else ""
        return f"{where}: {self.reason}{value}"


class ImportAbortedError(Exception):
    """An import or undo stopped for a reason outside the file itself (the database is locked or
    read-only, a file cannot be opened); its transaction was rolled back, so nothing was written."""


class ProblemLimitError(Exception):
    """Raised once the problem limit is reached, to stop reading a hopeless file early."""


@dataclass(slots=True)
class Problems:
    """Collects problems for one file, up to ``limit``; then raises :class:`ProblemLimitError`."""

    file: str
    limit: int = DEFAULT_PROBLEM_LIMIT
    items: list[Problem] = field(default_factory=list)

    def add(self, row: int, column: str, value: object, reason: str) -> None:
        """Record a problem; raises :class:`ProblemLimitError` when the limit is reached."""
        text = "" if value is None else str(value)
        self.items.append(Problem(self.file, row, column, text[:80], reason))
        if len(self.items) >= self.limit:
            raise ProblemLimitError

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class ApplyCounts:
    """Rows an import read, added, changed, closed and skipped (blank or total rows)."""

    read: int = 0
    added: int = 0
    changed: int = 0
    closed: int = 0
    skipped: int = 0
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read and apply a file (the command-line options of ``cswork import``)."""

    sheet: str | None = None
    mapping: Path | None = None
    snapshot: date | None = None
    as_at: date | None = None
    strict: bool = False
    keep_names: bool = False
    keep_swe: bool = False
    keep_census: bool = False
    problem_limit: int = DEFAULT_PROBLEM_LIMIT


class ApplyContext(Protocol):
    """What a store writer uses of an import in progress: the options, where to report problems,
    warnings and counts, which fields the file has, and the file's own name for a field."""

    @property
    def options(self) -> ImportOptions:
        """The options the import was given."""

    @property
    def problems(self) -> Problems:
        """Problems found so far (a writer adds those found only against the database)."""

    @property
    def counts(self) -> ApplyCounts:
        """What the import read, added, changed and closed."""

    @property
    def warnings(self) -> list[str]:
        """Warnings for the user; the import goes ahead."""

    @property
    def present(self) -> set[str]:
        """The fields the file has (a writer leaves the others as stored)."""

    def header_of(self, name: str) -> str:
        """The file's own header for field ``name``, for problems that name the column."""
