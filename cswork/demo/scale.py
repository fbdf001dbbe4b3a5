"""A regional-scale demo: the demo authority's workforce copied into N areas of one pooled authority.

``cswork demo --scale N`` writes the demo, then copies every team, worker, role spell, funded post,
census detail, caseload count and continuity count N − 1 more times, in SQL, in one transaction. The copies are areas
of one pooled authority: team "Assessment 1" gains "Assessment 1 (area 2)" … "(area N)", employee
ref ``E10001`` gains ``E10001-2`` …, and SWE numbers take a new two-letter prefix per area (``ZZ``,
``ZY``, … never ``SW``, so never a real Social Work England number). Academy cohorts are shared, so
their planned sizes and the monthly demand counts are multiplied by N: the pool's demand per worker
is the demo's. Indicators are rates and per-FTE figures, so they stay as they are. The same seed,
date and N give an identical database; N = 1 is the demo itself.
"""

from __future__ import annotations

from cswork.store import Database
from cswork.store.derived import bump_history_version

#: More areas than this would run out of SWE-number prefixes that stay clear of ``SW``.
MAX_SCALE = 100


def swe_prefix(area: int) -> str:
    """The two letters that start area ``area``'s SWE numbers (area 1: ``ZZ``, 2: ``ZY``, …)."""
    step = area - 1
    return chr(ord("Z") - step // 26) + chr(ord("Z") - step % 26)


def scale_demo(db: Database, scale: int) -> None:
    """Copy the demo authority in ``db`` into ``scale`` areas in all (see the module docstring)."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"the scale must be from 1 to {MAX_SCALE}, not {scale}")
    if scale == 1:
        return
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS area_teams (old INTEGER, new INTEGER)")
    with db.atomic():
        bump_history_version(db)
        teams = conn.execute("SELECT id FROM teams ORDER BY id").fetchall()
        workers = conn.execute("SELECT MAX(id) FROM workers").fetchone()[0]
        for area in range(2, scale + 1):
            offset = workers * (area - 1)
            team_map = {}
            for (team_id,) in teams:
                cursor = conn.execute(
                    "INSERT INTO teams (name, service_area, target_caseload, is_academy) "
                    "SELECT name || ?, service_area, target_caseload, is_academy FROM teams "
                    "WHERE id = ?",
                    (f" (area {area})", team_id),
                )
                team_map[team_id] = cursor.lastrowid
            conn.execute(
                "INSERT INTO workers (id, employee_ref, qualified_date, cohort_id, swe_number) "
                "SELECT id + ?, employee_ref || ?, qualified_date, cohort_id, "
                "? || substr(swe_number, 3) FROM workers WHERE id <= ?",
                (offset, f"-{area}", swe_prefix(area), workers),
            )
            conn.execute(
                "INSERT INTO census_worker_details (worker_id, qual_inst, qual_level) "
                "SELECT worker_id + ?, qual_inst, qual_level FROM census_worker_details "
                "WHERE worker_id <= ?",
                (offset, workers),
            )
            conn.execute("DELETE FROM temp.area_teams")
            conn.executemany(
                "INSERT INTO temp.area_teams (old, new) VALUES (?, ?)", team_map.items()
            )
            conn.execute(
                "INSERT INTO role_spells (worker_id, team_id, org_role, job_title, contract, fte, "
                "start_date, end_date, leaving_reason, leaver_destination, start_origin, "
                "agency_supplier, agency_hourly_charge, covering_vacancy, recruitment_route) "
                "SELECT s.worker_id + ?, t.new, s.org_role, s.job_title, s.contract, s.fte, "
                "s.start_date, s.end_date, s.leaving_reason, s.leaver_destination, s.start_origin, "
                "s.agency_supplier, s.agency_hourly_charge, s.covering_vacancy, s.recruitment_route "
                "FROM role_spells s JOIN temp.area_teams t ON t.old = s.team_id "
                "WHERE s.worker_id <= ? ORDER BY s.id",
                (offset, workers),
            )
            conn.execute(
                "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
                "SELECT t.new, e.org_role, e.funded_fte, e.effective_from FROM establishment e "
                "JOIN temp.area_teams t ON t.old = e.team_id ORDER BY e.id"
            )
            conn.execute(
                "INSERT INTO continuity (team_id, month_end, one_worker, two_workers, "
                "three_workers, four_plus_workers, worker_left, worker_left_month) "
                "SELECT t.new, c.month_end, c.one_worker, c.two_workers, c.three_workers, "
                "c.four_plus_workers, c.worker_left, c.worker_left_month FROM continuity c "
                "JOIN temp.area_teams t ON t.old = c.team_id ORDER BY c.id"
            )
            conn.execute(
                "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
                "SELECT worker_id + ?, as_at, case_type, cases FROM caseloads "
                "WHERE worker_id <= ? ORDER BY id",
                (offset, workers),
            )
            conn.execute(
                "INSERT INTO absences (worker_id, period_start, period_end, working_days_lost, "
                "reason) SELECT worker_id + ?, period_start, period_end, working_days_lost, reason "
                "FROM absences WHERE worker_id <= ? ORDER BY id",
                (offset, workers),
            )
            conn.execute(
                "INSERT INTO long_term_absences (worker_id, absent_from, absent_to, reason) "
                "SELECT worker_id + ?, absent_from, absent_to, reason FROM long_term_absences "
                "WHERE worker_id <= ? ORDER BY id",
                (offset, workers),
            )
        conn.execute("UPDATE demand SET value = value * ?", (scale,))
        conn.execute(
            "UPDATE cohorts SET planned_size = planned_size * ? WHERE planned_size IS NOT NULL",
            (scale,),
        )
    conn.execute("DROP TABLE temp.area_teams")
