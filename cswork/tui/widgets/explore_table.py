"""The one table every screen uses: a column cursor, sort by any column, and export as shown.

← and → move the column cursor (its header is highlighted), ``s`` sorts by that column and again
reverses, and a click on a header does the same. The first column stays in view while the table
scrolls sideways. Rows are typed records drawn through :class:`Column` definitions, so the table
sorts by the real value (numbers as numbers, blanks last) and exports exactly what is shown, in the
order shown, with numbers kept as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, DuplicateKey, Row, RowKey

from cswork.export.tables import Cell
from cswork.services.collector import building
from cswork.tui.widgets.columns import Column, export_rows, sorted_rows

R = TypeVar("R")


class LazyCells(MutableMapping[ColumnKey, Text], Generic[R]):
    """One row's cells, as the table keeps them, drawn the first time any is asked for.

    A table keeps every row's cells, but only draws the rows on screen: drawing all of them up
    front took most of a second for the Staff screen's 18,000 workers at fifty times the demo.
    Until drawn, a row is its record and the columns it is drawn through.
    """

    __slots__ = ("_cells", "column_keys", "record", "spec")

    def __init__(self, spec: tuple[Column[R], ...], keys: tuple[ColumnKey, ...], record: R) -> None:
        self.spec = spec
        self.column_keys = keys
        self.record = record
        self._cells: dict[ColumnKey, Text] | None = None

    @property
    def drawn(self) -> bool:
        """Whether the cells have been drawn."""
        return self._cells is not None

    def _drawn(self) -> dict[ColumnKey, Text]:
        if self._cells is None:
            cells = [column.cell(self.record) for column in self.spec]
            self._cells = dict(zip(self.column_keys, cells, strict=True))
        return self._cells

    def __getitem__(self, key: ColumnKey) -> Text:
        return self._drawn()[key]

    def __setitem__(self, key: ColumnKey, value: Text) -> None:
        self._drawn()[key] = value

    def __delitem__(self, key: ColumnKey) -> None:
        del self._drawn()[key]

    def __iter__(self) -> Iterator[ColumnKey]:
        return iter(self._drawn())

    def __len__(self) -> int:
        return len(self._drawn())


class ExploreTable(DataTable[Text], Generic[R]):
    """A table of ``R`` records with a column cursor, sorting and export.

    ``row_key`` names each record (the key Enter and highlight messages carry); ``sort_by`` is
    the column the rows are first sorted by, or ``None`` to keep the order they come in.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "Sort by column"),
        Binding("left", "column_left", "Column left", show=False),
        Binding("right", "column_right", "Column right", show=False),
    ]

    class Sorted(Message):
        """The table was sorted by ``column`` (reversed if ``reverse``)."""

        def __init__(self, table: ExploreTable[object], column: str, reverse: bool) -> None:
            super().__init__()
            self.table = table
            self.column = column
            self.reverse = reverse

        @property
        def control(self) -> ExploreTable[object]:
            """The table that was sorted."""
            return self.table

    def __init__(
        self,
        columns: Sequence[Column[R]],
        row_key: Callable[[R], str],
        *,
        sort_by: str | None = None,
        reverse: bool = False,
        title: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            id=id, classes=classes, cursor_type="row", zebra_stripes=True, fixed_columns=1
        )
        self.spec: tuple[Column[R], ...] = tuple(columns)
        self.row_key = row_key
        self.sort_by: tuple[str, bool] | None = (sort_by, reverse) if sort_by else None
        #: What the table is, for export file names and the note at the top of an export.
        self.title = title
        self.records: list[R] = []
        self.shown: list[R] = []

    def on_mount(self) -> None:
        self._add_columns()
        self._label_headers()

    # Rows --------------------------------------------------------------------------------------

    def show_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` (sorted as chosen), keeping the cursor on the same record and column."""
        self.records = list(rows)
        self._redraw()

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        """Show a different set of columns (headers that name months, say), keeping the rows."""
        self.spec = tuple(columns)
        keys = {column.key for column in self.spec}
        if self.sort_by is not None and self.sort_by[0] not in keys:
            self.sort_by = None
        self.clear(columns=True)
        self._add_columns()
        self._redraw()

    def _add_columns(self) -> None:
        for column in self.spec:
            self.add_column(column.label, key=column.key, width=column.width)

    def _redraw(self) -> None:
        current = self.current_key()
        column_index = self.cursor_column
        if self.sort_by is not None:
            key, reverse = self.sort_by
            self.shown = sorted_rows(self._column(key), self.records, reverse=reverse)
        else:
            self.shown = list(self.records)
        self.clear()
        with building():
            self._add_rows(self.shown)
        keys = [self.row_key(row) for row in self.shown]
        self.move_cursor(row=keys.index(current) if current in keys else 0, column=column_index)
        self._label_headers()
        # Clearing the rows scrolled the table back to its left edge: bring the column back.
        self.call_after_refresh(self._show_cursor_column)

    def _add_rows(self, rows: Sequence[R]) -> None:
        """Add ``rows`` at the bottom, as :meth:`DataTable.add_row` adds each, but settling the
        cursor and asking for a redraw once for them all rather than once a row (for the Staff
        screen's 18,000 workers at fifty times the demo, that was most of two seconds)."""
        keys = tuple(column.key for column in self.ordered_columns)
        spec = self.spec
        was_empty = not self.row_count
        for row in rows:
            row_key = RowKey(self.row_key(row))
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = LazyCells(spec, keys, row)  # type: ignore[assignment]
            self.rows[row_key] = Row(row_key, 1)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Widen the columns to the new rows' cells, then let the table size itself.

        Every cell here is one line of :class:`~rich.text.Text` (:meth:`Column.cell`), whose width
        is its cell length: the table would ask Rich to measure each cell, which for the Staff
        screen's 18,000 workers at fifty times the demo took two seconds. Rows not yet drawn
        are measured column by column (:meth:`Column.widest`) without drawing them.
        """
        widest: dict[ColumnKey, int] = {}

        def widen(column_key: ColumnKey, width: int) -> None:
            if width > widest.get(column_key, 0):
                widest[column_key] = width

        undrawn: dict[int, tuple[LazyCells[R], list[R]]] = {}
        for row_key in new_rows:
            cells = self._data.get(row_key)
            if cells is None:  # cleared since it was added
                continue
            if isinstance(cells, LazyCells) and not cells.drawn:
                undrawn.setdefault(id(cells.spec), (cells, []))[1].append(cells.record)
                continue
            for column_key, cell in cells.items():
                widen(column_key, cell.cell_len)
        for first, records in undrawn.values():
            for column_key, spec in zip(first.column_keys, first.spec, strict=True):
                widen(column_key, spec.widest(records))
        for column_key, width in widest.items():
            column = self.columns[column_key]
            column.content_width = max(column.content_width, width)
        super()._update_dimensions(())
        # The new height must reach the layout. Textual counts a layout request only when none is
        # pending, and caches the table's size under that count: a screen laid out between the
        # rows being cleared and sized here kept the empty table's size (the Demand screen's
        # table, one look in four or five in tests, was a border with nothing inside). Counted
        # afresh, the size is worked out again.
        self._layout_required = False
        self.refresh(layout=True)

    def current_key(self) -> str | None:
        """The key of the record under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    def current(self) -> R | None:
        """The record under the cursor, if any."""
        if not self.shown or self.cursor_row >= len(self.shown):
            return None
        return self.shown[self.cursor_row]

    def move_to(self, key: str) -> bool:
        """Put the cursor on the record called ``key``; whether it is shown."""
        keys = [self.row_key(row) for row in self.shown]
        if key not in keys:
            return False
        self.move_cursor(row=keys.index(key))
        return True

    # Sorting and the column cursor -------------------------------------------------------------

    def _column(self, key: str) -> Column[R]:
        return next(column for column in self.spec if column.key == key)

    def sort_on(self, key: str) -> None:
        """Sort by column ``key``; ascending first, reversed when it is already the sort."""
        reverse = self.sort_by is not None and self.sort_by == (key, False)
        self.sort_by = (key, reverse)
        self._redraw()
        self.post_message(self.Sorted(self, key, reverse))  # type: ignore[arg-type]

    def action_sort(self) -> None:
        """Sort by the column under the cursor (again to reverse)."""
        if self.spec:
            self.sort_on(self.spec[self.cursor_column].key)

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        if event.data_table is self:
            event.stop()
            self.sort_on(str(event.column_key.value))

    def action_column_left(self) -> None:
        """Move the column cursor one column left."""
        self._to_column(self.cursor_column - 1)

    def action_column_right(self) -> None:
        """Move the column cursor one column right."""
        self._to_column(self.cursor_column + 1)

    def action_scroll_home(self) -> None:
        """Go to the first column."""
        self._to_column(0)

    def action_scroll_end(self) -> None:
        """Go to the last column."""
        self._to_column(len(self.columns) - 1)

    def _to_column(self, index: int) -> None:
        if not self.columns:
            return
        index = max(0, min(index, len(self.columns) - 1))
        self.cursor_coordinate = Coordinate(self.cursor_row, index)
        self._label_headers()
        self._show_cursor_column()

    def _show_cursor_column(self) -> None:
        """Scroll sideways so the column under the cursor is in view beside the first one."""
        if not self.columns or not self.row_count:
            return
        if self.cursor_column < self.fixed_columns:
            self.scroll_x = 0
            return
        region = self._get_cell_region(self.cursor_coordinate)
        self.scroll_to_region(region, spacing=self._get_fixed_offset(), force=True)

    def _label_headers(self) -> None:
        """Mark the column under the cursor, and the sort column with its direction."""
        for index, column in enumerate(self.spec):
            label = Text(column.label, justify="right" if column.numeric else "left")
            if self.sort_by is not None and self.sort_by[0] == column.key:
                label.append(" ▼" if self.sort_by[1] else " ▲")
            if index == self.cursor_column:
                label.stylize("reverse")
            key = ColumnKey(column.key)
            if key in self.columns:
                shown = self.columns[key]
                shown.label = label
                if shown.auto_width:
                    shown.content_width = max(shown.content_width, label.cell_len)
        self.refresh()

    @property
    def cursor_column_key(self) -> str | None:
        """The key of the column under the cursor."""
        return self.spec[self.cursor_column].key if self.spec else None

    # Export ------------------------------------------------------------------------------------

    def export_columns(self) -> list[Column[R]]:
        """The columns an export writes, in the order shown."""
        return [column for column in self.spec if column.exported]

    def export_table(self) -> tuple[list[str], list[list[Cell]], list[str | None]]:
        """What an export writes: headers, the shown rows as typed values, number formats."""
        columns = self.export_columns()
        return (
            [column.label for column in columns],
            export_rows(columns, self.shown),
            [column.number_format for column in columns],
        )
