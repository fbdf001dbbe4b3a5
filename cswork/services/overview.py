"""The Overview: headline tiles with last month's change, England beside ours, 24-month trends, alerts.

Every tile is a figure from :func:`cswork.model.position.workforce_position` (or the pressure model)
at month ends over the last 24 months, the last point being the as-at date itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from cswork.model.money import (
    AgencyWorker,
    CapCheck,
    annualised_spend,
    over_cap,
    under_three_years_pqe,
)
from cswork.model.position import Figures, workforce_position
from cswork.model.pressure import PressureCalculator, WorkerPressure
from cswork.model.protection import Breach, NqswCheck, nqsw_checks
from cswork.model.settings import Settings
from cswork.model.team_pressure import by_team
from cswork.reference import EnglandFigures, england_as_at, no_england_figure
from cswork.services.monthly_history import load_monthly_history, month_ends
from cswork.store import Database
from cswork.store.money import load_price_caps

TREND_MONTHS = 24


@dataclass(frozen=True, slots=True)
class Tile:
    """One headline figure: its value now, last month's, its trend, and England's if comparable."""

    key: str
    label: str
    unit: str  # "fte", "pct", "cases", "count" or "money"
    trend: tuple[float | None, ...]
    england: float | None = None
    note: str = ""  # context where England's figure is not comparable (headcount, funded FTE)
    short_label: str = ""  # for a narrow tile, when the label does not fit
    short_note: str = ""  # for a narrow tile, when the note does not fit

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
    england: EnglandFigures | None  # None: no England figure for the date's census year

    @property
    def england_note(self) -> str:
        """Which England figures are beside ours: "England 2025", or that none is held."""
        if self.england is None:
            note = no_england_figure(self.as_at)
            return note[:1].upper() + note[1:]
        return f"England {self.england.year} beside ours"


TILE_FIGURES: tuple[tuple[str, str, str, Callable[[Figures], float | None]], ...] = (
    ("in_post", "In post (FTE)", "fte", lambda f: f.in_post_fte),
    ("agency", "Agency (FTE)", "fte", lambda f: f.agency_fte),
    ("vacancies", "Vacancies (FTE)", "fte", lambda f: f.vacancy_fte),
    ("vacancy_rate", "Vacancy rate", "pct", lambda f: f.vacancy_rate),
    ("agency_rate", "Agency rate", "pct", lambda f: f.agency_rate),
    ("turnover_rate", "Turnover rate", "pct", lambda f: f.turnover_rate),
    ("caseload", "Average caseload", "cases", lambda f: f.caseload),
)


#: Tiles with an England figure to compare with.
ENGLAND_COMPARABLE = frozenset({"vacancy_rate", "agency_rate", "turnover_rate", "caseload"})


def _england_for(key: str, england: EnglandFigures | None) -> float | None:
    if england is None:
        return None
    comparable = {
        "vacancy_rate": england.vacancy_rate,
        "agency_rate": england.agency_rate,
        "turnover_rate": england.turnover_rate,
        "caseload": england.caseload,
    }
    return comparable.get(key)


def breach_text(check: NqswCheck) -> str:
    """How an NQSW's protection is breached, with the cases against the limit where that is one."""
    return ", ".join(
        f"{breach.label} ({check.worker.cases} > {check.case_limit})"
        if breach is Breach.OVER_CASE_LIMIT
        else breach.label
        for breach in check.breaches
    )


def overview_alerts(
    pressures: Sequence[WorkerPressure], figures: Figures, settings: Settings
) -> list[Alert]:
    """NQSW protection breaches, teams over the utilisation alert, agency rate over its alert."""
    alerts = [
        Alert(
            "asye",
            f"NQSW {check.worker.worker_ref} ({check.worker.team}, ASYE month "
            f"{(check.worker.asye_month or 0) + 1}): {breach_text(check)}",
        )
        for check in nqsw_checks(pressures, settings)
        if check.breached
    ]
    limit = settings.number("team_utilisation_alert")
    alerts += [
        Alert("team", f"{team.name} at {team.utilisation * 100:.0f}% utilisation, above {limit:g}%")
        for team in by_team(pressures)
        if team.utilisation is not None and team.utilisation * 100 > limit
    ]
    agency_limit = settings.number("agency_rate_alert")
    rate = figures.agency_rate
    if rate is not None and rate > agency_limit:
        alerts.append(
            Alert("agency", f"Agency rate {rate:.1f}%, above the {agency_limit:g}% alert")
        )
    return alerts


def agency_alerts(over: CapCheck, young: Sequence[AgencyWorker]) -> list[Alert]:
    """Agency assignments charged over the price cap, and agency workers under three years' PQE."""
    alerts = []
    if over.count:
        alerts.append(
            Alert(
                "agency",
                f"{over.count} agency assignment{'s' if over.count != 1 else ''} over the price "
                f"cap, £{over.excess_year:,.0f} a year over (needs DCS and chief executive "
                "sign-off)",
            )
        )
    if young:
        refs = ", ".join(w.worker_ref for w in young[:5]) + (" …" if len(young) > 5 else "")
        alerts.append(
            Alert(
                "agency",
                f"{len(young)} agency worker{'s' if len(young) != 1 else ''} under three years' "
                f"post-qualifying experience: {refs}",
            )
        )
    return alerts


def build_overview(db: Database, as_at: date, months: int = TREND_MONTHS) -> Overview:
    """Compute the Overview from the store as at ``as_at``."""
    days = month_ends(as_at, months)
    history = load_monthly_history(db, days)
    england = england_as_at(as_at)
    positions = [
        workforce_position(
            history.spells, history.establishment, history.counts.latest_on_or_before(day), day
        )
        for day in days
    ]
    calculator = PressureCalculator(
        history.spells, history.settings, history.team_targets, history.cohort_starts
    )
    pressures = [calculator.at(day, history.counts.latest_on_or_before(day)) for day in days]
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
            notes.get(key, "") or (no_england_figure(as_at) if key in ENGLAND_COMPARABLE else ""),
            short_note="no England figure" if key in ENGLAND_COMPARABLE else "",
        )
        for key, label, unit, pick in TILE_FIGURES
    ]
    hours = history.settings.standard_hours
    caps = load_price_caps(db)
    over = over_cap(history.spells, caps, as_at, hours)
    young = under_three_years_pqe(history.spells, as_at)
    tiles.append(
        Tile(
            "agency_spend",
            "Agency spend (a year)",
            "money",
            tuple(annualised_spend(history.spells, day, hours) for day in days),
            note=f"{over.count} over cap" if caps else "no price caps held",
            short_label="Agency £ a year",
        )
    )
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
        alerts=tuple(
            overview_alerts(pressures[-1], now, history.settings) + agency_alerts(over, young)
        ),
        england=england,
    )
