"""The one list of the app's screens: each mode's tab label, its short label, and its screen class.

The tab bar, the number keys, the command palette and the app's modes all read :data:`SCREENS`.
Screens are imported when first shown, so the app starts without loading the importers or the
cohort model until someone opens the Imports or Academy screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class ScreenMode:
    """One screen: its mode name, its tab label (and a shorter one for narrow terminals), and
    where its class lives."""

    mode: str
    label: str
    module: str
    class_name: str
    short_label: str = ""

    @property
    def short(self) -> str:
        """The label for a narrow terminal."""
        return self.short_label or self.label

    def make(self) -> Screen[None]:
        """A new instance of the screen (its module is imported on first use)."""
        screen_class: type[Screen[None]] = getattr(import_module(self.module), self.class_name)
        return screen_class()


#: The screens in navigation order. Number keys 1.. jump to them; the short labels fit all eight
#: tabs into 80 columns.
SCREENS: tuple[ScreenMode, ...] = (
    ScreenMode("overview", "Overview", "cswork.tui.screens.overview", "OverviewScreen"),
    ScreenMode("staff", "Staff", "cswork.tui.screens.staff", "StaffScreen"),
    ScreenMode(
        "pressure",
        "Caseload pressure",
        "cswork.tui.screens.pressure",
        "PressureScreen",
        short_label="Pressure",
    ),
    ScreenMode("academy", "Academy", "cswork.tui.screens.academy", "AcademyScreen"),
    ScreenMode(
        "projections",
        "Projections",
        "cswork.tui.screens.projections",
        "ProjectionsScreen",
        short_label="Proj.",
    ),
    ScreenMode(
        "demand",
        "Demand & performance",
        "cswork.tui.screens.demand",
        "DemandScreen",
        short_label="Demand",
    ),
    ScreenMode("imports", "Imports", "cswork.tui.screens.imports", "ImportsScreen"),
    ScreenMode("money", "Money", "cswork.tui.screens.money", "MoneyScreen", short_label="£"),
)


def screen_factories() -> dict[str, Callable[[], Screen[None]]]:
    """Each mode's screen factory, for the app's ``MODES``."""
    return {screen.mode: screen.make for screen in SCREENS}
