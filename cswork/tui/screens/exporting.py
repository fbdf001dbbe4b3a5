"""What every screen of tables does: export, and failed workers shown as error dialogs.

``e`` exports the focused table (or the first one on show) to CSV or XLSX in a thread worker;
the file starts with what the table is, the as-at date, the filters in force and the sort. This
is also the one place where a failed worker becomes an error dialog rather than a crash.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cswork.export.tables import Cell, ExportError, write_table
from cswork.model.imports import ImportAbortedError
from cswork.services.database import StoreError, UndoRefusedError
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.dialogs.export import ExportDialog
from cswork.tui.shell import WRITING_ACTIONS, AppShell, shell
from cswork.tui.widgets.explore_table import ExploreTable

#: Errors whose message tells the user what to do; anything else is reported as unexpected.
EXPECTED_ERRORS = (
    StoreError,
    ExportError,
    UndoRefusedError,
    ImportAbortedError,
    ValueError,
    OSError,
)


def describe_error(error: BaseException | None) -> tuple[str, str]:
    """A worker's error as a dialog title and message: our own errors speak for themselves."""
    if isinstance(error, EXPECTED_ERRORS):
        return "Could not do that", str(error)
    if error is None:
        return "Something went wrong", "The task failed."
    return "Something went wrong", f"Unexpected {type(error).__name__}: {error}"


class ExportsTables(Screen[None]):
    """A screen whose tables export with ``e``; subclasses say what filters are in force."""

    MODE = ""
    BINDINGS: ClassVar[list[BindingType]] = [Binding("e", "export", "Export")]

    @property
    def cswork(self) -> AppShell:
        """The app, typed."""
        return shell(self.app)

    @property
    def export_as_at(self) -> date | None:
        """The date of the figures on show (``None`` while loading)."""
        return self.cswork.as_at

    @property
    def screen_name(self) -> str:
        """What the screen is called in an export's heading."""
        return self.MODE.title()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a read-only app no file is written: export is never offered."""
        return not (self.cswork.read_only and action in WRITING_ACTIONS)

    def export_target(self) -> ExploreTable[Any] | None:
        """The table an export writes: the focused one, else the first one on show."""
        focused = self.focused
        if isinstance(focused, ExploreTable):
            return focused
        for table in self.query(ExploreTable):
            if table.display and table.is_attached:
                return table
        return None

    def export_filters(self) -> list[tuple[str, str]]:
        """The filters in force, as (name, value) pairs written at the top of an export."""
        return []

    def export_about(self, table: ExploreTable[Any]) -> list[tuple[str, str]]:
        """What an export says above its table: what it is, its date and its filters."""
        as_at = self.export_as_at
        what = f"{self.screen_name}: {table.title}" if table.title else self.screen_name
        about = [("cswork", what)]
        if as_at is not None:
            about.append(("As at", f"{as_at:%d %b %Y}"))
        about += self.export_filters() or [("Filters", "none")]
        if table.sort_by is not None:
            key, reverse = table.sort_by
            label = next((c.label for c in table.spec if c.key == key), key)
            about.append(("Sorted by", f"{label}, {'descending' if reverse else 'ascending'}"))
        return about

    def export_file_stem(self, table: ExploreTable[Any]) -> str:
        """The suggested file name, without its suffix."""
        name = "-".join(part for part in (self.MODE, table.id or "") if part)
        as_at = self.export_as_at
        return f"{name}-{as_at.isoformat()}" if as_at else name

    def action_export(self) -> None:
        """Export the table in view, rows and columns as shown, to CSV or XLSX."""
        table = self.export_target()
        if table is None or self.export_as_at is None:
            self.notify("Nothing to export yet: the screen is still loading.", severity="warning")
            return
        headers, rows, formats = table.export_table()
        about = self.export_about(table)
        suggested = self.cswork.export_dir / f"{self.export_file_stem(table)}.csv"
        noun = "row" if len(rows) == 1 else "rows"
        what = f"{table.title or self.screen_name} ({len(rows):,} {noun})"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.cswork.remember_export_dir(path.parent)
                self._write_export(path, headers, rows, formats, about)

        self.app.push_screen(ExportDialog(what, suggested), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write_export(
        self,
        path: Path,
        headers: list[str],
        rows: list[list[Cell]],
        formats: list[str | None],
        about: list[tuple[str, str]],
    ) -> None:
        sheet = self.screen_name.replace("&", "and")
        count = write_table(path, headers, rows, sheet=sheet, about=about, formats=formats)
        noun = "row" if count == 1 else "rows"
        self.app.call_from_thread(self.notify, f"Exported {count:,} {noun} to {path}", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn a failed worker into an error dialog (the one place that does)."""
        if event.state is WorkerState.ERROR:
            for widget in self.query("#body, DataTable"):
                widget.loading = False  # a body or table marked busy while its work ran
            self.work_failed()
            title, message = describe_error(event.worker.error)
            self.app.push_screen(ErrorDialog(message, title))

    def work_failed(self) -> None:
        """Put the screen back as it was before a task that failed (a busy note, say)."""
