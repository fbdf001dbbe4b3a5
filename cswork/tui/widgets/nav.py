"""The tab bar naming every screen, with its number key."""

from __future__ import annotations

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


class NavTabs(Tabs):
    """A tab per screen, the current one active; activating another switches screen."""

    def __init__(self, current: str) -> None:
        super().__init__(
            *(Tab(f"{n} {label}", id=mode) for n, (mode, label) in enumerate(SCREENS, start=1)),
            active=current,
        )
        self.can_focus = False
