"""The pipeline through the services: census items from routes and absence, pressure's capacity
lost to absence, and the baseline calibrated with routes, leavers to agency and absence."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

import pytest

from cswork.csww.schema import schema_errors
from cswork.csww.write import return_xml
from cswork.model.absence import absent_on
from cswork.services.census import build_census
from cswork.services.pressure import build_pressure, pressure_json
from cswork.services.projection import baseline_assumptions, load_projection_history
from cswork.store import Database
from cswork.store.absence import load_long_term_absences

AS_AT = date(2025, 9, 30)


def test_census_absence_and_start_origin_items(demo_db: Database) -> None:
    census = build_census(demo_db, 2025, "999")
    document = return_xml(census)
    assert schema_errors(document) == []
    absent = absent_on(load_long_term_absences(demo_db), AS_AT)
    assert absent  # the demo has long absences running on 30 September
    workers = {w.worker_ref: w for w in census.workers}
    in_post = [w for w in census.workers if not w.agency and w.fte30 is not None]
    assert all(w.absent_30_sept is not None for w in in_post)
    flagged = {w.worker_ref: w.absence_reason for w in in_post if w.absent_30_sept}
    assert flagged == {ref: reason.census_code for ref, reason in absent.items() if ref in workers}
    assert all(w.absent_30_sept is None for w in census.workers if w.agency)
    lost = [w.working_days_lost for w in census.workers if w.working_days_lost]
    assert len(lost) > 100
    # routes become StartOrigin codes and the graduate flags
    assert {w.start_origin for w in census.workers if not w.agency} >= {1, 2, 3, 4}
    assert any(w.step_up_grad for w in census.workers)
    assert any(w.frontline_grad for w in census.workers)
    root = ET.fromstring(document)
    tags = [e.tag for e in root.iter()]
    assert "Absat30Sept" in tags and "ReasonAbsence" in tags and "StepUpGrad" in tags
    codes = {e.text for e in root.iter("ReasonAbsence")}
    assert codes <= {"MAT", "SIC", "OTH"} and codes


def test_pressure_shows_capacity_lost_to_absence(demo_db: Database) -> None:
    report = build_pressure(demo_db, AS_AT, with_trends=False)
    total = report.absence_total
    assert total is not None
    assert 0 < total.capacity_lost < total.capacity
    assert total.capacity == pytest.approx(report.total.capacity)
    assert sum(g.capacity_lost for g in report.absence) == pytest.approx(total.capacity_lost)
    assert total.utilisation is not None and report.total.utilisation is not None
    assert total.utilisation > report.total.utilisation
    data = pressure_json(report)["absence"]
    assert data["total"]["capacity_lost"] == round(total.capacity_lost, 2)
    assert {t["team"] for t in data["teams"]} == {g.name for g in report.absence}
    one = build_pressure(demo_db, AS_AT, report.absence[0].name, with_trends=False)
    assert one.absence == () and one.absence_total is not None
    assert one.absence_total.capacity_lost == pytest.approx(report.absence[0].capacity_lost)


def test_the_baseline_carries_the_pipeline(demo_db: Database) -> None:
    assumptions = baseline_assumptions(load_projection_history(demo_db), AS_AT, 12)
    assert 0.1 < assumptions.leaver_agency_share < 0.5
    assert 0.01 < assumptions.absence_rate < 0.08
    assert assumptions.route_leaver_rate("academy") is not None
    assert assumptions.route_intakes == ()  # planned intakes are the user's to add
