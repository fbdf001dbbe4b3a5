"""The Overview: headline tiles with last month's change, England beside ours, 24-month trends, alerts.

Every tile is a figure from :func:`cswork.model.position.workforce_position` (or the pressure model)
at month ends over the last 24 months, the last point being the as-at date itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from cswork.model.position import Figures, workforce_position
from cswork.model.pressure import WorkerPressure, worker_pressures
from cswork.reference import EnglandFigures, latest_england
from cswork.services.history import StoreHistory, load_history, month_ends
from cswork.store import Database

TREND_MONTHS = 24


@dataclass(frozen=True, slots=True)
class Tile:
    """One headline figure: its value now, last month's, its trend, and England's if comparable."""

    key: str
    label: str
    unit: str  # "fte", "pct", "cases" or "count"
    trend: tuple[float | None, ...]
    england: float | None = None
    note: str = ""  # context where England's figure is not comparable (headcount, funded FTE)

    @property
    def value(self) -> float | None:
        """The figure at the as-at date."""
        return self.trend[-1]

    @property
    def change(self) -> float | None:
        """Change since the previous month end, if both are known."""
        if len(self.trend) < 2 or self.trend[-1] is None or self.trend[-2] is None:
            return None
        return self.trend[-1] - self.trend[-2]


@dataclass(frozen=True, slots=True)
class Alert:
    """Something a workforce lead should look at today."""

    kind: str  # "asye", "team", "agency"
    message: str


@dataclass(frozen=True, slots=True)
class Overview:
    """What the Overview screen shows."""

    as_at: date
    months: tuple[date, ...]
    tiles: tuple[Tile, ...]
    alerts: tuple[Alert, ...]
    england: EnglandFigures


_FIGURES: tuple[tuple[str, str, str, Callable[[Figures], float | None]], ...] = (
    ("in_post", "In post (FTE)", "fte", lambda f: f.in_post_fte),
    ("agency", "Agency (FTE)", "fte", lambda f: f.agency_fte),
    ("vacancies", "Vacancies (FTE)", "fte", lambda f: f.vacancy_fte),
    ("vacancy_rate", "Vacancy rate", "pct", lambda f: f.vacancy_rate),
    ("agency_rate", "Agency rate", "pct", lambda f: f.agency_rate),
    ("turnover_rate", "Turnover rate", "pct", lambda f: f.turnover_rate),
    ("caseload", "Average caseload", "cases", lambda f: f.caseload),
)


def _england_for(key: str, england: EnglandFigures) -> float | None:
    comparable = {
        "vacancy_rate": england.vacancy_rate,
        "agency_rate": england.agency_rate,
        "turnover_rate": england.turnover_rate,
        "caseload": england.caseload,
    }
    return comparable.get(key)


def _pressures(history: StoreHistory, day: date) -> list[WorkerPressure]:
    return worker_pressures(
        history.spells,
        history.counts.latest_on_or_before(day),
        day,
        history.settings,
        history.team_targets,
        history.cohort_starts,
    )


def team_utilisation(pressures: Sequence[WorkerPressure]) -> dict[str, float]:
    """Each team's weighted caseload over its capacity (a fraction), for teams with capacity."""
    weighted: dict[str, float] = defaultdict(float)
    capacity: dict[str, float] = defaultdict(float)
    for pressure in pressures:
        weighted[pressure.team] += pressure.weighted_caseload
        capacity[pressure.team] += pressure.capacity
    return {team: weighted[team] / capacity[team] for team in sorted(capacity) if capacity[team]}


def overview_alerts(
    pressures: Sequence[WorkerPressure], figures: Figures, history: StoreHistory
) -> list[Alert]:
    """ASYE protection breaches, teams over the utilisation alert, agency rate over its alert."""
    settings = history.settings
    protected = settings.number("nqsw_protected_cases")
    alerts = [
        Alert(
            "asye",
            f"NQSW {p.worker_ref} ({p.team}, ASYE month {(p.asye_month or 0) + 1}): "
            f"{p.cases} cases, protected to {protected:g}",
        )
        for p in pressures
        if p.in_asye and p.cases > protected
    ]
    limit = settings.number("team_utilisation_alert")
    alerts += [
        Alert("team", f"{team} at {utilisation * 100:.0f}% utilisation, above {limit:g}%")
        for team, utilisation in team_utilisation(pressures).items()
        if utilisation * 100 > limit
    ]
    agency_limit = settings.number("agency_rate_alert")
    rate = figures.agency_rate
    if rate is not None and rate > agency_limit:
        alerts.append(
            Alert("agency", f"Agency rate {rate:.1f}%, above the {agency_limit:g}% alert")
        )
    return alerts


def build_overview(db: Database, as_at: date, months: int = TREND_MONTHS) -> Overview:
    """Compute the Overview from the store as at ``as_at``."""
    history = load_history(db, as_at)
    england = latest_england()
    days = month_ends(as_at, months)
    positions = [
        workforce_position(
            history.spells, history.establishment, history.counts.latest_on_or_before(day), day
        )
        for day in days
    ]
    pressures = [_pressures(history, day) for day in days]
    now = positions[-1].total
    notes = {
        "in_post": f"{now.in_post_headcount} workers",
        "agency": f"{now.agency_headcount} workers",
        "vacancies": f"of {now.establishment_fte:,.1f} funded",
    }
    tiles = [
        Tile(
            key,
            label,
            unit,
            tuple(pick(p.total) for p in positions),
            _england_for(key, england),
            notes.get(key, ""),
        )
        for key, label, unit, pick in _FIGURES
    ]
    measured = sum(1 for w in pressures[-1] if w.utilisation is not None and w.cases > 0)
    tiles.append(
        Tile(
            "over_capacity",
            "Over capacity",
            "count",
            tuple(float(sum(1 for w in month if w.over_capacity)) for month in pressures),
            note=f"of {measured} holders",
        )
    )
    return Overview(
        as_at=as_at,
        months=tuple(days),
        tiles=tuple(tiles),
        alerts=tuple(overview_alerts(pressures[-1], positions[-1].total, history)),
        england=england,
    )
