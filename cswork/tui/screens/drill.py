"""A drill-down: the rows behind a figure (a team's workers, a tile by team, a cohort's members).

Pushed over the screen it opens from; Esc goes back. Its rows load in a thread worker with the
worker's own connection, and the table is the same explorable table as everywhere else, so it
sorts, moves by column and exports (with what it is a breakdown of in the file).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Footer, Header, Static

from cswork.model.usertext import printable
from cswork.services.database import Database, open_db
from cswork.tui.screens.exporting import ExportsTables
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable


@dataclass(frozen=True, slots=True)
class Drill:
    """What to show: a title, a definition in plain words, columns, and how to load the rows.

    ``load`` runs in a worker thread with that thread's own connection; ``note`` is written under
    the table once the rows arrive (a total, say), from the rows; ``opens`` is what Enter on a
    row does, if anything.
    """

    title: str
    definition: str
    columns: Sequence[Column[Any]]
    row_key: Callable[[Any], str]
    load: Callable[[Database, date], Sequence[Any]]
    as_at: date
    filters: tuple[tuple[str, str], ...] = ()
    note: Callable[[Sequence[Any]], str] | None = None
    opens: Callable[[Any], None] | None = None
    sort_by: str | None = None


class DrillLoaded(Message):
    """The drill-down's rows, loaded by a worker."""

    def __init__(self, rows: Sequence[Any]) -> None:
        super().__init__()
        self.rows = rows


class DrillScreen(ExportsTables):
    """The rows behind one figure; Esc goes back to where it was opened."""

    DEFAULT_CSS = """
    DrillScreen #drill-definition { height: auto; padding: 0 1; color: $text-muted; }
    DrillScreen #drill-table { height: 1fr; border: round $primary 40%; }
    DrillScreen #drill-note { height: auto; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]
    AUTO_FOCUS = "#drill-table"

    def __init__(self, drill: Drill) -> None:
        super().__init__()
        self.drill = drill

    @property
    def export_as_at(self) -> date | None:
        """The drill-down's date."""
        return self.drill.as_at

    @property
    def screen_name(self) -> str:
        """The drill-down's title."""
        return self.drill.title

    def export_filters(self) -> list[tuple[str, str]]:
        """What the rows are narrowed to (a team, a cohort)."""
        return list(self.drill.filters)

    def export_file_stem(self, table: ExploreTable[Any]) -> str:
        """A file name from the title and date."""
        words = "".join(c if c.isalnum() else "-" for c in self.drill.title.lower())
        stem = "-".join(part for part in words.split("-") if part)
        return f"{stem}-{self.drill.as_at.isoformat()}"

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(Text(printable(self.drill.definition)), id="drill-definition")
        yield ExploreTable(
            self.drill.columns,
            self.drill.row_key,
            sort_by=self.drill.sort_by,
            title=self.drill.title,
            id="drill-table",
        )
        yield Static("", id="drill-note")
        yield Footer()

    def on_mount(self) -> None:
        title = printable(self.drill.title)
        self.sub_title = f"{title} · as at {self.drill.as_at:%d %b %Y} · Esc: back"
        table = self.query_one(ExploreTable)
        table.border_title = Text(title)
        table.loading = True
        self._load(self.cswork.db_path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def _load(self, path: Path) -> None:
        db = open_db(path, create=False)
        try:
            rows = self.drill.load(db, self.drill.as_at)
        finally:
            db.close()
        self.post_message(DrillLoaded(rows))

    @on(DrillLoaded)
    def _loaded(self, message: DrillLoaded) -> None:
        table = self.query_one(ExploreTable)
        table.loading = False
        table.show_rows(message.rows)
        noun = "row" if len(message.rows) == 1 else "rows"
        table.border_subtitle = f"{len(message.rows):,} {noun}"
        if self.drill.note is not None:
            note = printable(self.drill.note(message.rows))
            self.query_one("#drill-note", Static).update(Text(note))

    @on(ExploreTable.RowSelected, "#drill-table")
    def _row_chosen(self, event: ExploreTable.RowSelected) -> None:
        record = self.query_one(ExploreTable).current()
        if record is not None and self.drill.opens is not None:
            self.drill.opens(record)

    def action_back(self) -> None:
        """Back to the screen this was opened from."""
        self.dismiss(None)
