"""Table columns that know how to show a value and how to export it (numbers stay numbers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from cswork.export.tables import Cell
from cswork.render.format import cell

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: its key, header, the typed value of a row, and how to show it."""

    key: str
    label: str
    value: Callable[[R], Cell]
    places: int | None = None  # numbers shown to this many places

    def text(self, row: R) -> str:
        """The cell as shown."""
        return cell(self.value(row), self.places)


def sort_key(column: Column[R]) -> Callable[[R], tuple[bool, Cell]]:
    """Sort by a column's typed value, blanks last."""

    def key(row: R) -> tuple[bool, Cell]:
        value = column.value(row)
        return (value is None, value)

    return key


def export_rows(columns: Sequence[Column[R]], rows: Sequence[R]) -> list[list[Cell]]:
    """The rows as typed values, column by column, for :func:`cswork.export.tables.write_table`."""
    return [[column.value(row) for column in columns] for row in rows]
