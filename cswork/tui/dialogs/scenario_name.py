"""Ask for a new scenario's name, checked by the store's own rule and against the names taken."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from cswork.services.scenarios import ScenarioError, check_name
from cswork.tui.dialogs.buttons import highlight_button


class ScenarioNameDialog(ModalScreen[str | None]):
    """Returns a usable, unused scenario name, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    ScenarioNameDialog { align: center middle; }
    ScenarioNameDialog > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $primary; background: $surface;
        padding: 1 2;
    }
    ScenarioNameDialog #name-prompt { width: 100%; height: auto; }
    ScenarioNameDialog #name-error { color: $text-error; width: 100%; height: auto; }
    ScenarioNameDialog Horizontal { height: auto; margin-top: 1; }
    ScenarioNameDialog Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, suggested: str, taken: Collection[str]) -> None:
        super().__init__()
        self.prompt = prompt
        self.suggested = suggested
        self.taken = set(taken)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt, id="name-prompt")
            yield Input(self.suggested, id="scenario-name")
            yield Label("", id="name-error")
            with Horizontal():
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The focused button is the highlighted one; in the text box, the default one."""
        highlight_button(self, event.widget, "create")

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        name = self.query_one(Input).value.strip()
        try:
            check_name(name)
        except ScenarioError as exc:
            self.query_one("#name-error", Label).update(str(exc))
            return
        if name in self.taken:
            self.query_one("#name-error", Label).update(f"scenario {name!r} already exists")
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)
