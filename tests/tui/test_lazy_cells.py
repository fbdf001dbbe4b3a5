"""The table draws only the rows it shows, and sizes its columns as if it had drawn them all.

For the Staff screen's 18,000 workers at fifty times the demo (issue 18), an
:class:`~cswork.tui.widgets.explore_table.ExploreTable` keeps each row as its record until the
row is drawn, and widens its columns from each distinct value (:meth:`Column.widest`). The code
it replaced, which drew every cell and measured each, is kept here as the oracle: column widths,
the lines drawn and every row's cells must equal it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets.data_table import ColumnKey, DuplicateKey, Row, RowKey

from cswork.export.tables import Cell
from cswork.services.collector import building
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable, LazyCells


@dataclass(frozen=True)
class Record:
    ref: str
    name: str
    figure: Cell
    amount: float | None
    day: date | None


def _flag(record: Record) -> Text:
    return Text("●" if record.amount else "○", style="bold red")


COLUMNS: tuple[Column[Record], ...] = (
    Column("ref", "Ref", lambda r: r.ref),
    Column("name", "Name", lambda r: r.name),
    Column("fixed", "Fixed", lambda r: r.name, width=6),
    Column("figure", "Figure", lambda r: r.figure),
    Column(
        "places", "Places", lambda r: r.figure if not isinstance(r.figure, str) else None, places=1
    ),
    Column("money", "Money", lambda r: r.amount, unit="money"),
    Column("share", "Share", lambda r: r.amount, unit="fraction", places=1),
    Column("percent", "Percent", lambda r: r.amount, unit="percent"),
    Column("day", "Day", lambda r: r.day, unit="date"),
    Column("month", "Month", lambda r: r.day, unit="month"),
    Column("flag", "Flag", lambda r: r.amount, show=_flag),
    Column("long", "Long", lambda r: r.name * 4, longest=12),
)

NAMES = ("North", "South East and Coast", "北区チーム", "Team\x1b[31m red", "x" * 40, "", "a\tb")
FIGURES: tuple[Cell, ...] = (
    0,
    0.0,
    -0.0,
    1,
    1.0,
    True,
    1234567,
    -3.25,
    1e-9,
    float("nan"),
    None,
    "n/a",
)
AMOUNTS = (None, 0.0, -0.0, 0.5, 1.0, 12345.678, -0.04)
DAYS = (None, date(2025, 9, 30), date(1999, 1, 1))


def records(count: int) -> list[Record]:
    """``count`` records cycling through awkward values (each ref distinct)."""
    return [
        Record(
            f"W{i:05d}",
            NAMES[i % len(NAMES)],
            FIGURES[i % len(FIGURES)],
            AMOUNTS[i % len(AMOUNTS)],
            DAYS[i % len(DAYS)],
        )
        for i in range(count)
    ]


# --- The oracle: the table as it was, drawing every cell when a row is added. -----------------


class EagerTable(ExploreTable[Record]):
    def _add_rows(self, rows: Sequence[Record]) -> None:
        keys = [column.key for column in self.ordered_columns]
        was_empty = not self.row_count
        for row in rows:
            row_key = RowKey(self.row_key(row))
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = len(self.rows)
            cells = [column.cell(row) for column in self.spec]
            self._data[row_key] = dict(zip(keys, cells, strict=True))
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
        widest: dict[ColumnKey, int] = {}
        for row_key in new_rows:
            for column_key, cell in self._data.get(row_key, {}).items():
                width = cell.cell_len
                if width > widest.get(column_key, 0):
                    widest[column_key] = width
        for column_key, width in widest.items():
            column = self.columns[column_key]
            column.content_width = max(column.content_width, width)
        super(ExploreTable, self)._update_dimensions(())


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield ExploreTable(COLUMNS, lambda r: r.ref, sort_by="ref", id="lazy")
        yield EagerTable(COLUMNS, lambda r: r.ref, sort_by="ref", id="eager")


# --- The comparisons. ----------------------------------------------------------------------------


@given(st.lists(st.sampled_from(records(len(NAMES) * len(FIGURES) * 3)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_widest_is_the_widest_cell_drawn(rows: list[Record]) -> None:
    for column in COLUMNS:
        assert column.widest(rows) == max((column.cell(r).cell_len for r in rows), default=0)


def test_a_value_is_drawn_as_its_row_is() -> None:
    for column in COLUMNS:
        if column.show is None:
            for row in records(200):
                drawn, alone = column.cell(row), column.value_cell(column.value(row))
                assert (drawn.plain, drawn.justify, drawn.spans) == (
                    alone.plain,
                    alone.justify,
                    alone.spans,
                )


async def _compare(app: Tables, pilot: object, shown: list[Record]) -> None:
    lazy = app.query_one("#lazy", ExploreTable)
    eager = app.query_one("#eager", EagerTable)
    for table in (lazy, eager):
        table.show_rows(shown)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert [c.content_width for c in lazy.ordered_columns] == [
        c.content_width for c in eager.ordered_columns
    ]
    assert [c.get_render_width(lazy) for c in lazy.ordered_columns] == [
        c.get_render_width(eager) for c in eager.ordered_columns
    ]
    assert lazy.virtual_size == eager.virtual_size
    for y in range(lazy.size.height):
        assert lazy.render_line(y).text == eager.render_line(y).text
    undrawn = sum(
        1 for cells in lazy._data.values() if isinstance(cells, LazyCells) and not cells.drawn
    )
    assert undrawn >= len(shown) - lazy.size.height * 2
    for index in range(lazy.row_count):
        assert [(c.plain, c.justify, c.style, c.spans) for c in lazy.get_row_at(index)] == [
            (c.plain, c.justify, c.style, c.spans) for c in eager.get_row_at(index)
        ]
    assert lazy.export_table() == eager.export_table()


async def test_the_table_is_sized_and_drawn_as_when_every_cell_was_drawn() -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        many = records(2_000)
        await _compare(app, pilot, many)
        await _compare(app, pilot, many[:40])  # fewer rows: columns keep their widths
        for table in app.query(ExploreTable):
            table.sort_on("money")
        await _compare(app, pilot, many[::3])


async def test_a_cell_updated_before_it_is_drawn_is_kept() -> None:
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one("#lazy", ExploreTable)
        with building():
            table.show_rows(records(500))
        table.update_cell("W00499", "name", Text("a much longer name than any other here"))
        await pilot.pause()
        assert table.get_cell("W00499", "name").plain == "a much longer name than any other here"
        assert table.get_cell("W00498", "ref").plain == "W00498"
