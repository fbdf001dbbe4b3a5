"""The tab bar naming every screen, with its number key; shorter names on narrow terminals."""

from __future__ import annotations

from textual import events
from textual.widgets import Tab, Tabs

#: The screens in navigation order: (mode, label). Number keys 1.. jump to them.
SCREENS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("staff", "Staff"),
    ("pressure", "Caseload pressure"),
    ("academy", "Academy"),
    ("projections", "Projections"),
    ("demand", "Demand & performance"),
    ("imports", "Imports"),
)
#: Names that fit all seven tabs into 80 columns.
SHORT_LABELS = {"pressure": "Pressure", "demand": "Demand"}


def tab_label(number: int, mode: str, label: str, *, short: bool) -> str:
    """The tab text for a screen: its key and its name (shortened if ``short``)."""
    return f"{number} {SHORT_LABELS.get(mode, label) if short else label}"


def tabs_width(*, short: bool) -> int:
    """Columns the whole tab bar needs (each tab has one column of padding either side)."""
    return sum(
        len(tab_label(n, mode, label, short=short)) + 2
        for n, (mode, label) in enumerate(SCREENS, start=1)
    )


class NavTabs(Tabs):
    """A tab per screen, the current one active; activating another switches screen.

    The full names show when the terminal is wide enough for all of them, the short ones otherwise,
    so every screen's tab stays in view.
    """

    def __init__(self, current: str) -> None:
        super().__init__(
            *(
                Tab(tab_label(n, mode, label, short=True), id=mode)
                for n, (mode, label) in enumerate(SCREENS, start=1)
            ),
            active=current,
        )
        self.can_focus = False
        self.short = True

    def on_resize(self, event: events.Resize) -> None:
        """Full names if they all fit, else the short ones."""
        short = event.size.width < tabs_width(short=False)
        if short == self.short:
            return
        self.short = short
        for n, (mode, label) in enumerate(SCREENS, start=1):
            self.query_one(f"#{mode}", Tab).label = tab_label(n, mode, label, short=short)
