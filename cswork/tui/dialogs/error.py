"""The error dialog: why a task failed or was refused, dismissed with Enter or Escape."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cswork.model.usertext import printable


class ErrorDialog(ModalScreen[None]):
    """Shows what went wrong; the app carries on."""

    DEFAULT_CSS = """
    ErrorDialog { align: center middle; }
    ErrorDialog > Vertical {
        width: 70; max-width: 90%; height: auto; border: thick $error; background: $surface;
        padding: 1 2;
    }
    ErrorDialog #error-title { text-style: bold; color: $error; }
    ErrorDialog #error-message { margin: 1 0; }
    ErrorDialog Button { width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_dialog", "Close")]

    def __init__(self, message: str, title: str = "Something went wrong") -> None:
        super().__init__()
        self.message = message
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(printable(self.title_text), id="error-title", markup=False)
            yield Static(
                printable(self.message, keep_newlines=True), id="error-message", markup=False
            )
            yield Button("OK", variant="error", id="ok")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
