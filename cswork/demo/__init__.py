"""A deterministic synthetic authority for demonstrations and tests.

About 300 LA-employed social workers in ten teams, academy cohorts twice a year since July 2018, agency
cover, vacancies, monthly caseloads for five years, monthly demand with a surge year, eight
performance indicators with targets over the same five years, and two years of children's
allocations to workers, kept only as continuity counts. The same seed
and as-at date give an identical database. References are generated (``E10001``, ``AG10234``): there
are no names or other personal values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.demo.activity import caseload_rows, demand_rows
from cswork.demo.allocations import demo_continuity
from cswork.demo.authority import FIRST_COHORT_MONTH, FIRST_COHORT_YEAR, TEAMS
from cswork.demo.census import census_details
from cswork.demo.money import (
    demo_caps,
    mark_project_team,
    some_under_three_years,
)
from cswork.demo.performance import INDICATORS, indicator_rows
from cswork.demo.pipeline import (
    convert_some_hires,
    demo_absence,
    demo_routes,
    planned_sizes,
)
from cswork.demo.shapes import SHAPES, HistoryShape
from cswork.demo.workforce import simulate_workforce
from cswork.model.months import add_months
from cswork.model.settings import Settings
from cswork.model.workforce import Contract
from cswork.store import Database
from cswork.store.demo import IndicatorRow, TeamRow, WorkerRow, write_demo
from cswork.store.staff import has_workforce

HISTORY_MONTHS = 60
AUTHORITY_NAME = "Demoshire County Council"
AUTHORITY_CODE = "999"


@dataclass(frozen=True, slots=True)
class DemoStats:
    """What was generated."""

    teams: int
    workers: int
    spells: int
    caseload_rows: int
    first: date
    as_at: date


def timeline(as_at: date, shape: HistoryShape) -> tuple[date, int | None]:
    """The demo's first simulated month and its surge year (``None`` for a shape without one)."""
    start = min(add_months(as_at, -HISTORY_MONTHS), date(FIRST_COHORT_YEAR, FIRST_COHORT_MONTH, 1))
    return start, as_at.year - 3 if shape.surge else None


def generate_demo(db: Database, *, seed: int, as_at: date, history: str = "surge") -> DemoStats:
    """Fill an empty, migrated database with the demo authority, in one transaction; ``history``
    is one of :data:`cswork.demo.shapes.SHAPES`."""
    if history not in SHAPES:
        raise ValueError(f"unknown demo history {history!r}; known: {', '.join(SHAPES)}")
    shape = SHAPES[history]
    if has_workforce(db):
        raise ValueError("the demo authority needs an empty database")
    rng = np.random.default_rng(seed)
    start, surge_year = timeline(as_at, shape)
    settings = Settings()
    money = np.random.default_rng([seed, 2])  # charges, caps, PQE, no-shows
    workforce = simulate_workforce(rng, start, as_at, surge_year, shape, money)
    details = census_details(seed, len(workforce.workers))
    cases = list(caseload_rows(rng, workforce, HISTORY_MONTHS, as_at, surge_year, settings))
    mark_project_team(workforce, as_at)
    some_under_three_years(workforce, as_at, money)
    demand = list(demand_rows(rng, start, as_at, surge_year))
    # A stream of its own, so that the allocation history leaves the rest of the demo unchanged.
    continuity = demo_continuity(np.random.default_rng([seed, 20]), workforce, cases, as_at)
    indicator_values = indicator_rows(
        # A stream of its own, so that adding indicators left the rest of the demo unchanged.
        np.random.default_rng([seed, 1]),
        workforce,
        cases,
        HISTORY_MONTHS,
        as_at,
        surge_year,
    )
    pipeline = np.random.default_rng([seed, 22])  # conversions, no-shows, routes
    convert_some_hires(workforce, as_at, pipeline)
    offered = planned_sizes(workforce.cohorts, as_at, pipeline)
    routes = demo_routes(workforce, as_at, pipeline)
    absences, long_term = demo_absence(workforce, as_at, np.random.default_rng([seed, 21]))
    write_demo(
        db,
        teams=[TeamRow(plan.name, plan.service_area, plan.is_academy) for plan in TEAMS],
        cohorts=[(cohort.name, cohort.start, offered[cohort.name]) for cohort in workforce.cohorts],
        workers=[
            WorkerRow(w.ref, w.qualified, w.cohort, swe, inst, level)
            for w, (swe, inst, level) in zip(workforce.workers, details, strict=True)
        ],
        spells=[
            (
                s.worker,
                s.team,
                s.org_role,
                s.contract.value,
                s.fte,
                s.start,
                s.end,
                s.reason.value if s.reason else None,
                s.destination.value if s.destination else None,
                s.supplier,
                s.hourly_charge,
                s.covering,
                s.job_type,
                s.weekly_hours,
                s.project_team if s.contract is Contract.AGENCY else None,
            )
            for s in sorted(workforce.spells, key=lambda s: (s.start, s.worker))
        ],
        establishment=workforce.establishment,
        caseloads=cases,
        demand=demand,
        indicators=[IndicatorRow(i.code, i.definition, i.direction, i.unit) for i in INDICATORS],
        indicator_values=indicator_values,
        settings={"authority.name": AUTHORITY_NAME, "authority.la_code": AUTHORITY_CODE},
        price_caps=[(c.job_type.value, c.hourly_cap, c.effective_from) for c in demo_caps(as_at)],
        continuity=continuity,
        routes=routes,
        absences=absences,
        long_term_absences=long_term,
    )
    return DemoStats(
        teams=len(TEAMS),
        workers=len(workforce.workers),
        spells=len(workforce.spells),
        caseload_rows=len(cases),
        first=start,
        as_at=as_at,
    )
