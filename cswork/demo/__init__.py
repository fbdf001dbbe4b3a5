"""A deterministic synthetic authority for demonstrations and tests.

About 300 LA-employed social workers in ten teams, academy cohorts twice a year since July 2018, agency
cover, vacancies, monthly caseloads for five years, monthly demand with a surge year, and eight
performance indicators with targets over the same five years. The same seed
and as-at date give an identical database. References are generated (``E10001``, ``AG10234``): there
are no names or other personal values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.demo.activity import caseload_rows, demand_rows
from cswork.demo.authority import FIRST_COHORT_MONTH, FIRST_COHORT_YEAR, TEAMS
from cswork.demo.census import census_details
from cswork.demo.money import (
    convert_some_agency,
    demo_caps,
    mark_project_team,
    planned_sizes,
    some_under_three_years,
)
from cswork.demo.performance import INDICATORS, indicator_rows
from cswork.demo.workforce import simulate_workforce
from cswork.model.settings import Settings
from cswork.model.workforce import Contract, add_months
from cswork.store import Database

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


def generate_demo(db: Database, *, seed: int, as_at: date) -> DemoStats:
    """Fill an empty, migrated database with the demo authority, in one transaction."""
    if db.execute("SELECT COUNT(*) FROM role_spells").fetchone()[0]:
        raise ValueError("the demo authority needs an empty database")
    rng = np.random.default_rng(seed)
    start = min(add_months(as_at, -HISTORY_MONTHS), date(FIRST_COHORT_YEAR, FIRST_COHORT_MONTH, 1))
    surge_year = as_at.year - 3
    settings = Settings()
    money = np.random.default_rng([seed, 2])  # charges, caps, conversions, no-shows
    workforce = simulate_workforce(rng, start, as_at, surge_year, money)
    convert_some_agency(workforce, as_at, money)
    cases = list(caseload_rows(rng, workforce, HISTORY_MONTHS, as_at, surge_year, settings))
    mark_project_team(workforce, as_at)
    some_under_three_years(workforce, as_at, money)
    offered = planned_sizes(workforce.cohorts, as_at, money)

    with db.atomic():
        team_ids = {}
        for plan in TEAMS:
            cursor = db.execute(
                "INSERT INTO teams (name, service_area, is_academy) VALUES (?, ?, ?)",
                (plan.name, plan.service_area, int(plan.is_academy)),
            )
            team_ids[plan.name] = cursor.lastrowid
        cohort_ids = {}
        for cohort in workforce.cohorts:
            cursor = db.execute(
                "INSERT INTO cohorts (name, start_date, planned_size) VALUES (?, ?, ?)",
                (cohort.name, cohort.start.isoformat(), offered[cohort.name]),
            )
            cohort_ids[cohort.name] = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO workers (id, employee_ref, qualified_date, cohort_id) VALUES (?, ?, ?, ?)",
            [
                (i + 1, w.ref, w.qualified.isoformat(), cohort_ids.get(w.cohort or ""))
                for i, w in enumerate(workforce.workers)
            ],
        )
        details = census_details(seed, len(workforce.workers))
        db.conn.executemany(
            "UPDATE workers SET swe_number = ? WHERE id = ?",
            [(swe, i + 1) for i, (swe, _, _) in enumerate(details)],
        )
        db.conn.executemany(
            "INSERT INTO census_worker_details (worker_id, qual_inst, qual_level) VALUES (?, ?, ?)",
            [(i + 1, json.dumps([inst]), level) for i, (_, inst, level) in enumerate(details)],
        )
        db.conn.executemany(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date, "
            "end_date, leaving_reason, leaver_destination, agency_supplier, agency_hourly_charge, "
            "covering_vacancy, agency_job_type, weekly_hours, project_team) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.worker + 1,
                    team_ids[s.team],
                    s.org_role,
                    s.contract.value,
                    s.fte,
                    s.start.isoformat(),
                    s.end.isoformat() if s.end else None,
                    s.reason.value if s.reason else None,
                    s.destination.value if s.destination else None,
                    s.supplier,
                    s.hourly_charge,
                    None if s.covering is None else int(s.covering),
                    s.job_type,
                    s.weekly_hours,
                    int(s.project_team) if s.contract is Contract.AGENCY else None,
                )
                for s in sorted(workforce.spells, key=lambda s: (s.start, s.worker))
            ],
        )
        db.conn.executemany(
            "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
            "VALUES (?, ?, ?, ?)",
            [(team_ids[t], r, f, since.isoformat()) for t, r, f, since in workforce.establishment],
        )
        db.conn.executemany(
            "INSERT INTO price_caps (job_type, hourly_cap, effective_from) VALUES (?, ?, ?)",
            [
                (cap.job_type.value, cap.hourly_cap, cap.effective_from.isoformat())
                for cap in demo_caps(as_at)
            ],
        )
        db.conn.executemany(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES (?, ?, ?, ?)",
            [(w + 1, on, t, n) for w, on, t, n in cases],
        )
        db.conn.executemany(
            "INSERT INTO demand (month, measure, value) VALUES (?, ?, ?)",
            list(demand_rows(rng, start, as_at, surge_year)),
        )
        _write_indicators(
            db,
            indicator_rows(
                # A stream of its own, so that adding indicators left the rest of the demo unchanged.
                np.random.default_rng([seed, 1]),
                workforce,
                cases,
                HISTORY_MONTHS,
                as_at,
                surge_year,
            ),
        )
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [
                ("authority.name", json.dumps(AUTHORITY_NAME)),
                ("authority.la_code", json.dumps(AUTHORITY_CODE)),
            ],
        )
    return DemoStats(
        teams=len(TEAMS),
        workers=len(workforce.workers),
        spells=len(workforce.spells),
        caseload_rows=len(cases),
        first=start,
        as_at=as_at,
    )


def _write_indicators(db: Database, rows: Iterable[tuple[str, str, float, float]]) -> None:
    """The demo's indicator definitions and their monthly values."""
    ids = {}
    for indicator in INDICATORS:
        cursor = db.execute(
            "INSERT INTO indicators (code, definition, direction, unit) VALUES (?, ?, ?, ?)",
            (indicator.code, indicator.definition, indicator.direction, indicator.unit),
        )
        ids[indicator.code] = cursor.lastrowid
    db.conn.executemany(
        "INSERT INTO indicator_values (indicator_id, period, value, target) VALUES (?, ?, ?, ?)",
        [(ids[code], period, value, target) for code, period, value, target in rows],
    )
