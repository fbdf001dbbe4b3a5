"""Reading a census return (any year with the 2022 structure) into validated records.

What cannot be read at all is a *problem* (the file is refused): XML that does not parse, a root
that is not ``Message``, no census year, no ``LALevelVacancies``. Everything else is read with
*warnings*, naming the record (``CSWWWorker 4``) and its SWENo as the file gives it:

- a record whose ``AgencyWorker`` or ``SWENo`` is missing or unreadable is skipped (it cannot be
  matched to a worker); so is a record whose role ends before it starts;
- a value that does not fit its type or code list is dropped, the rest of the record kept;
- a missing required ``QualInst``, schema breaches, and what the pre-submission check would query
  (more than 50 cases per FTE, FTE 0 with cases, leavers without a reason) are reported, and the
  record is imported as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Protocol, TypeVar
from xml.etree import ElementTree as ET

from cswork.csww.schema import element_errors, invalid_pieces
from cswork.model.census import (
    ABSENCE_CODES,
    ETHNICITY_CODES,
    GENDER_CODES,
    QUAL_LEVELS,
    SWE_PATTERN,
    CensusReturn,
    CensusWorker,
    census_date,
    destination_for_code,
    origin_for_code,
    reason_for_code,
)
from cswork.model.census_check import check_return
from cswork.model.months import year_before
from cswork.model.usertext import text_problem

T = TypeVar("T")

#: Check rules that need what a return does not carry (qualified dates, stored SWE numbers).
_NOT_FROM_A_FILE = frozenset({"agency_pqe_unknown", "swe_missing", "la_code_missing"})


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Why the file cannot be imported: where (record number, 0 for the file) and why."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(slots=True)
class ReadReturn:
    """A parsed return: the LA-level figures and readable worker records (``worker_ref`` holds the
    record's label, ``CSWWWorker N``), with warnings and problems."""

    census: CensusReturn | None = None
    rows: tuple[int, ...] = ()
    records: int = 0
    warnings: list[str] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


def _text(node: ET.Element, tag: str) -> str | None:
    found = node.find(tag)
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()


#: The largest number a return's field is read as: far beyond any real figure (FTE, days, cases,
#: salary), and small enough to store and sum exactly.
LARGEST = Decimal(10) ** 9


def _decimal(text: str) -> float:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite():
        raise ValueError("not a number")
    if abs(value) > LARGEST:
        raise ValueError("too large")
    return float(value)


def _fte(text: str) -> float:
    value = _decimal(text)
    if not 0 <= value <= 1:
        raise ValueError("FTE must be from 0 to 1")
    return value


def _non_negative(text: str) -> float:
    value = _decimal(text)
    if value < 0:
        raise ValueError("must not be negative")
    return value


def _count(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError("must be a whole number of cases")
    if len(text) > 9:
        raise ValueError("too many cases")
    return int(text)


def _coded(allowed: Callable[[int], object | None]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or allowed(int(text)) is None:
            raise ValueError("not on the census code list")
        return int(text)

    return parse


def _listed(allowed: frozenset[str] | set[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError("not on the census code list")
        return text

    return parse


class _Record:
    """Reads one ``CSWWWorker``, dropping unreadable values with a warning."""

    def __init__(self, node: ET.Element, number: int, out: ReadReturn) -> None:
        self.node = node
        self.out = out
        swe = _text(node, "SWENo")
        self.label = f"CSWWWorker {number}" + (f" (SWENo {swe})" if swe else "")

    def warn(self, message: str) -> None:
        self.out.warnings.append(f"{self.label}: {message}")

    def labels(self, tag: str) -> tuple[str, ...]:
        """Every ``tag`` of the record as text, dropping (with a warning) any that is not a plain
        label (a control character, as an imported label may not have)."""
        kept = []
        for node in self.node.findall(tag):
            text = (node.text or "").strip()
            reason = text_problem(text) if text else None
            if reason is not None:
                self.warn(f"{tag} {text!r} ignored: {reason}")
            elif text:
                kept.append(text)
        return tuple(kept)

    def get(self, tag: str, parse: Callable[[str], T]) -> T | None:
        text = _text(self.node, tag)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.warn(f"{tag} {text!r} ignored: {exc}")
            return None


def _worker(node: ET.Element, number: int, out: ReadReturn, on: date) -> CensusWorker | None:
    record = _Record(node, number, out)
    agency = record.get("AgencyWorker", _listed({"0", "1"}))
    swe = record.get("SWENo", _swe)
    if agency is None or swe is None:
        record.warn("skipped: AgencyWorker and a valid SWENo are needed to match the worker")
        return None
    start = record.get("RoleStartDate", date.fromisoformat)
    end = record.get("RoleEndDate", date.fromisoformat)
    if start and end and end < start:
        record.warn(f"skipped: RoleEndDate {end} is before RoleStartDate {start}")
        return None
    for label, day in (("RoleStartDate", start), ("RoleEndDate", end)):
        if day and day > on:
            record.warn(f"{label} {day} is after the census date {on}")
    if end and end <= year_before(on):
        record.warn(f"RoleEndDate {end} is before the census year began")
    return CensusWorker(
        worker_ref=f"CSWWWorker {number}",
        agency=agency == "1",
        swe_number=swe,
        fte=record.get("FTE", _fte),
        birth_date=record.get("PersonBirthDate", date.fromisoformat),
        gender=record.get("GenderCurrent", _listed(set(GENDER_CODES))),
        ethnicity=record.get("Ethnicity", _listed(ETHNICITY_CODES)),
        qual_inst=record.labels("QualInst"),
        qual_level=record.get("QualLevel", _coded(QUAL_LEVELS.get)),
        org_role=record.get("OrgRole", _coded(lambda code: code if 1 <= code <= 6 else None)),
        role_start=start,
        start_origin=record.get("StartOrigin", _coded(origin_for_code)),
        role_end=end,
        leaver_destination=record.get("LeaverDestination", _coded(destination_for_code)),
        reason_leave=record.get("ReasonLeave", _coded(reason_for_code)),
        fte30=record.get("FTE30", _fte),
        cases30=record.get("Cases30", _count),
        working_days_lost=record.get("WorkingDaysLost", _non_negative),
        step_up_grad=_flag(record.get("StepUpGrad", _listed({"0", "1"}))),
        frontline_grad=_flag(record.get("FrontlineGrad", _listed({"0", "1"}))),
        absent_30_sept=_flag(record.get("Absat30Sept", _listed({"0", "1"}))),
        absence_reason=record.get("ReasonAbsence", _listed(ABSENCE_CODES)),
    )


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "1"


def _swe(text: str) -> str:
    if not SWE_PATTERN.match(text):
        raise ValueError("an SWE number is two letters and ten digits")
    return text


def _year(header: ET.Element | None) -> int | None:
    if header is None:
        return None
    reference = _text(header, "CollectionDetails/ReferenceDate")
    if reference:
        try:
            return date.fromisoformat(reference).year
        except ValueError:
            pass
    year = _text(header, "CollectionDetails/Year")
    return int(year) if year and re.fullmatch(r"\d{4}", year) else None


#: How much of the file is parsed at a time.
CHUNK_BYTES = 1 << 16
#: The elements a return holds under ``Message``, in the order the schema has them.
_ORDER = ("Header", "LALevelVacancies", "CSWWWorker")
#: Elements checked against the schema together (see :mod:`cswork.csww.schema`): libxml2 checks a
#: run of them in one call, and xmlschema words the reasons for only those it finds invalid.
CHECK_RUN = 500


#: The deepest nesting read: a return nests four deep (Message, Header, CollectionDetails, Year).
MAX_DEPTH = 32


class _RefusedError(Exception):
    """The file cannot be read as a return (the reason is the message)."""


class _TopLevel:
    """A parser target that builds each element under the root as a small tree of its own and
    hands it over when it ends, so no more than one record is held as XML at a time.

    A document type declaration is refused before anything in it is read: a return has none,
    and its entity declarations are how an XML file expands to many times its size.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.root: str | None = None
        self.builder: ET.TreeBuilder | None = None
        self.finished: list[ET.Element] = []

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _RefusedError("a census return has no DOCTYPE (document type declaration)")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:  # the tree and its schema check recurse: refuse before both
            raise _RefusedError(
                f"elements are nested more than {MAX_DEPTH} deep; a census return nests 4 deep"
            )
        if self.depth == 1:
            self.root = tag
            if tag != "Message":
                raise _RefusedError(tag)
            return
        if self.depth == 2:
            self.builder = ET.TreeBuilder()
        assert self.builder is not None
        self.builder.start(tag, attrs)

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def end(self, tag: str) -> None:
        if self.depth >= 2 and self.builder is not None:
            self.builder.end(tag)
            if self.depth == 2:
                self.finished.append(self.builder.close())
                self.builder = None
        self.depth -= 1

    def close(self) -> None:
        """Nothing is built at the root: its children were handed over as they ended."""


class _ReturnReader:
    """Reads a return one top-level element at a time: the header and LA-level figures are
    kept, each worker becomes a record as soon as it ends (or once the census year is known)."""

    def __init__(self) -> None:
        self.out = ReadReturn()
        self.target = _TopLevel()
        self.parser = ET.XMLParser(target=self.target)
        self.year: int | None = None
        self.la_code = ""
        self.la_node: ET.Element | None = None
        self.workers: list[CensusWorker] = []
        self.rows: list[int] = []
        self.waiting: list[tuple[int, ET.Element]] = []  # workers before any header
        self.seen: list[str] = []  # the order of the top-level elements, runs collapsed
        self.schema: list[str] = []
        self.unchecked: list[tuple[ET.Element, str]] = []
        self.count = 0

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        self._take()

    def close(self) -> None:
        self.parser.close()
        self._take()
        self._check_run()

    def _take(self) -> None:
        finished, self.target.finished = self.target.finished, []
        for node in finished:
            self._element(node)

    def _element(self, node: ET.Element) -> None:
        tag = node.tag
        if not self.seen or self.seen[-1] != tag:
            self.seen.append(tag)
        if tag == "CSWWWorker":
            self.count += 1
            self._check(node, f"CSWWWorker[{self.count}]")
            if self.year is None:
                self.waiting.append((self.count, node))
            else:
                self._worker(self.count, node)
            return
        self._check(node, tag)
        if tag == "Header" and self.year is None:
            self.year = _year(node)
            self.la_code = _text(node, "Source/LEA") or ""
            if self.year is not None:
                for number, waiting in self.waiting:
                    self._worker(number, waiting)
                self.waiting = []
        elif tag == "LALevelVacancies" and self.la_node is None:
            self.la_node = node

    def _check(self, node: ET.Element, where: str) -> None:
        if node.tag not in _ORDER:
            return  # not in the schema under Message: reported by _order_errors
        self.unchecked.append((node, where))
        if len(self.unchecked) >= CHECK_RUN:
            self._check_run()

    def _check_run(self) -> None:
        """Check the elements waiting, in file order, naming each breach by its path."""
        run, self.unchecked = self.unchecked, []
        if not run:
            return
        invalid = invalid_pieces([node for node, _ in run])
        for position in sorted(invalid):
            node, where = run[position]
            self.schema.extend(f"/Message/{where}{error}" for error in element_errors(node))

    def _worker(self, number: int, node: ET.Element) -> None:
        assert self.year is not None
        worker = _worker(node, number, self.out, census_date(self.year))
        if worker is not None:
            self.workers.append(worker)
            self.rows.append(number)

    def result(self) -> ReadReturn:
        out = self.out
        if self.year is None:
            out.problems.append(
                FileProblem(0, "ReferenceDate", "", "no census year (ReferenceDate or Year)")
            )
        la_level = _la_level(self.la_node, out)
        if self.year is None or la_level is None:
            return out
        out.records = self.count
        out.census = CensusReturn(self.year, self.la_code, *la_level, workers=tuple(self.workers))
        out.rows = tuple(self.rows)
        out.warnings.extend(
            f"schema: {error}"
            for error in [*self.schema, *_order_errors(self.seen)]
            if "'QualInst' expected" not in error  # reported by worker
        )
        for finding in check_return(out.census):
            if finding.rule not in _NOT_FROM_A_FILE:
                out.warnings.append(
                    f"{_label(finding.worker_ref, self.workers)}: {finding.message}"
                )
        return out


def _order_errors(seen: list[str]) -> list[str]:
    """What breaks the schema's order of elements under ``Message`` (Header, then
    LALevelVacancies, then one CSWWWorker or more)."""
    errors = [f"/Message: unexpected element {tag!r}" for tag in seen if tag not in _ORDER]
    known = [tag for tag in seen if tag in _ORDER]
    if known != sorted(known, key=_ORDER.index) or len(known) != len(set(known)):
        errors.append("/Message: Header, LALevelVacancies and CSWWWorker must come in that order")
    if "CSWWWorker" not in known:
        errors.append("/Message: a return needs at least one CSWWWorker")
    return errors


class Readable(Protocol):
    """Anything read like a binary file (an open file, a limited reader)."""

    def read(self, size: int, /) -> bytes:
        """Up to ``size`` bytes; empty at the end."""
        ...


def read_return(source: bytes | Readable) -> ReadReturn:
    """Parse a census return; see the module docstring for what is a problem and a warning.

    ``source`` is the document or a binary file, read :data:`CHUNK_BYTES` at a time: memory
    holds the records read, never the whole document as XML.
    """
    reader = _ReturnReader()
    try:
        if isinstance(source, bytes):
            for at in range(0, len(source), CHUNK_BYTES):
                reader.feed(source[at : at + CHUNK_BYTES])
        else:
            while chunk := source.read(CHUNK_BYTES):
                reader.feed(chunk)
        reader.close()
    except ET.ParseError as exc:
        out = ReadReturn()
        out.problems.append(FileProblem(0, "", "", f"not well-formed XML ({exc})"))
        return out
    except _RefusedError as exc:
        out = ReadReturn()
        if reader.target.root is not None and reader.target.root != "Message":
            out.problems.append(
                FileProblem(0, "", reader.target.root, "the root element must be Message")
            )
        else:
            out.problems.append(FileProblem(0, "", "", str(exc)))
        return out
    return reader.result()


def _label(ref: str | None, workers: list[CensusWorker]) -> str:
    worker = next((w for w in workers if w.worker_ref == ref), None)
    return f"{ref} (SWENo {worker.swe_number})" if worker else (ref or "return")


def _la_level(node: ET.Element | None, out: ReadReturn) -> tuple[float, float, int] | None:
    if node is None:
        out.problems.append(
            FileProblem(0, "LALevelVacancies", "", "the LA-level figures are missing")
        )
        return None
    values: list[float] = []
    for tag in ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"):
        text = _text(node, tag)
        try:
            values.append(_non_negative(text or ""))
        except ValueError:
            out.problems.append(FileProblem(0, tag, text or "", "must be a number of 0 or more"))
    if len(values) < 3:
        return None
    return values[0], values[1], int(values[2])
