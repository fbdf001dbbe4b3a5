"""Pick the as-at date every screen reports on."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from cswork.model.dates import parse_user_date
from cswork.tui.dialogs.buttons import highlight_button


def parse_as_at(text: str) -> date:
    """A date in UK or ISO form, or a ValueError saying in plain words what is wrong."""
    try:
        return parse_user_date(text)
    except ValueError as exc:
        message = str(exc)
        raise ValueError(message[:1].upper() + message[1:] + ".") from None


class AsAtDialog(ModalScreen[date | None]):
    """Asks for a date; returns it, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    AsAtDialog { align: center middle; }
    AsAtDialog > Vertical {
        width: 56; max-width: 95%; height: auto; border: thick $primary; background: $surface;
        padding: 1 2;
    }
    AsAtDialog #as-at-prompt { width: 100%; height: auto; }
    AsAtDialog #as-at-error { color: $error; width: 100%; height: auto; }
    AsAtDialog Horizontal { height: auto; margin-top: 1; }
    AsAtDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: date | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Show figures as at (30/09/2025 or 2025-09-30)", id="as-at-prompt")
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder="2025-09-30",
                id="as-at",
            )
            yield Label("", id="as-at-error")
            with Horizontal():
                yield Button("Show", variant="primary", id="show")
                yield Button("Cancel", id="cancel")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused button is the highlighted one; in the text box, the default one."""
        highlight_button(self, event.widget, "show")

    @on(Input.Submitted)
    @on(Button.Pressed, "#show")
    def _show(self) -> None:
        try:
            chosen = parse_as_at(self.query_one(Input).value)
        except ValueError as exc:
            self.query_one("#as-at-error", Label).update(Text(str(exc)))
            return
        self.dismiss(chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the date."""
        self.dismiss(None)
