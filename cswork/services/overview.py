"""The Overview: headline tiles with last month's change, England beside ours, 24-month trends, alerts.

Every tile is a figure of :func:`cswork.model.position.workforce_position` (or the pressure model)
at month ends over the last 24 months, the last point being the as-at date itself, worked out for
all the months at once in columns by :class:`cswork.model.month_ends.MonthEnds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

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
from cswork.model.workforce import RoleSpell
from cswork.reference import EnglandFigures, england_as_at, no_england_figure
from cswork.services.monthly_history import load_month_ends, load_monthly_history, month_ends
from cswork.store import Database
from cswork.store.money import load_price_caps

if TYPE_CHECKING:
    from cswork.model.month_ends import MonthEnds

TREND_MONTHS = 24
#: Up to this many role spells, the first figures (two month ends) are worked out record by record
#: (:func:`overview_by_records`): for the demo's 1,200 spells that takes 0.02 s, where the columns
#: need numpy, whose import alone takes 0.1 s. Larger authorities are worked out in columns.
RECORDS_UP_TO = 3_000


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
    nqsws: Sequence[WorkerPressure],
    team_utilisation: Mapping[str, float | None],
    figures: Figures,
    settings: Settings,
) -> list[Alert]:
    """NQSW protection breaches (``nqsws``: the workers in their ASYE, or all), teams over the
    utilisation alert (``team_utilisation``: by team, in the order to list them), agency rate over
    its alert."""
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
        for name, utilisation in team_utilisation.items()
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
    from cswork.model.month_ends import annualised_spends

    days = month_ends(as_at, months)
    positions = [ends.position(day).total for day in days]
    pressures = [ends.pressure(day, by_team=day == as_at) for day in days]
    settings = ends.settings
    agency = ends.agency_spells(days)
    return _assemble(
        db,
        as_at,
        days,
        positions,
        [p.over_capacity for p in pressures],
        pressures[-1].measured,
        annualised_spends(agency, days, settings.standard_hours),
        agency,
        settings.standard_hours,
        overview_alerts(
            ends.worker_pressures(as_at, pressures[-1].in_asye),
            pressures[-1].team_utilisation,
            positions[-1],
            settings,
        ),
    )


def overview_by_records(db: Database, as_at: date, months: int = TREND_MONTHS) -> Overview:
    """The Overview as at ``as_at`` worked out record by record, a workforce position and a
    worker-by-worker pressure at each month end (:func:`overview_of`'s figures to the bit; for a
    few months of a small authority, where it is quicker than importing numpy for the columns)."""
    days = month_ends(as_at, months)
    history = load_monthly_history(db, days)
    settings = history.settings
    positions = [
        workforce_position(
            history.spells, history.establishment, history.counts.latest_on_or_before(day), day
        ).total
        for day in days
    ]
    calculator = PressureCalculator(
        history.spells, settings, history.team_targets, history.cohort_starts
    )
    pressures = [calculator.at(day, history.counts.latest_on_or_before(day)) for day in days]
    now = pressures[-1]
    hours = settings.standard_hours
    return _assemble(
        db,
        as_at,
        days,
        positions,
        [sum(1 for w in month if w.over_capacity) for month in pressures],
        sum(1 for w in now if w.utilisation is not None and w.cases > 0),
        [annualised_spend(history.spells, day, hours) for day in days],
        history.spells,
        hours,
        overview_alerts(
            now, {team.name: team.utilisation for team in by_team(now)}, positions[-1], settings
        ),
    )


def has_few_spells(db: Database) -> bool:
    """Whether the store holds few enough role spells for :func:`overview_by_records`."""
    from cswork.store.staff import spell_count

    return spell_count(db) <= RECORDS_UP_TO


def _assemble(
    db: Database,
    as_at: date,
    days: Sequence[date],
    positions: Sequence[Figures],
    over_capacity: Sequence[int],
    measured: int,
    spends: Sequence[float],
    agency: Sequence[RoleSpell],
    hours: float,
    alerts: list[Alert],
) -> Overview:
    """The Overview from its figures at each of ``days``: positions, workers over capacity,
    agency spend; ``measured``, the case holders with a capacity on the last; ``agency``, spells
    that include every agency spell in post on the days, charged for ``hours`` a week;
    ``alerts``, all but the agency ones."""
    england = england_as_at(as_at)
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
    caps = load_price_caps(db)
    over = over_cap(agency, caps, as_at, hours)
    young = under_three_years_pqe(agency, as_at)
    tiles.append(
        Tile(
            "agency_spend",
            "Agency spend (a year)",
            "money",
            tuple(spends),
            note=f"{over.count:,} over cap" if caps else "no price caps held",
            short_label="Agency £ a year",
        )
    )
    tiles.append(
        Tile(
            "over_capacity",
            "Over capacity",
            "count",
            tuple(float(n) for n in over_capacity),
            note=f"of {measured:,} holders",
        )
    )
    return Overview(
        as_at=as_at,
        months=tuple(days),
        tiles=tuple(tiles),
        alerts=tuple(alerts + agency_alerts(over, young)),
        england=england,
    )
