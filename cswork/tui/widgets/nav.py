"""The tab bar naming every screen, with its number key; shorter names on narrow terminals."""

from __future__ import annotations

from textual import events
from textual.widgets import Tab, Tabs

from cswork.tui.modes import SCREENS, ScreenMode


def tab_label(number: int, screen: ScreenMode, *, short: bool) -> str:
    """The tab text for a screen: its key and its name (shortened if ``short``)."""
    return f"{number} {screen.short if short else screen.label}"


def tabs_width(*, short: bool) -> int:
    """Columns the whole tab bar needs (each tab has one column of padding either side)."""
    return sum(
        len(tab_label(n, screen, short=short)) + 2 for n, screen in enumerate(SCREENS, start=1)
    )


class NavTabs(Tabs):
    """A tab per screen, the current one active; activating another switches screen.

    The full names show when the terminal is wide enough for all of them, the short ones otherwise,
    so every screen's tab stays in view.
    """

    def __init__(self, current: str, width: int = 0) -> None:
        # Named for the terminal's width from the start: a tab renamed as it is first laid out can
        # leave the underline where the old name was (seen when a screen's data came at once).
        short = width < tabs_width(short=False)
        super().__init__(
            *(
                Tab(tab_label(n, screen, short=short), id=screen.mode)
                for n, screen in enumerate(SCREENS, start=1)
            ),
            active=current,
        )
        self.can_focus = False
        self.short = short

    def on_resize(self, event: events.Resize) -> None:
        """Full names if they all fit, else the short ones."""
        short = event.size.width < tabs_width(short=False)
        if short == self.short:
            return
        self.short = short
        for n, screen in enumerate(SCREENS, start=1):
            self.query_one(f"#{screen.mode}", Tab).label = tab_label(n, screen, short=short)
