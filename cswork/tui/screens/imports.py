"""Imports: the import log, the problems of the last failed import, undo, and importing a file.

Importing is two steps: a dry run whose result is shown for confirmation, then the import itself.
Both run in thread workers with their own connections, as does undo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from cswork.model.usertext import printable
from cswork.render.safe import user_text
from cswork.services.database import Database, open_db
from cswork.services.import_kinds import import_kinds
from cswork.services.imports import (
    ImportRecord,
    ImportResult,
    import_log,
    run_import,
    undo_import,
)
from cswork.tui.dialogs.confirm import ConfirmDialog
from cswork.tui.dialogs.error import ErrorDialog
from cswork.tui.dialogs.start_import import ImportRequest, StartImportDialog
from cswork.tui.screens.base import DataScreen
from cswork.tui.widgets.columns import Column
from cswork.tui.widgets.explore_table import ExploreTable


def _kinds_listed() -> str:
    """Every import kind by the name the import dialog offers it under: "staff, ... or csww"."""
    names = [f"{name} (a census return)" if name == "csww" else name for name in import_kinds()]
    return f"{', '.join(names[:-1])} or {names[-1]}"


#: Built from the kinds registered, so a kind added later is listed too (allocations, caps and
#: absence were missing from a hand-written list).
NO_IMPORTS = (
    "Nothing has been imported into this database. Press i to import a file: "
    f"{_kinds_listed()}. A dry run shows what would change before anything is written."
)
NO_IMPORTS_READ_ONLY = (
    "Nothing has been imported into this database. This app is read-only: files are imported "
    "with 'cswork import KIND FILE', or in an app that is not read-only."
)
OUTCOME_STYLE = {"ok": "green", "failed": "bold red", "no-op": "dim", "undone": "yellow"}


LOG_COLUMNS: tuple[Column[ImportRecord], ...] = (
    Column("id", "#", lambda r: r.id, unit="count"),
    Column("when", "When", lambda r: r.started_at[:16].replace("T", " ")),
    Column("kind", "Kind", lambda r: r.kind),
    Column("file", "File", lambda r: r.file_name),
    Column(
        "outcome",
        "Outcome",
        lambda r: r.outcome,
        show=lambda r: Text(r.outcome, style=OUTCOME_STYLE.get(r.outcome, "")),
    ),
    Column("read", "Read", lambda r: r.rows_read, unit="count"),
    Column("added", "Added", lambda r: r.rows_added, unit="count"),
    Column("changed", "Changed", lambda r: r.rows_changed, unit="count"),
    Column("closed", "Closed", lambda r: r.rows_closed, unit="count"),
    Column("skipped", "Skipped", lambda r: r.rows_skipped, unit="count"),
)


def problem_text(problem: dict[str, Any]) -> str:
    """A logged problem (file, row, column, reason; never the value) as a sentence."""
    where = str(problem.get("file", ""))
    if problem.get("row"):
        where += f", row {problem['row']}"
    if problem.get("column"):
        where += f", column {problem['column']!r}"
    return f"{where}: {problem.get('reason', '')}"


def preview_text(result: ImportResult) -> str:
    """What a dry run found, for the confirmation dialog."""
    lines = [result.message, *result.created_lines(), *result.warnings, *result.details[:20]]
    if len(result.details) > 20:
        lines.append(f"… and {len(result.details) - 20} more changes")
    return "\n".join(lines)


class ImportPreviewed(Message):
    """A dry run finished."""

    def __init__(self, request: ImportRequest, result: ImportResult) -> None:
        super().__init__()
        self.request = request
        self.result = result


class ImportFinished(Message):
    """An import or an undo finished; ``note`` says what happened."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note


