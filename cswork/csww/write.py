"""Writing a census return as CSWW XML, elements in the schema's order."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from cswork import __version__
from cswork.model.census import CensusReturn, CensusWorker
from cswork.model.usertext import printable


def _add(parent: ET.Element, tag: str, value: object | None) -> None:
    if value is None:
        return
    # Text held before cswork refused control characters (an institution's name, say) is written
    # with them replaced: XML cannot carry most of them, and a file is no place for the rest.
    ET.SubElement(parent, tag).text = printable(str(value))


def _fte(value: float | None) -> str | None:
    return None if value is None else f"{value:.6f}"


def _two(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _date(value: object | None) -> str | None:
    return None if value is None else str(value)


def _worker(parent: ET.Element, worker: CensusWorker) -> None:
    node = ET.SubElement(parent, "CSWWWorker")
    _add(node, "AgencyWorker", int(worker.agency))
    # SWENo is required: an absent number is written empty so the schema check names the record.
    ET.SubElement(node, "SWENo").text = printable(worker.swe_number or "")
    _add(node, "FTE", _fte(worker.fte))
    _add(node, "PersonBirthDate", _date(worker.birth_date))
    _add(node, "GenderCurrent", worker.gender)
    _add(node, "Ethnicity", worker.ethnicity)
    for institution in worker.qual_inst:
        _add(node, "QualInst", institution)
    _add(node, "QualLevel", worker.qual_level)
    _add(node, "StepUpGrad", _flag(worker.step_up_grad))
    _add(node, "OrgRole", worker.org_role)
    _add(node, "RoleStartDate", _date(worker.role_start))
    _add(node, "StartOrigin", worker.start_origin)
    _add(node, "RoleEndDate", _date(worker.role_end))
    _add(node, "LeaverDestination", worker.leaver_destination)
    _add(node, "ReasonLeave", worker.reason_leave)
    _add(node, "FTE30", _fte(worker.fte30))
    _add(node, "Cases30", worker.cases30)
    _add(node, "WorkingDaysLost", _two(worker.working_days_lost))
    _add(node, "FrontlineGrad", _flag(worker.frontline_grad))
    _add(node, "Absat30Sept", _flag(worker.absent_30_sept))
    _add(node, "ReasonAbsence", worker.absence_reason)


def return_xml(census: CensusReturn, *, created: datetime | None = None) -> bytes:
    """The return as UTF-8 XML, elements in the schema's order; optional elements with no value are
    left out. ``created`` stamps the header (default: now, UTC, to the second)."""
    stamp = (created or datetime.now(UTC)).replace(microsecond=0)
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _add(details, "Collection", "CSWW")
    _add(details, "Year", census.year)
    _add(details, "ReferenceDate", census.reference_date.isoformat())
    source = ET.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", census.la_code)
    _add(source, "SoftwareCode", f"cswork {__version__}")
    _add(source, "DateTime", stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
    vacancies = ET.SubElement(message, "LALevelVacancies")
    _add(vacancies, "NumberOfVacancies", _two(census.vacancy_fte))
    _add(vacancies, "NoAgencyFTE", _two(census.agency_fte))
    _add(vacancies, "NoAgencyHeadcount", census.agency_headcount)
    for worker in census.workers:
        _worker(message, worker)
    ET.indent(message)
    document: bytes = ET.tostring(message, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
