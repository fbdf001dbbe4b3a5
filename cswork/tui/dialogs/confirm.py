"""Ask the user to confirm something that changes the database.

The highlighted button is always the focused one, so Enter does what is highlighted: Cancel starts
focused (nothing changes by accident) and Tab or ← → move to the confirm button. Cancelling says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from cswork.model.usertext import printable
from cswork.tui.dialogs.buttons import highlight_button


class ConfirmDialog(ModalScreen[bool]):
    """Returns ``True`` only if the user presses the confirm button."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 90%; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ConfirmDialog #confirm-title { text-style: bold; }
    ConfirmDialog VerticalScroll { height: auto; max-height: 14; margin: 1 0; }
    ConfirmDialog Horizontal { height: auto; }
    ConfirmDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("left,right", "other_button", "Other button", show=False),
    ]

    def __init__(self, title: str, detail: str, confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(printable(self.title_text), id="confirm-title", markup=False)
            with VerticalScroll():
                yield Static(printable(self.detail, keep_newlines=True), markup=False)
            with Horizontal():
                yield Button(self.confirm, id="confirm")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_other_button(self) -> None:
        """Move the focus (and so the highlight) to the other button."""
        focused = self.focused
        target = (
            "#cancel" if isinstance(focused, Button) and focused.id == "confirm" else "#confirm"
        )
        self.query_one(target, Button).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Highlight the button that has the focus, and only that one."""
        highlight_button(self, event.widget, "cancel", {"confirm": "warning"})

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without doing it, and say so."""
        self.app.notify("Cancelled: nothing was changed.")
        self.dismiss(False)
