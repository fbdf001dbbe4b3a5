"""What an import reports: problems found in a file, and counts of what it changed.

Pure records shared by the importers (which find problems while reading) and the store (which finds
the rest, such as unknown worker references, while applying). A problem carries the offending value
for the person fixing the file, but the import log keeps only file, row, column and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
