"""Which screen class shows each mode named in the tab bar (:data:`cswork.tui.widgets.nav.SCREENS`)."""

from __future__ import annotations

from textual.screen import Screen

from cswork.tui.screens.academy import AcademyScreen
from cswork.tui.screens.demand import DemandScreen
from cswork.tui.screens.imports import ImportsScreen
from cswork.tui.screens.overview import OverviewScreen
from cswork.tui.screens.pressure import PressureScreen
from cswork.tui.screens.projections import ProjectionsScreen
from cswork.tui.screens.staff import StaffScreen

SCREEN_MODES: dict[str, type[Screen[None]]] = {
    "overview": OverviewScreen,
    "staff": StaffScreen,
    "pressure": PressureScreen,
    "academy": AcademyScreen,
    "projections": ProjectionsScreen,
    "demand": DemandScreen,
    "imports": ImportsScreen,
}
