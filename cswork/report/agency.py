"""Agency and cost from what the store holds: agency workers in post, their FTE, the vacancies they
cover and their hourly charges, by team.

This is the one place the report's "Agency and cost" section reads; money figures (spend, premium,
caps) join here when the store holds them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cswork.model.workforce import RoleSpell
from cswork.services.database import Database
from cswork.services.settings import load_settings
from cswork.services.staff import load_role_spells

#: Weeks in a year, to annualise a weekly charge.
WEEKS_A_YEAR = 52


@dataclass(frozen=True, slots=True)
class AgencyGroup:
    """Agency workers in post in one team (or the whole authority) on a date."""

    name: str
    headcount: int
    fte: float
    covering_vacancy_fte: float
    charged_fte: float  # FTE of the placements with an hourly charge recorded
    weekly_charge: float  # Σ hourly charge × FTE × standard hours, placements with a charge
    lowest_charge: float | None
    highest_charge: float | None
    standard_hours: float

    @property
    def average_charge(self) -> float | None:
        """The FTE-weighted average hourly charge, where charges are recorded."""
        if self.charged_fte <= 0:
            return None
        return self.weekly_charge / (self.charged_fte * self.standard_hours)

    @property
    def annual_charge(self) -> float:
        """The weekly charge over a year, if the placements in post ran all year."""
        return self.weekly_charge * WEEKS_A_YEAR


@dataclass(frozen=True, slots=True)
class AgencyPosition:
    """The agency position as at a date: each team, then the total; the hours a week used."""

    as_at: date
    standard_hours: float
    teams: tuple[AgencyGroup, ...]
    total: AgencyGroup

    @property
    def held(self) -> bool:
        """Whether any agency worker is in post."""
        return self.total.headcount > 0


def _group(name: str, spells: list[RoleSpell], hours: float) -> AgencyGroup:
    charged = [s for s in spells if s.hourly_charge is not None]
    charges = [s.hourly_charge for s in charged if s.hourly_charge is not None]
    return AgencyGroup(
        name=name,
        headcount=len({s.worker_ref for s in spells}),
        fte=sum(s.fte for s in spells),
        covering_vacancy_fte=sum(s.fte for s in spells if s.covering_vacancy),
        charged_fte=sum(s.fte for s in charged),
        weekly_charge=sum((s.hourly_charge or 0.0) * s.fte * hours for s in charged),
        lowest_charge=min(charges, default=None),
        highest_charge=max(charges, default=None),
        standard_hours=hours,
    )


def agency_position(db: Database, as_at: date, total_name: str = "All teams") -> AgencyPosition:
    """Agency workers in post at ``as_at``, by team, with their charges."""
    hours = load_settings(db).standard_hours
    agency = [
        s for s in load_role_spells(db, started_by=as_at) if not s.la_employed and s.in_post(as_at)
    ]
    by_team: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in agency:
        by_team[spell.team].append(spell)
    teams = tuple(_group(team, by_team[team], hours) for team in sorted(by_team))
    return AgencyPosition(as_at, hours, teams, _group(total_name, agency, hours))
