"""A small hand-built authority for golden sentences: one team of four funded posts, two
LA-employed workers in post (one more left in March), one agency worker covering a vacancy."""

from __future__ import annotations

from cswork.store import Database

WORKFORCE_SQL = """
INSERT INTO teams (id, name, target_caseload) VALUES (1, 'Front Door', 20);
INSERT INTO establishment (team_id, org_role, funded_fte, effective_from)
  VALUES (1, 5, 4, '2019-01-01');
INSERT INTO workers (id, employee_ref, qualified_date) VALUES
  (1, 'E1', '2010-06-01'), (2, 'E2', '2012-06-01'), (3, 'E3', '2014-06-01'), (4, 'A1', '2011-06-01');
INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date, end_date,
  leaving_reason, covering_vacancy, agency_hourly_charge) VALUES
  (1, 1, 5, 'permanent', 1.0, '2019-04-01', NULL, NULL, 0, NULL),
  (2, 1, 5, 'permanent', 0.5, '2019-04-01', NULL, NULL, 0, NULL),
  (3, 1, 5, 'permanent', 1.0, '2019-04-01', '2025-03-31', 'resignation', 0, NULL),
  (4, 1, 5, 'agency', 1.0, '2025-01-06', NULL, NULL, 1, 50.0);
INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES
  (1, '2025-09-30', 'CIN', 18), (1, '2025-09-30', 'CP', 4), (2, '2025-09-30', 'CLA', 9),
  (4, '2025-09-30', 'CIN', 10);
"""

DEMAND_SQL = """
INSERT INTO demand (month, measure, value) VALUES
  ('2024-09', 'referrals', 279), ('2025-09', 'referrals', 613),
  ('2024-09', 'contacts', 1000), ('2025-09', 'contacts', 1100);
INSERT INTO indicators (id, code, definition, direction, unit) VALUES
  (1, 're-referrals', '% re-referrals within 12 months', 'lower', '%'),
  (2, 'visits', '% statutory visits in timescale', 'higher', '%');
INSERT INTO indicator_values (indicator_id, period, value, target) VALUES
  (1, '2025-09', 20.0, 22.0), (2, '2025-09', 70.0, 90.0);
"""


def fill(db: Database, *, demand: bool) -> Database:
    """Write the small authority into ``db`` (with demand and indicators if ``demand``)."""
    script = WORKFORCE_SQL + (DEMAND_SQL if demand else "")
    with db.atomic():
        for statement in filter(str.strip, script.split(";")):
            db.execute(statement)
    return db
