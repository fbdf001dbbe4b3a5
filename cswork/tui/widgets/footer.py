"""The footer of keys, rebuilt only when the keys it would show have changed.

Textual's footer rebuilds its keys after every change of focus and every request to refresh the
bindings; opening a screen makes four or five of those (focus settling, the loading indicator
coming and going, the data arriving), each a dozen widgets made and styled again to show the same
keys (on the Projections screen, 0.06 s of the 0.9 s it takes to open).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, skipping a rebuild that would show exactly the keys already shown."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None

    def keys_shown(self) -> Hashable:
        """What the footer's keys depend on: the screen's active bindings, each with whether it
        is enabled and its tooltip, and whether the command palette's key is shown (``None``
        until the bindings are ready)."""
        if not self._bindings_ready:
            return None
        active = tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return active, self.show_command_palette, self.compact

    def compose(self) -> ComposeResult:
        self._shown = self.keys_shown()
        yield from super().compose()

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would be the ones shown."""
        if self._shown is not None and self.keys_shown() == self._shown:
            return
        await super().recompose()