class ImportsScreen(DataScreen[list[ImportRecord]]):
    """What has been imported, what went wrong, and undoing or adding an import."""

    MODE = "imports"
    AUTO_FOCUS = "#import-log"
    CSS_PATH = "imports.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "start_import", "Import a file"),
        Binding("u", "undo", "Undo import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[int, ImportRecord] = {}

    def compose_body(self) -> ComposeResult:
        yield ExploreTable(LOG_COLUMNS, lambda r: str(r.id), title="import log", id="import-log")
        yield Static("", id="import-errors")

    def fetch(self, db: Database, as_at: date) -> list[ImportRecord]:
        return import_log(db)

    def show(self, data: list[ImportRecord]) -> None:
        self.records = {record.id: record for record in data}
        table = self.query_one("#import-log", ExploreTable)
        table.show_rows(data)
        keys = "read-only" if self.cswork.read_only else "i: import a file · u: undo"
        table.border_title = f"Import log ({len(data)}) · {keys}"
        self._show_errors(next((r for r in data if r.outcome == "failed"), None), bool(data))

    def _show_errors(self, failed: ImportRecord | None, any_imports: bool) -> None:
        errors = self.query_one("#import-errors", Static)
        if not any_imports:
            errors.update(NO_IMPORTS_READ_ONLY if self.cswork.read_only else NO_IMPORTS)
            errors.border_title = "No imports yet"
            return
        if failed is None:
            errors.update("No failed imports.")
            errors.border_title = "Errors of the last failed import"
            return
        text = Text(f"#{failed.id} {failed.kind} {failed.file_name}: {failed.message or ''}\n")
        for problem in failed.errors:
            text.append(f"• {problem_text(problem)}\n")
        text = Text(printable(text.plain, keep_newlines=True))
        errors.update(text)
        errors.border_title = f"Errors of the last failed import ({len(failed.errors)})"

    def _highlighted(self) -> ImportRecord | None:
        table = self.query_one("#import-log", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.records.get(int(str(row_key.value)))

    def action_undo(self) -> None:
        """Undo the highlighted import, after confirmation."""
        record = self._highlighted()
        if record is None:
            self.notify("No import to undo.", severity="warning")
            return
        if record.outcome != "ok":
            self.notify(
                f"Import #{record.id} is {record.outcome}: nothing to undo.", severity="warning"
            )
            return
        detail = (
            f"{record.kind} from {record.file_name} ({record.started_at}): "
            f"{record.rows_added} added, {record.rows_changed} changed, "
            f"{record.rows_closed} closed. Every row it touched is restored as it was."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._busy(f"Undoing import #{record.id}…")
                self._undo(self.cswork.db_path, record.id)

        self.app.push_screen(ConfirmDialog(f"Undo import #{record.id}?", detail, "Undo"), confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _undo(self, path: Path, import_id: int) -> None:
        db = open_db(path, create=False)
        try:
            result = undo_import(db, import_id)
        finally:
            db.close()
        self.post_message(
            ImportFinished(f"Import #{import_id} undone: {result.rows_restored} rows restored")
        )

    def action_start_import(self) -> None:
        """Ask for a file, preview it with a dry run, then import on confirmation."""
        kinds = {name: kind.summary for name, kind in import_kinds().items()}

        def chosen(request: ImportRequest | None) -> None:
            if request is not None:
                self._busy(f"Checking {request.path.name}…")
                self._run(self.cswork.db_path, request, dry_run=True)

        self.app.push_screen(StartImportDialog(kinds), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _run(self, path: Path, request: ImportRequest, *, dry_run: bool) -> None:
        db = open_db(path, create=False)
        try:
            result = run_import(db, request.kind, request.path, request.options, dry_run=dry_run)
        finally:
            db.close()
        if dry_run:
            self.post_message(ImportPreviewed(request, result))
        else:
            created = "".join(f"\n{line}" for line in result.created_lines())
            self.post_message(
                ImportFinished(f"Import #{result.import_id}: {result.message}{created}")
            )

    def _busy(self, what: str) -> None:
        """Show that an import or undo is running (a big file takes a few seconds): the log
        waits, and the panel below it says what is being done."""
        self.query_one("#import-log", DataTable).loading = True
        panel = self.query_one("#import-errors", Static)
        panel.border_title = "Working"
        panel.update(
            user_text(f"{what} A large file takes a few seconds; the other screens stay usable.")
        )

    def work_failed(self) -> None:
        """An import or undo that failed leaves no busy note behind."""
        self._idle()

    def _idle(self) -> None:
        """The import or undo is over: show the log (and its panel) as they now are."""
        self.query_one("#import-log", DataTable).loading = False
        self.reload()

    @on(ImportPreviewed)
    def _previewed(self, message: ImportPreviewed) -> None:
        result, request = message.result, message.request
        self._idle()
        if result.outcome == "failed":
            problems = "\n".join(str(p) for p in result.problems[:30])
            hints = "".join(f"\n{hint}" for hint in result.hints)
            self.app.push_screen(
                ErrorDialog(
                    f"{request.path.name}: {result.message}\n{problems}{hints}", "File rejected"
                )
            )
            return
        if result.outcome == "no-op":
            self.notify(f"{request.path.name}: {result.message}")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._busy(f"Importing {request.path.name}…")
                self._run(self.cswork.db_path, request, dry_run=False)

        title = f"Import {request.path.name} as {request.kind}?"
        self.app.push_screen(ConfirmDialog(title, preview_text(result), "Import"), confirmed)

    @on(ImportFinished)
    def _finished(self, message: ImportFinished) -> None:
        self.cswork.note_data_changed()
        self.notify(message.note)
        self._idle()
