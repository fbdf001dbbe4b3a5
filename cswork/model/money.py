"""Money and the agency rules: agency spend, premium over permanent cost, cost of vacancies, regional
price caps, the three-years' PQE rule, project teams and long assignments (see docs/design.md, "Money
and the agency rules").

An agency assignment costs its hourly charge × its weekly hours a week (weekly hours from the import,
else FTE × the standard hours). Spend over a period is the weekly cost × the days of the period the
assignment was in post ÷ 7; "a year" figures are the run rate on a day: the weekly cost of the
assignments in post × 52. The premium of an assignment is its cost less the cost of the same FTE as
permanent staff in the same OrgRole (the annual permanent cost ÷ 52 a week). Periods follow the
council's financial year, which starts on 1 April.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from cswork.model.months import add_months, completed_months
from cswork.model.workforce import RoleSpell

#: Weeks in a year, for run rates (as the projection engine uses).
WEEKS_PER_YEAR = 52.0
#: The statutory minimum post-qualifying experience of an agency social worker, in months.
MIN_AGENCY_PQE_MONTHS = 36
#: Assignments running longer than this many months are listed.
LONG_ASSIGNMENT_MONTHS = 12
#: Agency spells of one worker with gaps of at most this many days are one assignment.
ASSIGNMENT_GAP_DAYS = 7
#: The month the financial year starts.
FINANCIAL_YEAR_MONTH = 4


class JobType(StrEnum):
    """The core job types price caps are set against (DfE agency data and price cap guidance)."""

    SOCIAL_WORKER = "social_worker"
    SENIOR_SOCIAL_WORKER = "senior_social_worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner"
    TEAM_MANAGER = "team_manager"
    IRO_CP_CHAIR = "iro_cp_chair"

    @property
    def label(self) -> str:
        """The job type as the guidance words it."""
        return JOB_TYPE_LABELS[self]


JOB_TYPE_LABELS: dict[JobType, str] = {
    JobType.SOCIAL_WORKER: "Social worker",
    JobType.SENIOR_SOCIAL_WORKER: "Senior social worker",
    JobType.ADVANCED_PRACTITIONER: "Advanced practitioner",
    JobType.TEAM_MANAGER: "Team manager",
    JobType.IRO_CP_CHAIR: "IRO or CP conference chair",
}

#: The OrgRole a job type most often holds (for extracts that give only the job type).
JOB_TYPE_ROLES: dict[JobType, int] = {
    JobType.SOCIAL_WORKER: 5,
    JobType.SENIOR_SOCIAL_WORKER: 4,
    JobType.ADVANCED_PRACTITIONER: 4,
    JobType.TEAM_MANAGER: 3,
    JobType.IRO_CP_CHAIR: 6,
}


@dataclass(frozen=True, slots=True, order=True)
class PriceCap:
    """The most a region pays an hour for a core job type, from ``effective_from`` until the day
    before the next cap for the type (or until ``effective_to``, inclusive, if given)."""

    job_type: JobType
    effective_from: date
    hourly_cap: float
    effective_to: date | None = None


def cap_in_force(caps: Iterable[PriceCap], job_type: JobType, on: date) -> PriceCap | None:
    """The cap for ``job_type`` on ``on``: the latest starting on or before it, unless it ended."""
    latest = max(
        (c for c in caps if c.job_type is job_type and c.effective_from <= on),
        key=lambda c: c.effective_from,
        default=None,
    )
    if latest is None or (latest.effective_to is not None and latest.effective_to < on):
        return None
    return latest


def overlapping(caps: Sequence[PriceCap]) -> tuple[PriceCap, PriceCap] | None:
    """The first pair of caps for the same job type whose dates overlap, or ``None``.

    Caps starting the same day overlap; so does a cap whose ``effective_to`` reaches the next one's
    start.
    """
    by_type: dict[JobType, list[PriceCap]] = defaultdict(list)
    for cap in caps:
        by_type[cap.job_type].append(cap)
    for listed in by_type.values():
        ordered = sorted(listed, key=lambda c: c.effective_from)
        for first, second in pairwise(ordered):
            if first.effective_from == second.effective_from or (
                first.effective_to is not None and first.effective_to >= second.effective_from
            ):
                return first, second
    return None


# -- costs of one assignment ---------------------------------------------------------------------


def weekly_hours(spell: RoleSpell, standard_hours: float) -> float:
    """Hours a week the assignment is charged for."""
    return spell.weekly_hours if spell.weekly_hours is not None else spell.fte * standard_hours


def charged_fte(spell: RoleSpell, standard_hours: float) -> float:
    """The assignment's FTE as its charged hours ÷ the standard hours."""
    return weekly_hours(spell, standard_hours) / standard_hours


