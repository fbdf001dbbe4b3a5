"""The command palette (Ctrl+P): every screen and every app action, found by fuzzy search."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cswork.tui.widgets.nav import SCREENS

if TYPE_CHECKING:
    from cswork.tui.app import CsworkApp


class CsworkCommands(Provider):
    """Go to a screen; pick the date; switch theme; help; and the current screen's actions."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: CsworkApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Go to {label}", partial(app.action_goto, mode), f"Show the {label} screen")
            for mode, label in SCREENS
        ]
        commands += [
            ("Change the as-at date", app.action_pick_as_at, "Report every screen as at a date"),
            ("Toggle light/dark theme", app.action_toggle_theme, "Switch theme"),
            ("Help: keys", app.action_help, "List every key"),
        ]
        screen_commands = getattr(self.screen, "palette_commands", None)
        if screen_commands is not None:
            commands += screen_commands()
        return commands

    async def discover(self) -> Hits:
        """Offer every command before anything is typed."""
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching what was typed."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
