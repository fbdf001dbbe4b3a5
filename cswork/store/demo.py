"""Writing the synthetic demo authority: rows the demo generator made, into an empty database.

The generator (:mod:`cswork.demo`) decides every value; this module only knows the tables. Teams and
cohorts are referred to by name and workers by their position in ``workers`` (0-based), and are
given their database ids here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cswork.model.continuity import TeamContinuity
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.derived import bump_history_version


@dataclass(frozen=True, slots=True)
class TeamRow:
    """A team: name, service area, and whether it is the academy."""

    name: str
    service_area: str
    is_academy: bool


@dataclass(frozen=True, slots=True)
class WorkerRow:
    """A worker: reference, qualified date, cohort name, SWE number and census qualification."""

    ref: str
    qualified: date
    cohort: str | None
    swe_number: str
    qual_inst: str
    qual_level: int


#: A role spell: worker (position), team name, org role, contract, FTE, start, end, leaving reason,
#: leaver destination, agency supplier, hourly charge, covering a vacancy, core job type, weekly
#: hours, project team.
SpellRow = tuple[
    int, str, int, str, float, date, date | None, str | None, str | None, str | None,
    float | None, bool | None, str | None, float | None, bool | None,
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator's definition."""

    code: str
    definition: str
    direction: str
    unit: str | None


def write_demo(
    db: sqlite_utils.Database,
    *,
    teams: Sequence[TeamRow],
    cohorts: Iterable[tuple[str, date, int]],
    workers: Sequence[WorkerRow],
    spells: Iterable[SpellRow],
    establishment: Iterable[tuple[str, int, float, date]],
    caseloads: Iterable[tuple[int, str, str, int]],
    demand: Iterable[tuple[str, str, float]],
    indicators: Iterable[IndicatorRow],
    indicator_values: Iterable[tuple[str, str, float, float]],
    settings: dict[str, object],
    price_caps: Iterable[tuple[str, float, date]] = (),
    routes: Iterable[tuple[int, date, str]] = (),
    absences: Iterable[tuple[int, date, date, float, str]] = (),
    long_term_absences: Iterable[tuple[int, date, date | None, str]] = (),
    continuity: Iterable[TeamContinuity] = (),
) -> None:
    """Write the demo authority in one transaction (the caller checked the database is empty).

    ``cohorts``: name, start, planned size; ``establishment``: team, org role, funded FTE, from;
    ``caseloads``: worker, as-at (ISO), case type, cases; ``demand``: month, measure, value;
    ``indicator_values``: code, period, value, target; ``settings``: key to JSON-ready value;
    ``price_caps``: core job type, hourly cap, effective from; ``continuity``: counts by team
    and month end; ``routes``: worker, start of the spell, recruitment route; ``absences``:
    worker, period start and end, working days lost, reason; ``long_term_absences``: worker,
    first day, last day (``None``: still absent), reason.
    """
    with db.atomic():
        bump_history_version(db)
        team_ids = {}
        for team in teams:
            cursor = db.execute(
                "INSERT INTO teams (name, service_area, is_academy) VALUES (?, ?, ?)",
                (team.name, team.service_area, int(team.is_academy)),
            )
            team_ids[team.name] = cursor.lastrowid
        cohort_ids = {}
        for name, start, size in cohorts:
            cursor = db.execute(
                "INSERT INTO cohorts (name, start_date, planned_size) VALUES (?, ?, ?)",
                (name, start.isoformat(), size),
            )
            cohort_ids[name] = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO workers (id, employee_ref, qualified_date, cohort_id) VALUES (?, ?, ?, ?)",
            [
                (i + 1, w.ref, w.qualified.isoformat(), cohort_ids.get(w.cohort or ""))
                for i, w in enumerate(workers)
            ],
        )
        db.conn.executemany(
            "UPDATE workers SET swe_number = ? WHERE id = ?",
            [(w.swe_number, i + 1) for i, w in enumerate(workers)],
        )
        db.conn.executemany(
            "INSERT INTO census_worker_details (worker_id, qual_inst, qual_level) VALUES (?, ?, ?)",
            [(i + 1, json.dumps([w.qual_inst]), w.qual_level) for i, w in enumerate(workers)],
        )
        db.conn.executemany(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date, "
            "end_date, leaving_reason, leaver_destination, agency_supplier, agency_hourly_charge, "
            "covering_vacancy, agency_job_type, weekly_hours, project_team) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    worker + 1,
                    team_ids[team],
                    role,
                    contract,
                    fte,
                    start.isoformat(),
                    end.isoformat() if end else None,
                    reason,
                    destination,
                    supplier,
                    charge,
                    None if covering is None else int(covering),
                    job_type,
                    hours,
                    None if project is None else int(project),
                )
                for (
                    worker, team, role, contract, fte, start, end, reason, destination, supplier,
                    charge, covering, job_type, hours, project,
                ) in spells
            ],
        )  # fmt: skip
        db.conn.executemany(
            "UPDATE role_spells SET recruitment_route = ? WHERE worker_id = ? AND start_date = ?",
            [(route, worker + 1, start.isoformat()) for worker, start, route in routes],
        )
        db.conn.executemany(
            "INSERT INTO absences (worker_id, period_start, period_end, working_days_lost, "
            "reason) VALUES (?, ?, ?, ?, ?)",
            [(w + 1, a.isoformat(), b.isoformat(), days, why) for w, a, b, days, why in absences],
        )
        db.conn.executemany(
            "INSERT INTO long_term_absences (worker_id, absent_from, absent_to, reason) "
            "VALUES (?, ?, ?, ?)",
            [
                (w + 1, a.isoformat(), b.isoformat() if b else None, why)
                for w, a, b, why in long_term_absences
            ],
        )
        db.conn.executemany(
            "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
            "VALUES (?, ?, ?, ?)",
            [(team_ids[t], r, f, since.isoformat()) for t, r, f, since in establishment],
        )
        db.conn.executemany(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES (?, ?, ?, ?)",
            [(w + 1, on, t, n) for w, on, t, n in caseloads],
        )
        db.conn.executemany("INSERT INTO demand (month, measure, value) VALUES (?, ?, ?)", demand)
        db.conn.executemany(
            "INSERT INTO continuity (team_id, month_end, one_worker, two_workers, three_workers, "
            "four_plus_workers, worker_left, worker_left_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (team_ids[c.team], c.month_end.isoformat(), *c.by_workers, c.worker_left,
                 c.worker_left_month)
                for c in continuity
            ],
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO price_caps (job_type, hourly_cap, effective_from) VALUES (?, ?, ?)",
            [(job_type, cap, since.isoformat()) for job_type, cap, since in price_caps],
        )
        ids = {}
        for indicator in indicators:
            cursor = db.execute(
                "INSERT INTO indicators (code, definition, direction, unit) VALUES (?, ?, ?, ?)",
                (indicator.code, indicator.definition, indicator.direction, indicator.unit),
            )
            ids[indicator.code] = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO indicator_values (indicator_id, period, value, target) "
            "VALUES (?, ?, ?, ?)",
            [
                (ids[code], period, value, target)
                for code, period, value, target in indicator_values
            ],
        )
        db.conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(key, json.dumps(value)) for key, value in settings.items()],
        )
