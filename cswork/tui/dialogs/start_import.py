"""Ask what to import: the kind of file and its path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """A file to preview (dry run) and then import."""

    kind: str
    path: Path


class StartImportDialog(ModalScreen[ImportRequest | None]):
    """Returns the kind and an existing file's path, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    StartImportDialog { align: center middle; }
    StartImportDialog > Vertical {
        width: 76; max-width: 95%; height: auto; border: thick $primary; background: $surface;
        padding: 1 2;
    }
    StartImportDialog Select { margin-bottom: 1; }
    StartImportDialog #import-error { color: $error; height: auto; }
    StartImportDialog Horizontal { height: auto; margin-top: 1; }
    StartImportDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, kinds: dict[str, str]) -> None:
        super().__init__()
        self.kinds = kinds

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Import a file: first a dry run shows what would change")
            yield Select[str](
                ((f"{name}: {summary}", name) for name, summary in sorted(self.kinds.items())),
                prompt="Kind of file",
                id="import-kind",
            )
            yield Input(placeholder="path/to/extract.csv or .xlsx", id="import-path")
            yield Label("", id="import-error")
            with Horizontal():
                yield Button("Preview", variant="primary", id="preview")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        kind = self.query_one(Select).value
        path = Path(self.query_one(Input).value.strip()).expanduser()
        error = self.query_one("#import-error", Label)
        if kind is Select.NULL:
            error.update("Choose the kind of file.")
        elif not path.is_file():
            error.update(f"No file at {path}")
        else:
            self.dismiss(ImportRequest(str(kind), path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)
