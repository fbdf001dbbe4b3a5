"""The command palette (Ctrl+P): every screen and every app action, found by fuzzy search."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cswork.tui.modes import SCREENS
from cswork.tui.shell import WRITING_ACTIONS, shell

#: Actions of the screens, offered from anywhere: (title, mode, screen action, help).
SCREEN_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Staff: export the table as shown", "staff", "export", "CSV or XLSX of the filtered rows"),
    ("Staff: search", "staff", "search", "Search by reference, team, role or cohort"),
    ("Staff: clear filters", "staff", "clear_filters", "Show every worker, in post and left"),
    ("Staff: sort by the highlighted column", "staff", "sort", "Again to reverse"),
    ("Projections: save the scenario", "projections", "save", "Store the edited assumptions"),
    ("Projections: copy the scenario", "projections", "copy", "Save as a new scenario"),
    ("Projections: delete the scenario", "projections", "delete", "After confirmation"),
    ("Projections: export the projection", "projections", "export", "CSV or XLSX of the table"),
    ("Demand: choose the base month", "demand", "pick_base", "Compare every measure with it"),
    ("Imports: import a file", "imports", "start_import", "A dry run first, then confirm"),
    ("Imports: undo the highlighted import", "imports", "undo", "After confirmation"),
)


class CsworkCommands(Provider):
    """Go to a screen; pick the date; switch theme; help; and every screen's actions."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = shell(self.app)
        commands: list[tuple[str, Callable[[], object], str]] = [
            (
                f"Go to {screen.label}",
                partial(self.app.switch_mode, screen.mode),
                f"Show the {screen.label} screen",
            )
            for screen in SCREENS
        ]
        commands += [
            ("Change the as-at date", app.action_pick_as_at, "Report every screen as at a date"),
            (
                "Write board report…",
                app.action_write_report,
                "The workforce paper as HTML, Word or Markdown",
            ),
            ("Toggle light/dark theme", app.action_toggle_theme, "Switch theme"),
            ("Help: keys", app.action_help, "List every key"),
        ]
        commands += [
            (title, partial(app.run_screen_action, mode, action), help_text)
            for title, mode, action, help_text in SCREEN_ACTIONS
            if not (app.read_only and action in WRITING_ACTIONS)
        ]
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
