"""Ask for a folder (where screenshots go): it must exist."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from cswork.tui.dialogs.buttons import highlight_button


class FolderDialog(ModalScreen[Path | None]):
    """Returns an existing folder, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    FolderDialog { align: center middle; }
    FolderDialog > Vertical {
        width: 70; max-width: 95%; height: auto; border: thick $primary; background: $surface;
        padding: 1 2;
    }
    FolderDialog #folder-prompt { width: 100%; height: auto; }
    FolderDialog #folder-error { color: $error; width: 100%; height: auto; }
    FolderDialog Horizontal { height: auto; margin-top: 1; }
    FolderDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, current: Path) -> None:
        super().__init__()
        self.question = question
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="folder-prompt")
            yield Input(str(self.current), id="folder-path")
            yield Label("", id="folder-error")
            with Horizontal():
                yield Button("Use this folder", variant="primary", id="use")
                yield Button("Cancel", id="cancel")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused button is the highlighted one; in the text box, the default one."""
        highlight_button(self, event.widget, "use")

    @on(Input.Submitted)
    @on(Button.Pressed, "#use")
    def _use(self) -> None:
        folder = Path(self.query_one(Input).value.strip()).expanduser()
        if not str(folder) or not folder.is_dir():
            self.query_one("#folder-error", Label).update(Text(f"There is no folder {folder}."))
            return
        self.dismiss(folder.resolve())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the folder."""
        self.dismiss(None)
