"""The return as XML: the demo authority's export passes the census schema; problems are named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cswork import __version__
from cswork.csww.schema import _schema, schema_errors
from cswork.csww.write import return_xml
from cswork.model.census import CensusReturn, CensusWorker
from cswork.model.usertext import printable
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


def test_a_cached_schema_others_could_have_written_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a pickle runs its code: a cache file (or folder) that another user could have
    written is rebuilt, never loaded."""
    import pickle

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _schema.cache_clear()
    _schema()
    (cached,) = (tmp_path / "cswork").glob("csww-schema-*.pickle")
    for spoilt in (cached, cached.parent):
        cached.write_bytes(pickle.dumps("planted"))
        spoilt.chmod(spoilt.stat().st_mode | 0o022)
        _schema.cache_clear()
        assert _schema() != "planted"
        spoilt.chmod(spoilt.stat().st_mode & ~0o022)
    cached.write_bytes(pickle.dumps("planted"))
    _schema.cache_clear()
    assert _schema() == "planted"  # the same file, private: loaded (so the check is what refused)
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


def _tree_xml(census: CensusReturn, created: datetime) -> bytes:
    """The return as ElementTree wrote it before the writer wrote text: the reference layout."""

    def add(parent: ET.Element, tag: str, value: object | None) -> None:
        if value is not None:
            ET.SubElement(parent, tag).text = printable(str(value))

    def number(value: float | None, places: int) -> str | None:
        return None if value is None else f"{value:.{places}f}"

    def flag(value: bool | None) -> int | None:
        return None if value is None else int(value)

    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    add(details, "Collection", "CSWW")
    add(details, "Year", census.year)
    add(details, "ReferenceDate", census.reference_date.isoformat())
    source = ET.SubElement(header, "Source")
    add(source, "SourceLevel", "L")
    add(source, "LEA", census.la_code)
    add(source, "SoftwareCode", f"cswork {__version__}")
    add(source, "DateTime", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    vacancies = ET.SubElement(message, "LALevelVacancies")
    add(vacancies, "NumberOfVacancies", number(census.vacancy_fte, 2))
    add(vacancies, "NoAgencyFTE", number(census.agency_fte, 2))
    add(vacancies, "NoAgencyHeadcount", census.agency_headcount)
    for w in census.workers:
        node = ET.SubElement(message, "CSWWWorker")
        add(node, "AgencyWorker", int(w.agency))
        ET.SubElement(node, "SWENo").text = printable(w.swe_number or "")
        add(node, "FTE", number(w.fte, 6))
        add(node, "PersonBirthDate", w.birth_date)
        add(node, "GenderCurrent", w.gender)
        add(node, "Ethnicity", w.ethnicity)
        for institution in w.qual_inst:
            add(node, "QualInst", institution)
        add(node, "QualLevel", w.qual_level)
        add(node, "StepUpGrad", flag(w.step_up_grad))
        add(node, "OrgRole", w.org_role)
        add(node, "RoleStartDate", w.role_start)
        add(node, "StartOrigin", w.start_origin)
        add(node, "RoleEndDate", w.role_end)
        add(node, "LeaverDestination", w.leaver_destination)
        add(node, "ReasonLeave", w.reason_leave)
        add(node, "FTE30", number(w.fte30, 6))
        add(node, "Cases30", w.cases30)
        add(node, "WorkingDaysLost", number(w.working_days_lost, 2))
        add(node, "FrontlineGrad", flag(w.frontline_grad))
        add(node, "Absat30Sept", flag(w.absent_30_sept))
        add(node, "ReasonAbsence", w.absence_reason)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True) + b"\n"


STAMP = datetime(2025, 10, 1, 9, 30, tzinfo=UTC)


def test_the_demo_return_is_written_byte_for_byte_as_the_tree_wrote_it(demo_db: Database) -> None:
    census = build_census(demo_db, 2025, "999")
    assert return_xml(census, created=STAMP) == _tree_xml(census, STAMP)


_ANY_TEXT = st.text(st.characters(codec=None) | st.sampled_from("&<>\"'\ud800\x00\n\r\t"))
_MAYBE_TEXT = st.none() | _ANY_TEXT


@settings(max_examples=200, deadline=None)
@given(
    la_code=_ANY_TEXT,
    workers=st.lists(
        st.builds(
            CensusWorker,
            worker_ref=st.just("E1"),
            agency=st.booleans(),
            swe_number=_MAYBE_TEXT,
            fte=st.none() | st.floats(0, 1.5),
            birth_date=st.none() | st.dates(),
            gender=_MAYBE_TEXT,
            ethnicity=_MAYBE_TEXT,
            qual_inst=st.lists(_ANY_TEXT, max_size=3).map(tuple),
            qual_level=st.none() | st.integers(-5, 20),
            cases30=st.none() | st.integers(0, 500),
            working_days_lost=st.none() | st.floats(0, 400),
            step_up_grad=st.none() | st.booleans(),
            absence_reason=_MAYBE_TEXT,
        ),
        max_size=4,
    ),
)
def test_any_return_is_written_byte_for_byte_as_the_tree_wrote_it(
    la_code: str, workers: list[CensusWorker]
) -> None:
    census = CensusReturn(2025, la_code, 1.5, 0.25, 2, tuple(workers))
    assert return_xml(census, created=STAMP) == _tree_xml(census, STAMP)