def weekly_charge(spell: RoleSpell, standard_hours: float) -> float:
    """Charge a week (0 when no hourly charge is recorded)."""
    return (spell.hourly_charge or 0.0) * weekly_hours(spell, standard_hours)


def permanent_weekly_cost(
    spell: RoleSpell, permanent_cost: Mapping[int, float], standard_hours: float
) -> float:
    """What the same FTE would cost a week as permanent staff in the same OrgRole."""
    return permanent_cost[spell.org_role] * charged_fte(spell, standard_hours) / WEEKS_PER_YEAR


def weekly_premium(
    spell: RoleSpell, permanent_cost: Mapping[int, float], standard_hours: float
) -> float:
    """The assignment's charge a week less the permanent cost of its FTE (0 without a charge)."""
    if spell.hourly_charge is None:
        return 0.0
    return weekly_charge(spell, standard_hours) - permanent_weekly_cost(
        spell, permanent_cost, standard_hours
    )


def days_in(spell: RoleSpell, start: date, end: date) -> int:
    """Days of ``start``..``end`` (inclusive) the spell covers."""
    first = max(spell.start, start)
    last = end if spell.end is None else min(spell.end, end)
    return max((last - first).days + 1, 0)


# -- periods ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Periods:
    """The periods money is reported for, each ending on ``as_at``."""

    as_at: date
    month_start: date
    quarter_start: date
    year_start: date


