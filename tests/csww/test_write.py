"""The return as XML: the demo authority's export passes the census schema; problems are named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cswork.csww.schema import _schema, schema_errors
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


def test_the_schema_is_built_once_then_read_from_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    census = CensusReturn(2025, "999", 2.5, 1.0, 1, (replace(WORKER, swe_number="12"),))
    document = return_xml(census, created=datetime(2025, 10, 1, 9, 30, tzinfo=UTC))
    _schema.cache_clear()
    built = schema_errors(document)
    assert built and "SWENo" in built[0]
    (cached,) = (tmp_path / "cswork").glob("csww-schema-*.pickle")
    assert cached.stat().st_mode & 0o077 == 0
    assert (tmp_path / "cswork").stat().st_mode & 0o077 == 0
    stamp = cached.stat().st_mtime_ns
    _schema.cache_clear()
    assert schema_errors(document) == built  # read back from the pickle, not rebuilt
    assert cached.stat().st_mtime_ns == stamp
    cached.write_bytes(b"not a pickle")
    _schema.cache_clear()
    assert schema_errors(document) == built  # a spoilt copy is built afresh and replaced
    assert cached.read_bytes() != b"not a pickle"
    _schema.cache_clear()


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would be
    _schema.cache_clear()
    assert schema_errors(return_xml(CensusReturn(2025, "999", 2.5, 1.0, 1, (WORKER,)))) == []
    _schema.cache_clear()
