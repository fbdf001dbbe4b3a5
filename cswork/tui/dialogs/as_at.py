"""Pick the as-at date every screen reports on."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_at(text: str) -> date:
    """A YYYY-MM-DD date, or a ValueError saying what is expected."""
    given = text.strip()
    try:
        return date.fromisoformat(given)
    except ValueError:
        if ISO_SHAPE.fullmatch(given):
            raise ValueError(
                f"There is no such date as {given}: check the month and day."
            ) from None
        raise ValueError(f"Give the date as YYYY-MM-DD, not {given!r}") from None


class AsAtDialog(ModalScreen[date | None]):
    """Asks for a date; returns it, or ``None`` if cancelled."""

    DEFAULT_CSS = """
    AsAtDialog { align: center middle; }
    AsAtDialog > Vertical {
        width: 50; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
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
            yield Label("Show figures as at (YYYY-MM-DD)")
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder="2025-09-30",
                id="as-at",
            )
            yield Label("", id="as-at-error")
            with Horizontal():
                yield Button("Show", variant="primary", id="show")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#show")
    def _show(self) -> None:
        try:
            chosen = parse_as_at(self.query_one(Input).value)
        except ValueError as exc:
            self.query_one("#as-at-error", Label).update(str(exc))
            return
        self.dismiss(chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the date."""
        self.dismiss(None)
