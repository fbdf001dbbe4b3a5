"""Month-by-month simulation of the demo authority's workforce: starters, leavers, academy intakes,
ASYE completion, promotions and agency cover, producing role spells with realistic gaps."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count

import numpy as np

from cswork.demo.authority import (
    ACADEMY,
    AGENCY_SUPPLIERS,
    FIRST_COHORT_MONTH,
    FIRST_COHORT_YEAR,
    FIXED_COHORTS,
    FRONTLINE,
    TEAMS,
)
from cswork.demo.shapes import SHAPES, HistoryShape
from cswork.model.months import add_months, completed_months, month_end
from cswork.model.workforce import Contract, LeaverDestination, LeavingReason

_REASONS = list(LeavingReason)[:9]
_REASON_P = np.array([0.70, 0.02, 0.01, 0.03, 0.08, 0.005, 0.055, 0.06, 0.04])
_DESTINATIONS = list(LeaverDestination)[:8]
_DESTINATION_P = np.array([0.33, 0.03, 0.20, 0.10, 0.07, 0.10, 0.05, 0.12])


@dataclass(slots=True)
class DemoWorker:
    """A generated person: a reference, a qualifying date and perhaps an academy cohort."""

    ref: str
    qualified: date
    cohort: str | None = None
    agency: bool = False


@dataclass(slots=True)
class DemoSpell:
    """A generated role spell (mutable while the simulation runs)."""

    worker: int
    team: str
    org_role: int
    contract: Contract
    fte: float
    start: date
    end: date | None = None
    reason: LeavingReason | None = None
    destination: LeaverDestination | None = None
    supplier: str | None = None
    hourly_charge: float | None = None
    covering: bool | None = None
    job_type: str | None = None
    weekly_hours: float | None = None
    project_team: bool = False


@dataclass(frozen=True, slots=True)
class DemoCohort:
    """An academy intake (past, or planned when ``start`` is after the as-at date)."""

    name: str
    start: date
    size: int


@dataclass(slots=True)
class Workforce:
    """What the simulation produces."""

    workers: list[DemoWorker] = field(default_factory=list)
    spells: list[DemoSpell] = field(default_factory=list)
    cohorts: list[DemoCohort] = field(default_factory=list)
    establishment: list[tuple[str, int, float, date]] = field(default_factory=list)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _intake_months() -> Iterator[tuple[int, int]]:
    """The academy timetable: July and September 2018 to start, then every January and July."""
    yield from ((FIRST_COHORT_YEAR, FIRST_COHORT_MONTH), (FIRST_COHORT_YEAR, 9))
    for year in count(FIRST_COHORT_YEAR + 1):
        yield from ((year, 1), (year, 7))


def academy_cohorts(
    rng: np.random.Generator, as_at: date, planned_ahead: int = 2
) -> list[DemoCohort]:
    """Every intake from July 2018 to ``as_at``, plus ``planned_ahead`` planned ones.

    Intakes start on a Monday: late January, early July or early September. With the autumn 2018
    intake, Cohort 7 is the January 2021 one (12 starters on 25 January 2021, as in FIXED_COHORTS).
    """
    cohorts: list[DemoCohort] = []
    planned = 0
    for number, (year, month) in enumerate(_intake_months(), start=1):
        if planned >= planned_ahead:
            break
        start = _monday_on_or_after(date(year, month, 22 if month == 1 else 3))
        size = int(rng.integers(6, 15))
        if number in FIXED_COHORTS:
            y, m, d, size = FIXED_COHORTS[number]
            start = date(y, m, d)
        cohorts.append(DemoCohort(f"Cohort {number}", start, size))
        if start > as_at:
            planned += 1
    return cohorts


class Simulation:
    """The simulation's state; ``run`` steps it month by month (``step`` one month, which is how
    :mod:`cswork.demo.ceiling` runs it on from a copy)."""

    def __init__(
        self,
        rng: np.random.Generator,
        start: date,
        as_at: date,
        surge_year: int | None,
        shape: HistoryShape,
        money: np.random.Generator,
    ) -> None:
        self.rng = rng
        #: A stream of its own for charges and PQE, so the workforce is as it was before them.
        self.money = money
        self.start = start
        self.as_at = as_at
        self.surge_year = surge_year
        self.shape = shape
        self.out = Workforce()
        self.funded: dict[tuple[str, int], float] = {}
        self.open: list[int] = []  # indices of spells without an end
        #: Policy (the surge, the shape's leaving and hiring factors, the agency drive) stays as it
        #: was in this month from then on: a future without foresight (see cswork.demo.ceiling).
        self.frozen: date | None = None

    # -- people ------------------------------------------------------------------------------
    def _new_worker(self, qualified: date, cohort: str | None = None, agency: bool = False) -> int:
        prefix = "AG" if agency else "E"
        ref = f"{prefix}{len(self.out.workers) + 10001:05d}"
        self.out.workers.append(DemoWorker(ref, qualified, cohort, agency))
        return len(self.out.workers) - 1

    def _open_spell(self, spell: DemoSpell) -> None:
        self.out.spells.append(spell)
        self.open.append(len(self.out.spells) - 1)

    def _close(self, index: int, end: date, reason: LeavingReason | None = None) -> None:
        spell = self.out.spells[index]
        spell.end = max(end, spell.start)
        if reason is not None and spell.contract is not Contract.AGENCY:
            spell.reason = reason
            if reason is LeavingReason.RESIGNATION:
                spell.destination = _DESTINATIONS[
                    self.rng.choice(len(_DESTINATIONS), p=_DESTINATION_P)
                ]
            else:
                spell.destination = LeaverDestination.NOT_KNOWN
        self.open.remove(index)

    def _fte(self) -> float:
        return float(self.rng.choice([1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8, 0.6, 0.5]))

    def _day_in(self, month_start: date) -> date:
        last = month_end(month_start.year, month_start.month).day
        return month_start.replace(day=int(self.rng.integers(1, last + 1)))

    def _experienced_qualified(self, on: date, min_years: float = 1.0) -> date:
        years = min_years + float(self.rng.gamma(2.0, 3.5))
        return on - timedelta(days=int(years * 365.25))

    # -- state queries -------------------------------------------------------------------------
    def _la_fte(self, team: str, role: int) -> float:
        return sum(
            s.fte
            for i in self.open
            if (s := self.out.spells[i]).team == team
            and s.org_role == role
            and s.contract is not Contract.AGENCY
        )

    def _vacancy(self, team: str) -> float:
        return sum(
            max(0.0, funded - self._la_fte(t, role))
            for (t, role), funded in self.funded.items()
            if t == team
        )

    # -- setup ---------------------------------------------------------------------------------
    def establish(self) -> None:
        """Funded posts at the start, growth in the surge year, and a workforce that fills ~83 %."""
        surge_from = date(self.surge_year or 1, 4, 1)
        for plan in TEAMS:
            for role, fte in plan.funded.items():
                self.funded[(plan.name, role)] = fte
                self.out.establishment.append((plan.name, role, fte, self.start))
                if (
                    role == 5
                    and plan.surge_growth
                    and self.surge_year is not None
                    and surge_from <= self.as_at
                ):
                    self.out.establishment.append(
                        (plan.name, role, fte + plan.surge_growth, surge_from)
                    )
                if plan.is_academy:
                    continue
                fill = fte * float(self.rng.uniform(0.74, 0.86))
                while fill > 0.3:
                    self._seed_worker(plan.name, role, min(self._fte(), max(fill, 0.5)))
                    fill -= self.out.spells[-1].fte

    def _seed_worker(self, team: str, role: int, fte: float) -> None:
        tenure = float(self.rng.exponential(5.5))
        began = self.start - timedelta(days=int(tenure * 365.25) + 1)
        min_pqe = {1: 12, 2: 8, 3: 5, 4: 4}.get(role, 0.5)
        qualified = self._experienced_qualified(began, min_pqe - min(tenure, min_pqe))
        worker = self._new_worker(qualified)
        contract = Contract.FIXED_TERM if self.rng.random() < 0.06 else Contract.PERMANENT
        self._open_spell(DemoSpell(worker, team, role, contract, fte, began))

    # -- monthly flows -------------------------------------------------------------------------
    def _policy(self, month: date) -> date:
        """The month whose policy applies in ``month``: itself, unless policy is frozen."""
        return month if self.frozen is None or month < self.frozen else self.frozen

    def _annual_leaving_rate(self, spell: DemoSpell, on: date) -> float:
        worker = self.out.workers[spell.worker]
        pqe = completed_months(worker.qualified, on)
        on = self._policy(on)
        if spell.team == ACADEMY:
            rate = 0.08
        elif pqe < 36:
            rate = 0.21
        elif spell.org_role <= 3:
            rate = 0.10
        else:
            rate = 0.14
        if on.year == self.surge_year:
            rate *= 1.35
        return rate * self.shape.leaving(on, self.start, self.as_at)

    def leavers(self, month: date) -> None:
        for index in list(self.open):
            spell = self.out.spells[index]
            if spell.contract is Contract.AGENCY:
                continue
            hazard = 1 - math.exp(math.log(1 - self._annual_leaving_rate(spell, month)) / 12)
            if self.rng.random() < hazard:
                reason = _REASONS[self.rng.choice(len(_REASONS), p=_REASON_P)]
                on = self._day_in(month)
                if on <= self.as_at:
                    self._close(index, on, reason)

    def complete_asye(self, month: date) -> None:
        """NQSWs a year into the academy move to the frontline team with most vacancy."""
        for index in list(self.open):
            spell = self.out.spells[index]
            if spell.team != ACADEMY or spell.org_role != 5:
                continue
            if completed_months(spell.start, month_end(month.year, month.month)) < 12:
                continue
            move = add_months(spell.start, 12)
            if move > self.as_at:
                continue
            team = max(FRONTLINE, key=lambda t: (self._vacancy(t), t))
            self._close(index, move - timedelta(days=1))
            self._open_spell(DemoSpell(spell.worker, team, 5, Contract.PERMANENT, spell.fte, move))

    def promotions(self, month: date) -> None:
        for index in list(self.open):
            spell = self.out.spells[index]
            if spell.org_role != 5 or spell.contract is Contract.AGENCY or spell.team == ACADEMY:
                continue
            pqe = completed_months(self.out.workers[spell.worker].qualified, month)
            if pqe > 60 and self.rng.random() < 0.004:
                funded = self.funded.get((spell.team, 4), 0.0)
                if self._la_fte(spell.team, 4) + spell.fte <= funded + 0.2:
                    on = self._day_in(month)
                    self._close(index, on - timedelta(days=1))
                    self._open_spell(
                        DemoSpell(spell.worker, spell.team, 4, spell.contract, spell.fte, on)
                    )

    def intake(self, cohort: DemoCohort) -> None:
        for _ in range(cohort.size):
            qualified = cohort.start - timedelta(days=int(self.rng.integers(20, 150)))
            worker = self._new_worker(qualified, cohort=cohort.name)
            self._open_spell(DemoSpell(worker, ACADEMY, 5, Contract.PERMANENT, 1.0, cohort.start))

    def hires(self, month: date) -> None:
        for (team, role), funded in sorted(self.funded.items()):
            if team == ACADEMY and role == 5:
                continue
            gap = funded - self._la_fte(team, role)
            chance = 0.03 if role == 5 else 0.09
            policy = self._policy(month)
            if policy.year == self.surge_year:
                chance *= 0.6
            chance *= self.shape.hiring(policy, self.start, self.as_at)
            while gap >= 0.5 and self.rng.random() < chance * gap:
                on = self._day_in(month)
                if on > self.as_at:
                    break
                fte = min(self._fte(), gap)
                worker = self._new_worker(self._experienced_qualified(on, 1.5))
                contract = Contract.FIXED_TERM if self.rng.random() < 0.08 else Contract.PERMANENT
                self._open_spell(DemoSpell(worker, team, role, contract, round(fte, 2), on))
                gap -= fte

    def agency(self, month: date) -> None:
        """Agency placements end now and then; new ones cover ~85 % of each team's vacancy."""
        policy = self._policy(month)
        ending = self.shape.agency_end(policy, self.as_at)
        drive = self.shape.in_drive(policy, self.as_at)
        for index in list(self.open):
            spell = self.out.spells[index]
            if spell.contract is Contract.AGENCY and self.rng.random() < ending:
                on = self._day_in(month)
                if on <= self.as_at:
                    self._close(index, on)
                    if drive and on < self.as_at and self.rng.random() < 0.35:
                        self._convert(spell, on + timedelta(days=1))
        surge = 1.25 if policy.year == self.surge_year else 1.0
        for team in FRONTLINE:
            covering = sum(
                s.fte
                for i in self.open
                if (s := self.out.spells[i]).team == team and s.contract is Contract.AGENCY
            )
            wanted = self.shape.agency_share(policy, self.as_at) * surge * self._vacancy(team)
            while covering + 0.5 <= wanted:
                on = self._day_in(month)
                if on > self.as_at:
                    break
                self._start_agency(team, on, covering=self.rng.random() < 0.9)
                covering += 1.0

    def _convert(self, placement: DemoSpell, on: date) -> None:
        """The agency worker of ``placement`` takes a permanent post in the same team."""
        self.out.workers[placement.worker].agency = False
        self._open_spell(
            DemoSpell(placement.worker, placement.team, 5, Contract.PERMANENT, 1.0, on)
        )

    def _start_agency(self, team: str, on: date, covering: bool) -> None:
        # A few agency workers with under three years' PQE, as real lists contain (census check).
        young = self.rng.random() < 0.04
        qualified = self._experienced_qualified(on, 0.5 if young else 3.0)
        if young:
            qualified = on - timedelta(days=int(float(self.money.uniform(1.2, 2.8)) * 365.25))
        worker = self._new_worker(qualified, agency=True)
        role = 4 if self.rng.random() < 0.15 else 5
        job_type = "senior_social_worker" if role == 4 else "social_worker"
        supplier = str(self.rng.choice(AGENCY_SUPPLIERS))
        share = (float(self.rng.uniform(38, 56)) - 38) / 18
        low, cap = DEMO_CHARGES[job_type]
        charge = low + share * (cap - 0.5 - low)  # most assignments are under the cap ...
        if self.money.random() < 0.1:  # ... a few are over it, up to £55 an hour
            charge = float(self.money.uniform(cap + 0.5, 55.0))
        self._open_spell(
            DemoSpell(
                worker,
                team,
                role,
                Contract.AGENCY,
                1.0,
                on,
                supplier=supplier,
                hourly_charge=round(charge, 2),
                covering=covering,
                job_type=job_type,
                weekly_hours=37.0,
            )
        )

    def step(self, month: date, cohorts: list[DemoCohort]) -> None:
        """One month (``month`` its first day): funded posts, leavers, ASYEs, promotions, intakes,
        hires and agency cover, in that order."""
        policy = self._policy(month)
        if policy == month and month.year == self.surge_year and month.month == 4:
            for name, role, fte, since in self.out.establishment:
                if since == date(self.surge_year, 4, 1):
                    self.funded[(name, role)] = fte
        self.leavers(month)
        self.complete_asye(month)
        self.promotions(month)
        for cohort in cohorts:
            if cohort.start.replace(day=1) == month and cohort.start <= self.as_at:
                self.intake(cohort)
        self.hires(month)
        self.agency(month)

    def run(self, cohorts: list[DemoCohort]) -> Workforce:
        self.establish()
        month = self.start.replace(day=1)
        while month <= self.as_at:
            self.step(month, cohorts)
            month = add_months(month, 1)
        self.out.cohorts = cohorts
        return self.out


def simulate_workforce(
    rng: np.random.Generator,
    start: date,
    as_at: date,
    surge_year: int | None,
    shape: HistoryShape = SHAPES["surge"],
    money: np.random.Generator | None = None,
) -> Workforce:
    """Simulate the demo authority's workforce from ``start`` to ``as_at`` (``surge_year`` None:
    no surge); ``money`` draws the agency charges and the youngest agency workers' PQE (a stream
    of its own)."""
    cohorts = academy_cohorts(rng, as_at)
    extra = money if money is not None else np.random.default_rng(0)
    return Simulation(rng, start, as_at, surge_year, shape, extra).run(cohorts)


#: The lowest usual charge and the demo region's cap an hour, by core job type.
DEMO_CHARGES: dict[str, tuple[float, float]] = {
    "social_worker": (38.0, 48.0),
    "senior_social_worker": (41.0, 52.0),
}
