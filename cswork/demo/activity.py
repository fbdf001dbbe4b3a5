"""Demo demand (monthly measures with a surge year) and caseload counts that follow it."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.demo.authority import DEMAND_BASE, STOCK_MEASURES, SURGE_SENSITIVITY, TEAMS
from cswork.demo.workforce import DemoSpell, Workforce
from cswork.model.months import add_months, completed_months, month_end
from cswork.model.settings import Settings
from cswork.model.workforce import CASE_HOLDING_ROLES

_SEASON = (1.02, 1.04, 1.06, 1.03, 1.02, 1.0, 0.98, 0.86, 0.97, 1.04, 1.03, 0.95)


def surge_index(month: date, surge_year: int | None) -> float:
    """How far above normal demand runs: a rise through the surge year, easing over the next (0
    throughout without a surge)."""
    if surge_year is None:
        return 0.0
    months_in = (month.year - surge_year) * 12 + month.month - 1
    if months_in < 0:
        return 0.0
    if months_in < 6:
        return 0.9 * months_in / 6
    if months_in < 12:
        return 0.9
    return 0.85 * math.exp(-(months_in - 12) / 10) + 0.05


def demand_rows(
    rng: np.random.Generator, start: date, as_at: date, surge_year: int | None
) -> Iterator[tuple[str, str, float]]:
    """(month, measure, value) for every month from ``start`` to ``as_at``."""
    month = start.replace(day=1)
    index = 0
    while month <= as_at:
        trend = 1.0 + 0.02 * index / 12
        surge = surge_index(month, surge_year)
        for measure, base in DEMAND_BASE.items():
            level = base * trend * (1 + SURGE_SENSITIVITY[measure] * surge)
            if measure in STOCK_MEASURES:
                value = level * float(rng.normal(1.0, 0.015))
            else:
                value = float(rng.poisson(level * _SEASON[month.month - 1]))
            yield month.strftime("%Y-%m"), measure, float(round(max(value, 0.0)))
        month = add_months(month, 1)
        index += 1


@dataclass(frozen=True, slots=True)
class _CaseHolder:
    worker: int
    team: str
    capacity: float


def caseload_rows(
    rng: np.random.Generator,
    workforce: Workforce,
    months: int,
    as_at: date,
    surge_year: int | None,
    settings: Settings,
) -> Iterator[tuple[int, str, str, int]]:
    """(worker index, as_at, case type, cases) at each month end in the last ``months`` months,
    and at ``as_at`` itself. Each worker's load wanders around their team's, so some run over."""
    plans = {plan.name: plan for plan in TEAMS}
    weights = settings.weights
    cohort_start = {c.name: c.start for c in workforce.cohorts}
    persistent = rng.lognormal(0.0, 0.14, size=len(workforce.workers))
    dates = [
        month_end(d.year, d.month) for d in (add_months(as_at, -k) for k in range(months, 0, -1))
    ]
    dates = [d for d in dates if d < as_at] + [as_at]
    for on in dates:
        surge = surge_index(on, surge_year)
        for holder in _case_holders(workforce, on, cohort_start, settings):
            plan = plans[holder.team]
            load = 0.9 * plan.load * (1 + 0.25 * surge) * persistent[holder.worker]
            load *= float(rng.lognormal(0.0, 0.08))
            weighted = holder.capacity * load
            per_case = sum(share * weights[t] for t, share in plan.case_mix.items())
            total = int(rng.poisson(max(weighted / per_case, 0.0)))
            if total == 0:
                continue
            types = list(plan.case_mix)
            split = rng.multinomial(total, [plan.case_mix[t] for t in types])
            for case_type, cases in zip(types, split, strict=True):
                if cases:
                    yield holder.worker, on.isoformat(), case_type, int(cases)


def _case_holders(
    workforce: Workforce, on: date, cohort_start: dict[str, date], settings: Settings
) -> Iterator[_CaseHolder]:
    seen: set[int] = set()
    for spell in workforce.spells:
        if (
            spell.worker in seen
            or not _in_post(spell, on)
            or spell.org_role not in CASE_HOLDING_ROLES
        ):
            continue
        if spell.team not in {p.name for p in TEAMS if p.case_mix}:
            continue
        seen.add(spell.worker)
        worker = workforce.workers[spell.worker]
        factor = 1.0
        if worker.cohort and worker.cohort in cohort_start:
            month = completed_months(cohort_start[worker.cohort], on)
            if 0 <= month < settings.asye_months:
                factor = settings.nqsw_factor(month)
        if spell.org_role == 4:
            factor *= 0.85
        yield _CaseHolder(spell.worker, spell.team, spell.fte * settings.target_caseload * factor)


def _in_post(spell: DemoSpell, on: date) -> bool:
    return spell.start <= on and (spell.end is None or spell.end >= on)
