"""Writing a census return as CSWW XML, elements in the schema's order.

The document is written as text, line by line, in exactly the layout ElementTree gives with
``ET.indent`` (two spaces a level, an empty element as ``<Tag />``, ``&``, ``<`` and ``>``
escaped): building and serialising some 300,000 elements as a tree took most of the time
``cswork export csww`` spent on a regional pool of 20,000 workers.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cswork import __version__
from cswork.model.census import CensusReturn, CensusWorker
from cswork.model.usertext import printable

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"


def _escaped(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _leaf(lines: list[str], indent: str, tag: str, value: object | None) -> None:
    """One element holding ``value`` (left out if ``None``; ``<Tag />`` if empty)."""
    if value is None:
        return
    # Text held before cswork refused control characters (an institution's name, say) is written
    # with them replaced: XML cannot carry most of them, and a file is no place for the rest.
    text = printable(str(value))
    lines.append(f"{indent}<{tag}>{_escaped(text)}</{tag}>" if text else f"{indent}<{tag} />")


def _fte(value: float | None) -> str | None:
    return None if value is None else f"{value:.6f}"


def _two(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _date(value: object | None) -> str | None:
    return None if value is None else str(value)


_FIELD = "    "


def _worker(lines: list[str], worker: CensusWorker) -> None:
    lines.append("  <CSWWWorker>")
    _leaf(lines, _FIELD, "AgencyWorker", int(worker.agency))
    # SWENo is required: an absent number is written empty so the schema check names the record.
    _leaf(lines, _FIELD, "SWENo", worker.swe_number or "")
    _leaf(lines, _FIELD, "FTE", _fte(worker.fte))
    _leaf(lines, _FIELD, "PersonBirthDate", _date(worker.birth_date))
    _leaf(lines, _FIELD, "GenderCurrent", worker.gender)
    _leaf(lines, _FIELD, "Ethnicity", worker.ethnicity)
    for institution in worker.qual_inst:
        _leaf(lines, _FIELD, "QualInst", institution)
    _leaf(lines, _FIELD, "QualLevel", worker.qual_level)
    _leaf(lines, _FIELD, "StepUpGrad", _flag(worker.step_up_grad))
    _leaf(lines, _FIELD, "OrgRole", worker.org_role)
    _leaf(lines, _FIELD, "RoleStartDate", _date(worker.role_start))
    _leaf(lines, _FIELD, "StartOrigin", worker.start_origin)
    _leaf(lines, _FIELD, "RoleEndDate", _date(worker.role_end))
    _leaf(lines, _FIELD, "LeaverDestination", worker.leaver_destination)
    _leaf(lines, _FIELD, "ReasonLeave", worker.reason_leave)
    _leaf(lines, _FIELD, "FTE30", _fte(worker.fte30))
    _leaf(lines, _FIELD, "Cases30", worker.cases30)
    _leaf(lines, _FIELD, "WorkingDaysLost", _two(worker.working_days_lost))
    _leaf(lines, _FIELD, "FrontlineGrad", _flag(worker.frontline_grad))
    _leaf(lines, _FIELD, "Absat30Sept", _flag(worker.absent_30_sept))
    _leaf(lines, _FIELD, "ReasonAbsence", worker.absence_reason)
    lines.append("  </CSWWWorker>")


def return_xml(census: CensusReturn, *, created: datetime | None = None) -> bytes:
    """The return as UTF-8 XML, elements in the schema's order; optional elements with no value are
    left out. ``created`` stamps the header (default: now, UTC, to the second)."""
    stamp = (created or datetime.now(UTC)).replace(microsecond=0)
    lines = [_DECLARATION, "<Message>", "  <Header>", "    <CollectionDetails>"]
    _leaf(lines, "      ", "Collection", "CSWW")
    _leaf(lines, "      ", "Year", census.year)
    _leaf(lines, "      ", "ReferenceDate", census.reference_date.isoformat())
    lines += ["    </CollectionDetails>", "    <Source>"]
    _leaf(lines, "      ", "SourceLevel", "L")
    _leaf(lines, "      ", "LEA", census.la_code)
    _leaf(lines, "      ", "SoftwareCode", f"cswork {__version__}")
    _leaf(lines, "      ", "DateTime", stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
    lines += ["    </Source>", "  </Header>", "  <LALevelVacancies>"]
    _leaf(lines, _FIELD, "NumberOfVacancies", _two(census.vacancy_fte))
    _leaf(lines, _FIELD, "NoAgencyFTE", _two(census.agency_fte))
    _leaf(lines, _FIELD, "NoAgencyHeadcount", census.agency_headcount)
    lines.append("  </LALevelVacancies>")
    for worker in census.workers:
        _worker(lines, worker)
    lines.append("</Message>\n")
    return "\n".join(lines).encode("utf-8", "xmlcharrefreplace")
