"""The highlighted button is the one Enter presses: the focused button, or the default one while
the focus is in a text box (where Enter submits)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets._button import ButtonVariant


def highlight_button(
    screen: Screen[Any],
    focused: Widget | None,
    default: str,
    variants: dict[str, ButtonVariant] | None = None,
) -> None:
    """Highlight the focused button (or ``default`` when no button has the focus), no other."""
    target = focused.id if isinstance(focused, Button) else default
    for button in screen.query(Button):
        if button.id == target:
            button.variant = (variants or {}).get(target or "", "primary")
        else:
            button.variant = "default"
