"""F1 help: every key that does something here, and what it does."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


class HelpDialog(ModalScreen[None]):
    """Lists (key, action) pairs; Escape or F1 closes it."""

    DEFAULT_CSS = """
    HelpDialog { align: center middle; }
    HelpDialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    HelpDialog #help-title { text-style: bold; margin: 1 0; }
    HelpDialog DataTable { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, keys: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = list(keys)

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpDialog:
        """Help for every key active on ``screen`` (its own, its focused widget's, the app's)."""
        keys = {
            (active.binding.key_display or screen.app.get_key_display(active.binding), does)
            for active in screen.active_bindings.values()
            if (does := active.binding.description or active.binding.action)
        }
        return cls(sorted(keys))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Keys (Ctrl+P finds any screen or action)", id="help-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "does")
        table.add_rows(self.keys)
        table.focus()

    def action_close(self) -> None:
        """Close help."""
        self.dismiss(None)