def periods(as_at: date) -> Periods:
    """Month, financial quarter and financial year to ``as_at`` (the year starts on 1 April)."""
    months_into_year = (as_at.month - FINANCIAL_YEAR_MONTH) % 12
    year_start = add_months(as_at.replace(day=1), -months_into_year)
    quarter_start = add_months(year_start, 3 * (months_into_year // 3))
    return Periods(as_at, as_at.replace(day=1), quarter_start, year_start)


# -- totals over many assignments ------------------------------------------------------------------


def agency_spells(spells: Iterable[RoleSpell]) -> list[RoleSpell]:
    """The agency spells among ``spells``."""
    return [s for s in spells if not s.la_employed]


def period_total(
    spells: Iterable[RoleSpell], start: date, end: date, weekly: Callable[[RoleSpell], float]
) -> float:
    """Σ ``weekly``(spell) × days in ``start``..``end`` ÷ 7 over the agency spells."""
    return sum(weekly(s) * days_in(s, start, end) / 7.0 for s in agency_spells(spells))


def spend(spells: Iterable[RoleSpell], start: date, end: date, standard_hours: float) -> float:
    """Agency spend from ``start`` to ``end``, both inclusive."""
    return period_total(spells, start, end, lambda s: weekly_charge(s, standard_hours))


def in_post_agency(spells: Iterable[RoleSpell], on: date) -> list[RoleSpell]:
    """Agency spells in post on ``on``."""
    return [s for s in agency_spells(spells) if s.in_post(on)]


def annualised_spend(spells: Iterable[RoleSpell], on: date, standard_hours: float) -> float:
    """The run rate: the weekly charge of the assignments in post on ``on`` × 52."""
    weekly = sum(weekly_charge(s, standard_hours) for s in in_post_agency(spells, on))
    return weekly * WEEKS_PER_YEAR


def annualised_premium(
    spells: Iterable[RoleSpell],
    on: date,
    permanent_cost: Mapping[int, float],
    standard_hours: float,
    *,
    covering_only: bool = False,
) -> float:
    """The premium a year at the run rate on ``on`` (only of vacancy cover if ``covering_only``)."""
    return WEEKS_PER_YEAR * sum(
        weekly_premium(s, permanent_cost, standard_hours)
        for s in in_post_agency(spells, on)
        if s.covering_vacancy or not covering_only
    )


def vacancy_cost(
    spells: Iterable[RoleSpell],
    on: date,
    permanent_cost: Mapping[int, float],
    standard_hours: float,
) -> float:
    """The cost of vacancies a year: the premium paid for agency workers covering vacant posts."""
    return annualised_premium(spells, on, permanent_cost, standard_hours, covering_only=True)


# -- the agency rules ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CapBreach:
    """An assignment charged above the price cap for its core job type."""

    worker_ref: str
    team: str
    job_type: JobType
    hourly_charge: float
    hourly_cap: float
    fte: float
    excess_week: float

    @property
    def excess_year(self) -> float:
        """The excess at the run rate for a year."""
        return self.excess_week * WEEKS_PER_YEAR


@dataclass(frozen=True, slots=True)
class CapCheck:
    """Assignments in post checked against the caps: those over, and those that could not be
    checked (no charge, no core job type, or no cap for the type)."""

    breaches: tuple[CapBreach, ...]
    checked: int
    unchecked: int

    @property
    def count(self) -> int:
        """Assignments over cap."""
        return len(self.breaches)

    @property
    def fte(self) -> float:
        """FTE of the assignments over cap."""
        return sum(b.fte for b in self.breaches)

    @property
    def excess_week(self) -> float:
        """Charges above cap a week."""
        return sum(b.excess_week for b in self.breaches)

    @property
    def excess_year(self) -> float:
        """Charges above cap a year at the run rate."""
        return self.excess_week * WEEKS_PER_YEAR


def _job_type(spell: RoleSpell) -> JobType | None:
    try:
        return JobType(spell.job_type) if spell.job_type else None
    except ValueError:
        return None


def over_cap(
    spells: Iterable[RoleSpell], caps: Sequence[PriceCap], on: date, standard_hours: float
) -> CapCheck:
    """Assignments in post on ``on`` whose hourly charge is above the cap then in force."""
    breaches: list[CapBreach] = []
    checked = unchecked = 0
    for spell in in_post_agency(spells, on):
        job_type = _job_type(spell)
        cap = cap_in_force(caps, job_type, on) if job_type is not None else None
        if cap is None or spell.hourly_charge is None or job_type is None:
            unchecked += 1
            continue
        checked += 1
        if spell.hourly_charge > cap.hourly_cap:
            hours = weekly_hours(spell, standard_hours)
            breaches.append(
                CapBreach(
                    worker_ref=spell.worker_ref,
                    team=spell.team,
                    job_type=job_type,
                    hourly_charge=spell.hourly_charge,
                    hourly_cap=cap.hourly_cap,
                    fte=spell.fte,
                    excess_week=(spell.hourly_charge - cap.hourly_cap) * hours,
                )
            )
    breaches.sort(key=lambda b: (-b.excess_week, b.worker_ref))
    return CapCheck(tuple(breaches), checked, unchecked)


@dataclass(frozen=True, slots=True)
class AgencyWorker:
    """An agency worker named by reference (never by name) in a compliance list."""

    worker_ref: str
    team: str
    since: date
    pqe_months: int | None = None
    supplier: str | None = None

    def months_on(self, on: date) -> int:
        """Whole months of the assignment up to ``on``."""
        return completed_months(self.since, on)


def _assignment_starts(spells: Sequence[RoleSpell]) -> dict[str, date]:
    """When each worker's current run of agency spells began (gaps of a week or less join)."""
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in agency_spells(spells):
        by_worker[spell.worker_ref].append(spell)
    starts: dict[str, date] = {}
    for ref, listed in by_worker.items():
        ordered = sorted(listed, key=lambda s: s.start)
        began, reach = ordered[0].start, ordered[0].end
        for spell in ordered[1:]:
            if reach is not None and spell.start > reach + timedelta(days=ASSIGNMENT_GAP_DAYS):
                began = spell.start
            reach = None if reach is None or spell.end is None else max(reach, spell.end)
        starts[ref] = began
    return starts


def _listed(
    spells: Sequence[RoleSpell], on: date, keep: Callable[[RoleSpell], bool]
) -> list[AgencyWorker]:
    starts = _assignment_starts(spells)
    seen: dict[str, AgencyWorker] = {}
    for spell in sorted(in_post_agency(spells, on), key=lambda s: (-s.fte, s.start)):
        if spell.worker_ref in seen or not keep(spell):
            continue
        pqe = completed_months(spell.qualified, on) if spell.qualified is not None else None
        seen[spell.worker_ref] = AgencyWorker(
            spell.worker_ref, spell.team, starts[spell.worker_ref], pqe, spell.agency_supplier
        )
    return sorted(seen.values(), key=lambda w: w.worker_ref)


def under_three_years_pqe(spells: Sequence[RoleSpell], on: date) -> list[AgencyWorker]:
    """Agency workers in post on ``on`` with under three years' post-qualifying experience."""
    return _listed(
        spells,
        on,
        lambda s: (
            s.qualified is not None and completed_months(s.qualified, on) < MIN_AGENCY_PQE_MONTHS
        ),
    )


def pqe_unknown(spells: Sequence[RoleSpell], on: date) -> list[AgencyWorker]:
    """Agency workers in post on ``on`` whose qualified date is not recorded (PQE unchecked)."""
    return _listed(spells, on, lambda s: s.qualified is None)


def project_team_assignments(spells: Sequence[RoleSpell], on: date) -> list[AgencyWorker]:
    """Agency workers in post on ``on`` engaged through a managed project team."""
    return _listed(spells, on, lambda s: s.project_team)


def long_assignments(
    spells: Sequence[RoleSpell], on: date, months: int = LONG_ASSIGNMENT_MONTHS
) -> list[AgencyWorker]:
    """Agency workers in post on ``on`` whose assignment has run more than ``months`` months."""
    starts = _assignment_starts(spells)
    longer = {ref for ref, since in starts.items() if add_months(since, months) < on}
    found = _listed(spells, on, lambda s: s.worker_ref in longer)
    return sorted(found, key=lambda w: (w.since, w.worker_ref))


# -- by team ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamSpend:
    """A team's agency use and cost: FTE in post on the day (as the census counts it), spend and
    premium a year at the run rate, and to date."""

    team: str
    agency_fte: float
    spend_year: float
    premium_year: float
    spend_to_date: float
    premium_to_date: float


def spend_by_team(
    spells: Sequence[RoleSpell],
    on: date,
    since: date,
    permanent_cost: Mapping[int, float],
    standard_hours: float,
) -> list[TeamSpend]:
    """Each team's agency figures on ``on`` (to date from ``since``), dearest first."""
    teams: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in agency_spells(spells):
        if days_in(spell, since, on) > 0:
            teams[spell.team].append(spell)
    lines = [
        TeamSpend(
            team=team,
            agency_fte=sum(s.fte for s in in_post_agency(listed, on)),
            spend_year=annualised_spend(listed, on, standard_hours),
            premium_year=annualised_premium(listed, on, permanent_cost, standard_hours),
            spend_to_date=spend(listed, since, on, standard_hours),
            premium_to_date=period_total(
                listed, since, on, lambda s: weekly_premium(s, permanent_cost, standard_hours)
            ),
        )
        for team, listed in teams.items()
    ]
    return sorted(lines, key=lambda line: (-line.spend_year, -line.spend_to_date, line.team))
