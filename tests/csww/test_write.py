"""The return as XML: the demo authority's export passes the census schema; problems are named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from cswork.csww.schema import schema_errors
from cswork.csww.write import return_xml
from cswork.model.census import CensusReturn, CensusWorker
from cswork.services.census import build_census
from cswork.store import Database

WORKER = CensusWorker(
    worker_ref="E1",
    agency=False,
    swe_number="ZZ0000000001",
    fte=0.8,
    qual_inst=("Westmoor University",),
    org_role=5,
    fte30=0.8,
    cases30=11,
    working_days_lost=3.5,
)


def test_the_demo_return_is_valid_against_the_census_schema(demo_db: Database) -> None:
    document = return_xml(build_census(demo_db, 2025, "999"))
    assert schema_errors(document) == []


def test_elements_are_written_in_schema_order_with_fixed_decimals() -> None:
    census = CensusReturn(2025, "999", 2.5, 1.0, 1, (WORKER,))
    document = return_xml(census, created=datetime(2025, 10, 1, 9, 30, tzinfo=UTC))
    root = ET.fromstring(document)
    assert [child.tag for child in root] == ["Header", "LALevelVacancies", "CSWWWorker"]
    worker = root.find("CSWWWorker")
    assert worker is not None
    assert [(c.tag, c.text) for c in worker] == [
        ("AgencyWorker", "0"),
        ("SWENo", "ZZ0000000001"),
        ("FTE", "0.800000"),
        ("QualInst", "Westmoor University"),
        ("OrgRole", "5"),
        ("FTE30", "0.800000"),
        ("Cases30", "11"),
        ("WorkingDaysLost", "3.50"),
    ]
    assert root.findtext("LALevelVacancies/NumberOfVacancies") == "2.50"
    assert root.findtext("Header/Source/DateTime") == "2025-10-01T09:30:00Z"
    assert schema_errors(document) == []


def test_a_missing_swe_number_fails_the_schema_at_that_record() -> None:
    census = CensusReturn(2025, "999", 0.0, 0.0, 0, (WORKER, replace(WORKER, swe_number=None)))
    errors = schema_errors(return_xml(census))
    assert len(errors) == 1
    assert errors[0].startswith("/Message/CSWWWorker[2]/SWENo:")
