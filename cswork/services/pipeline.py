"""The pipeline as plain data: recruitment routes for ``cswork calibrate --json`` and the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cswork.model.agency_flow import AgencyFlow
from cswork.model.routes import RouteFigures


def _r4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def routes_json(routes: Sequence[RouteFigures]) -> list[dict[str, Any]]:
    """One object per route (``route`` ``null``: not recorded): starts a year, starters, leavers,
    person-years followed, the leaver rate and Kaplan–Meier retention with the numbers at risk."""
    return [
        {
            "route": figures.route.value if figures.route is not None else None,
            "label": figures.route.label if figures.route is not None else "Not recorded",
            "starts_per_year": round(figures.per_year, 2),
            "starters": figures.starters,
            "recent_starters": figures.recent_starters,
            "leavers": figures.leavers,
            "exposure_years": round(figures.exposure_years, 2),
            "leaver_rate": _r4(figures.leaver_rate),
            "retention": [
                {
                    "months": p.months,
                    "retention": _r4(p.retention),
                    "at_risk": p.at_risk,
                    "left": p.left,
                    "censored": p.censored,
                }
                for p in figures.retention
            ],
        }
        for figures in routes
    ]


def agency_flow_json(flow: AgencyFlow | None) -> dict[str, Any] | None:
    """Leavers over the window, those with a known destination, those who went to agency work, and
    the share (of the known)."""
    if flow is None:
        return None
    return {
        "since": flow.since.isoformat(),
        "until": flow.until.isoformat(),
        "leavers": flow.leavers,
        "known_destination": flow.known,
        "to_agency": flow.to_agency,
        "share": _r4(flow.share),
    }
