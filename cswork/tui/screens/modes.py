"""Which screen shows each mode named in the tab bar (:data:`cswork.tui.widgets.nav.SCREENS`).

Screens are imported when first shown, so the app starts without loading the importers or the
cohort model until someone opens the Imports or Academy screen.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from textual.screen import Screen

_SCREEN_CLASSES: dict[str, tuple[str, str]] = {
    "overview": ("cswork.tui.screens.overview", "OverviewScreen"),
    "staff": ("cswork.tui.screens.staff", "StaffScreen"),
    "pressure": ("cswork.tui.screens.pressure", "PressureScreen"),
    "academy": ("cswork.tui.screens.academy", "AcademyScreen"),
    "projections": ("cswork.tui.screens.projections", "ProjectionsScreen"),
    "demand": ("cswork.tui.screens.demand", "DemandScreen"),
    "imports": ("cswork.tui.screens.imports", "ImportsScreen"),
}


def _factory(module: str, name: str) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        screen_class: type[Screen[None]] = getattr(import_module(module), name)
        return screen_class()

    return make


SCREEN_MODES: dict[str, Callable[[], Screen[None]]] = {
    mode: _factory(module, name) for mode, (module, name) in _SCREEN_CLASSES.items()
}
