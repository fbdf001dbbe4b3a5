"""Imports: the import log, and the problems that stopped the last failed import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from cswork.services.import_log import ImportEntry, import_log, last_failed
from cswork.store import Database
from cswork.tui.screens.base import DataScreen

OUTCOME_STYLE = {"ok": "green", "failed": "bold red", "no-op": "dim", "undone": "yellow"}


@dataclass(frozen=True, slots=True)
class ImportsView:
    """The log, newest first."""

    entries: list[ImportEntry]


class ImportsScreen(DataScreen[ImportsView]):
    """What has been imported, and what went wrong."""

    MODE = "imports"
    CSS_PATH = "imports.tcss"

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="import-log", cursor_type="row", zebra_stripes=True)
        yield Static("", id="import-errors")

    def on_mount(self) -> None:
        self.query_one("#import-log", DataTable).add_columns(
            "#", "When", "Kind", "File", "Outcome", "Read", "Added", "Changed", "Closed", "Skipped"
        )
        super().on_mount()

    def fetch(self, db: Database, as_at: date) -> ImportsView:
        return ImportsView(import_log(db))

    def show(self, data: ImportsView) -> None:
        table = self.query_one("#import-log", DataTable)
        table.clear()
        for entry in data.entries:
            table.add_row(
                Text(str(entry.id), justify="right"),
                entry.started_at[:16].replace("T", " "),
                entry.kind,
                entry.file_name,
                Text(entry.outcome, style=OUTCOME_STYLE.get(entry.outcome, "")),
                *(
                    Text(str(n), justify="right")
                    for n in (
                        entry.rows_read,
                        entry.rows_added,
                        entry.rows_changed,
                        entry.rows_closed,
                        entry.rows_skipped,
                    )
                ),
                key=str(entry.id),
            )
        table.border_title = f"Import log ({len(data.entries)})"
        errors = self.query_one("#import-errors", Static)
        failed = last_failed(data.entries)
        if failed is None:
            errors.update("No failed imports.")
            errors.border_title = "Errors of the last failed import"
            return
        text = Text()
        text.append(f"#{failed.id} {failed.kind} {failed.file_name}: {failed.message or ''}\n")
        for line in failed.errors:
            text.append(f"• {line}\n")
        errors.update(text)
        errors.border_title = f"Errors of the last failed import ({len(failed.errors)})"
