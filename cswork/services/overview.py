"""The Overview: headline tiles with last month's change, England beside ours, 24-month trends, alerts.

Every tile is a figure of :func:`cswork.model.position.workforce_position` (or the pressure model)
at month ends over the last 24 months, the last point being the as-at date itself, worked out for
all the months at once in columns by :class:`cswork.model.month_ends.MonthEnds`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from cswork.model.money import AgencyWorker, CapCheck, over_cap, under_three_years_pqe
from cswork.model.month_ends import MonthEnds, Pressure, annualised_spends
from cswork.model.position import Figures
from cswork.model.pressure import WorkerPressure
from cswork.model.protection import Breach, NqswCheck, nqsw_checks
from cswork.model.settings import Settings
from cswork.reference import EnglandFigures, england_as_at, no_england_figure
from cswork.services.monthly_history import load_month_ends, month_ends
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
    nqsws: Sequence[WorkerPressure], pressure: Pressure, figures: Figures, settings: Settings
) -> list[Alert]:
    """NQSW protection breaches (``nqsws``: the workers in their ASYE), teams over the
    utilisation alert, agency rate over its alert."""
    alerts = [
        Alert(
            "asye",
            f"NQSW {check.worker.worker_ref} ({check.worker.team}, ASYE month "
            f"{(check.worker.asye_month or 0) + 1}): {breach_text(check)}",
        )
        for check in nqsw_checks(nqsws, settings)
        if check.breached
    ]
    limit = settings.number("team_utilisation_alert")
    alerts += [
        Alert("team", f"{name} at {utilisation * 100:.0f}% utilisation, above {limit:g}%")
        for name, utilisation in pressure.team_utilisation.items()
        if utilisation is not None and utilisation * 100 > limit
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
    return overview_of(load_month_ends(db, month_ends(as_at, months)), db, as_at, months)


def overview_of(ends: MonthEnds, db: Database, as_at: date, months: int = TREND_MONTHS) -> Overview:
    """The Overview as at ``as_at`` from what :func:`load_month_ends` loaded for its months."""
    days = month_ends(as_at, months)
    england = england_as_at(as_at)
    positions = [ends.position(day).total for day in days]
    pressures = [ends.pressure(day, by_team=day == as_at) for day in days]
    now = positions[-1]
    notes = {
        "in_post": f"{now.in_post_headcount:,} workers",
        "agency": f"{now.agency_headcount:,} workers",
        "vacancies": f"of {now.establishment_fte:,.1f} funded",
    }
    tiles = [
        Tile(
            key,
            label,
            unit,
            tuple(pick(p) for p in positions),
            _england_for(key, england),
            notes.get(key, "") or (no_england_figure(as_at) if key in ENGLAND_COMPARABLE else ""),
            short_note="no England figure" if key in ENGLAND_COMPARABLE else "",
        )
        for key, label, unit, pick in TILE_FIGURES
    ]
    settings = ends.settings
    hours = settings.standard_hours
    caps = load_price_caps(db)
    agency = ends.agency_spells(days)
    over = over_cap(agency, caps, as_at, hours)
    young = under_three_years_pqe(agency, as_at)
    tiles.append(
        Tile(
            "agency_spend",
            "Agency spend (a year)",
            "money",
            tuple(annualised_spends(agency, days, hours)),
            note=f"{over.count:,} over cap" if caps else "no price caps held",
            short_label="Agency £ a year",
        )
    )
    tiles.append(
        Tile(
            "over_capacity",
            "Over capacity",
            "count",
            tuple(float(p.over_capacity) for p in pressures),
            note=f"of {pressures[-1].measured:,} holders",
        )
    )
    nqsws = ends.worker_pressures(as_at, pressures[-1].in_asye)
    return Overview(
        as_at=as_at,
        months=tuple(days),
        tiles=tuple(tiles),
        alerts=tuple(
            overview_alerts(nqsws, pressures[-1], now, settings) + agency_alerts(over, young)
        ),
        england=england,
    )
