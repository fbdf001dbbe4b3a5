"""The Caseload pressure view: team × band matrix, workers over capacity, NQSW check, team trends.

Built on :func:`cswork.model.pressure.worker_pressures` as at the date, and at the previous month ends
for each team's utilisation trend.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from cswork.model.pressure import BANDS, Band, WorkerPressure, worker_pressures
from cswork.services.history import StoreHistory, load_history, month_ends
from cswork.services.overview import team_utilisation
from cswork.store import Database

TREND_MONTHS = 12


@dataclass(frozen=True, slots=True)
class TeamPressure:
    """One team's workers by band, its utilisation now and over the last months."""

    team: str
    bands: dict[Band, int]
    unmeasurable: int
    utilisation: float | None
    trend: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class NqswCheck:
    """An NQSW in the ASYE against the protected caseload."""

    pressure: WorkerPressure
    limit: float

    @property
    def breached(self) -> bool:
        """Holds more cases than the protected caseload allows."""
        return self.pressure.cases > self.limit


@dataclass(frozen=True, slots=True)
class CaseloadPressure:
    """What the Caseload pressure screen shows."""

    as_at: date
    teams: tuple[TeamPressure, ...]
    over_capacity: tuple[WorkerPressure, ...]
    nqsw: tuple[NqswCheck, ...]
    months: tuple[date, ...]


def _pressures(history: StoreHistory, day: date) -> list[WorkerPressure]:
    return worker_pressures(
        history.spells,
        history.counts.latest_on_or_before(day),
        day,
        history.settings,
        history.team_targets,
        history.cohort_starts,
    )


def build_caseload_pressure(
    db: Database, as_at: date, months: int = TREND_MONTHS
) -> CaseloadPressure:
    """Compute the pressure view from the store as at ``as_at``."""
    history = load_history(db, as_at)
    days = month_ends(as_at, months)
    monthly = [team_utilisation(_pressures(history, day)) for day in days[:-1]]
    now = _pressures(history, as_at)
    monthly.append(team_utilisation(now))
    teams = sorted({p.team for p in now})
    bands = {team: Counter(p.band for p in now if p.team == team and p.band) for team in teams}
    limit = history.settings.number("nqsw_protected_cases")
    return CaseloadPressure(
        as_at=as_at,
        teams=tuple(
            TeamPressure(
                team=team,
                bands={band: bands[team].get(band, 0) for band in BANDS},
                unmeasurable=sum(1 for p in now if p.team == team and p.unmeasurable),
                utilisation=monthly[-1].get(team),
                trend=tuple(month.get(team) for month in monthly),
            )
            for team in teams
        ),
        over_capacity=tuple(
            sorted(
                (p for p in now if p.over_capacity),
                key=lambda p: (-(p.utilisation or 0), p.worker_ref),
            )
        ),
        nqsw=tuple(NqswCheck(p, limit) for p in now if p.in_asye),
        months=tuple(days),
    )
