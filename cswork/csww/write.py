"""Writing a census return as CSWW XML, elements in the schema's order.

The document is written as text, line by line, in exactly the layout ElementTree gives with
``ET.indent`` (two spaces a level, an empty element as ``<Tag />``, ``&``, ``<`` and ``>``
escaped): building and serialising some 300,000 elements as a tree took most of the time
``cswork export csww`` spent on a regional pool of 20,000 workers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

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


def _two(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _field(lines: list[str], tag: str, value: object | None) -> None:
    """A code, count or date: written plainly when it is one (an ``int`` or a ``date`` as ``str``
    writes it), else through :func:`_leaf`."""
    kind = type(value)
    if kind is int or kind is date:
        lines.append(f"{_FIELD}<{tag}>{value}</{tag}>")
    elif value is not None:
        _leaf(lines, _FIELD, tag, value)


_FIELD = "    "


def _worker(lines: list[str], worker: CensusWorker) -> None:
    """One ``CSWWWorker``. Numbers and flags cswork formats itself (FTE to six places, days lost
    to two, a flag as 0 or 1) hold nothing to escape or replace, so they are written plainly, and
    inline: a regional pool's return is 20,000 records of twenty fields, and a call or two per
    field (400,000 checks through :func:`_leaf`) was most of the time spent writing it."""
    add = lines.append
    add("  <CSWWWorker>")
    if worker.agency is not None:
        add(f"{_FIELD}<AgencyWorker>{int(worker.agency)}</AgencyWorker>")
    # SWENo is required: an absent number is written empty so the schema check names the record.
    _leaf(lines, _FIELD, "SWENo", worker.swe_number or "")
    if (fte := worker.fte) is not None:
        add(f"{_FIELD}<FTE>{fte:.6f}</FTE>")
    _field(lines, "PersonBirthDate", worker.birth_date)
    if worker.gender is not None:
        _leaf(lines, _FIELD, "GenderCurrent", worker.gender)
    if worker.ethnicity is not None:
        _leaf(lines, _FIELD, "Ethnicity", worker.ethnicity)
    for institution in worker.qual_inst:
        _leaf(lines, _FIELD, "QualInst", institution)
    _field(lines, "QualLevel", worker.qual_level)
    if (flag := worker.step_up_grad) is not None:
        add(f"{_FIELD}<StepUpGrad>{int(flag)}</StepUpGrad>")
    _field(lines, "OrgRole", worker.org_role)
    _field(lines, "RoleStartDate", worker.role_start)
    _field(lines, "StartOrigin", worker.start_origin)
    _field(lines, "RoleEndDate", worker.role_end)
    _field(lines, "LeaverDestination", worker.leaver_destination)
    _field(lines, "ReasonLeave", worker.reason_leave)
    if (fte := worker.fte30) is not None:
        add(f"{_FIELD}<FTE30>{fte:.6f}</FTE30>")
    _field(lines, "Cases30", worker.cases30)
    if (days := worker.working_days_lost) is not None:
        add(f"{_FIELD}<WorkingDaysLost>{days:.2f}</WorkingDaysLost>")
    if (flag := worker.frontline_grad) is not None:
        add(f"{_FIELD}<FrontlineGrad>{int(flag)}</FrontlineGrad>")
    if (flag := worker.absent_30_sept) is not None:
        add(f"{_FIELD}<Absat30Sept>{int(flag)}</Absat30Sept>")
    if worker.absence_reason is not None:
        _leaf(lines, _FIELD, "ReasonAbsence", worker.absence_reason)
    add("  </CSWWWorker>")


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
