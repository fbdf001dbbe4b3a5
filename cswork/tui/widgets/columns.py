"""Table columns that know how to show a value, sort it and export it (numbers stay numbers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from rich.text import Text

from cswork.export.tables import Cell
from cswork.model.usertext import printable
from cswork.render.format import MISSING
from cswork.render.safe import LABEL_WIDTH

R = TypeVar("R")

#: Units a column's figures can be in; they decide how a cell is shown and its spreadsheet format.
UNITS = ("", "count", "fraction", "percent", "money", "date", "month")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: its key, header, the typed value of a row, and how to show it.

    ``unit`` says what the value is: ``fraction`` (0.95 shown as 95%), ``percent`` (95.0 shown as
    95.0%), ``money`` (pounds), ``count``, ``date``, ``month`` or plain (``""``). ``places`` is
    the decimal places shown. ``show`` draws the cell when the plain text is not enough (a RAG
    dot, a sparkline); ``exported`` is ``False`` for columns that only make sense on screen.
    """

    key: str
    label: str
    value: Callable[[R], Cell]
    places: int | None = None
    unit: str = ""
    show: Callable[[R], Text | str] | None = None
    exported: bool = True
    width: int | None = None  # a fixed width (long text is cut), else fitted to the cells
    #: The widest a cell is drawn when the width is fitted; longer text ends in '…'.
    longest: int = LABEL_WIDTH

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"column {self.key}: unknown unit {self.unit!r}")

    @property
    def numeric(self) -> bool:
        """Whether the column holds figures (shown right-aligned)."""
        return self.unit in {"count", "fraction", "percent", "money"} or self.places is not None

    def text(self, row: R) -> str:
        """The cell as shown, in words and figures."""
        return format_cell(self.value(row), self.unit, self.places)

    def cell(self, row: R) -> Text:
        """The cell as drawn in a table: user text shown as written (never markup, never a
        terminal control), and text over ``longest`` (by default :data:`LABEL_WIDTH`) ending in
        '…' where the column is fitted to its cells, so a long name cannot push the figures off
        screen.
        Only the drawing is cut: :meth:`export_value` gives the whole value."""
        if self.show is None:
            return self.value_cell(self.value(row))
        shown = self.show(row)
        if isinstance(shown, Text):
            text = Text(
                printable(shown.plain),
                style=shown.style,
                justify=shown.justify,
                spans=shown.spans,
            )
        else:
            text = Text(printable(shown))
        return self._cut(text)

    def value_cell(self, value: Cell) -> Text:
        """The cell :meth:`cell` draws for a row whose value is ``value``, in a column with no
        ``show`` (where the cell is its value's alone)."""
        numeric = self.numeric
        plain = printable(format_cell(value, self.unit, self.places))
        text = Text(plain, justify="right" if numeric else "left")
        # Most cells are short: no character is more than two cells wide.
        if numeric or len(plain) * 2 <= self.longest:
            return text
        return self._cut(text)

    def _cut(self, text: Text) -> Text:
        # Figures are never cut, and a column of fixed width is cut to it by the table itself.
        if not self.numeric and self.width is None and text.cell_len > self.longest:
            text.truncate(self.longest, overflow="ellipsis")
        return text

    def widest(self, rows: Iterable[R]) -> int:
        """The width of the widest cell :meth:`cell` draws for ``rows`` (0 for none).

        Where the cell is the value's alone (no ``show``), each distinct value is drawn once: a
        column of 18,000 workers holds a few hundred teams, dates or figures. Values are told
        apart by type as well as value (``1`` and ``1.0`` are drawn differently), and floats by
        their exact bits (``-0.0`` is drawn with its sign).
        """
        if self.show is not None:
            return max((self.cell(row).cell_len for row in rows), default=0)
        value = self.value
        distinct: dict[tuple[type, object], Cell] = {}
        for row in rows:
            one = value(row)
            distinct.setdefault((one.__class__, one.hex() if isinstance(one, float) else one), one)
        return max((self.value_cell(one).cell_len for one in distinct.values()), default=0)

    def export_value(self, row: R) -> Cell:
        """The value written to a spreadsheet: percentages as fractions, so % formats apply."""
        value = self.value(row)
        if self.unit == "percent" and isinstance(value, int | float):
            return value / 100
        return value

    @property
    def number_format(self) -> str | None:
        """The spreadsheet number format for the column, or ``None`` for text."""
        decimals = "." + "0" * self.places if self.places else ""
        if self.unit in {"fraction", "percent"}:
            return f"0{decimals}%"
        if self.unit == "money":
            return f"£#,##0{decimals}"
        if self.unit == "date":
            return "dd mmm yyyy"
        if self.unit == "month":
            return "mmm yyyy"
        if self.unit == "count" or self.places is not None:
            return f"#,##0{decimals}"
        return None


def format_cell(value: Cell, unit: str = "", places: int | None = None) -> str:
    """A typed value as text in ``unit``: the one way table cells are written."""
    if value is None:
        return MISSING
    if isinstance(value, date):
        return f"{value:%b %Y}" if unit == "month" else value.isoformat()
    if isinstance(value, str):
        return value
    if unit == "fraction":
        return f"{value * 100:.{places or 0}f}%"
    if unit == "percent":
        return f"{value:.{1 if places is None else places}f}%"
    if unit == "money":
        return f"£{value:,.{places or 0}f}"
    if places is not None:
        return f"{value:,.{places}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def sort_key(column: Column[R]) -> Callable[[R], tuple[bool, Cell]]:
    """Sort by a column's typed value, blanks last; text ignores case."""

    def key(row: R) -> tuple[bool, Cell]:
        value = column.value(row)
        if isinstance(value, str):
            return (False, value.casefold())
        return (value is None, value)

    return key


def sorted_rows(column: Column[R], rows: Sequence[R], *, reverse: bool) -> list[R]:
    """``rows`` sorted by ``column``, blanks last whichever the direction."""
    filled = [row for row in rows if column.value(row) is not None]
    blank = [row for row in rows if column.value(row) is None]
    return [*sorted(filled, key=sort_key(column), reverse=reverse), *blank]


def export_rows(columns: Sequence[Column[R]], rows: Sequence[R]) -> list[list[Cell]]:
    """The rows as typed values, column by column, for :func:`cswork.export.tables.write_table`."""
    return [[column.export_value(row) for column in columns] for row in rows]
