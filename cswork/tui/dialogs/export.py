"""Ask where to export a table: a path ending .csv or .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from cswork.export.tables import ExportError, export_format
from cswork.tui.dialogs.buttons import highlight_button


class ExportDialog(ModalScreen[Path | None]):
    """Returns the chosen path (format checked), or ``None`` if cancelled."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 70; max-width: 95%; height: auto; border: thick $primary; background: $surface;
        padding: 1 2;
    }
    ExportDialog #export-prompt { width: 100%; height: auto; }
    ExportDialog #export-error { color: $error; width: 100%; height: auto; }
    ExportDialog Horizontal { height: auto; margin-top: 1; }
    ExportDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, suggested: Path) -> None:
        super().__init__()
        self.what = what
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Export {self.what} as shown, to a .csv or .xlsx file", id="export-prompt")
            yield Input(str(self.suggested), id="export-path")
            yield Label("", id="export-error")
            with Horizontal():
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused button is the highlighted one; in the text box, the default one."""
        highlight_button(self, event.widget, "export")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        path = Path(self.query_one(Input).value.strip()).expanduser()
        try:
            export_format(path)
        except ExportError as exc:
            self.query_one("#export-error", Label).update(str(exc))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
