"""The validated records an import yields, one type per kind, for the store to write.

The importers build them from a file's rows (``row`` is the spreadsheet row, for problems found
later); the store's writers consume them. Plain data with no behaviour, so both sides depend on this
module and not on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from cswork.model.census import CensusReturn
from cswork.model.indicators import Direction
from cswork.model.money import PriceCap
from cswork.model.workforce import Contract


class StaffRecord(NamedTuple):
    """A validated role spell and what it says about its worker.

    A named tuple rather than a frozen dataclass: a file makes one per row, and a frozen
    dataclass of 21 fields takes several times as long to build.
    """

    row: int
    employee_ref: str
    team: str
    org_role: int
    job_title: str | None
    contract: Contract
    fte: float
    start: date
    end: date | None
    leaving_reason: str | None
    leaver_destination: str | None
    qualified: date | None
    cohort: str | None
    agency_supplier: str | None
    hourly_charge: float | None
    covering_vacancy: bool | None
    agency_job_type: str | None
    weekly_hours: float | None
    project_team: bool | None
    swe_number: str | None
    name: str | None
    date_of_birth: date | None
    gender: str | None
    ethnicity: str | None
    route: str | None = None  # a recruitment route (cswork.model.routes.RecruitmentRoute)


class StaffBlock(NamedTuple):
    """Consecutive staff records as columns: what a reader hands over for a run of rows it read by
    column, with no problem in any of them, no end before its start, and no employee ref and start
    date met before in the file.

    ``columns`` holds one list per :class:`StaffRecord` field after ``row``, in its order. Unlike
    records, the block's rows are not yet counted as read: the writer counts each as it takes it,
    so that a problem limit reached partway through a block leaves the count where reading the
    rows one at a time would.
    """

    rows: list[int]
    columns: list[list[Any]]

    def records(self) -> list[StaffRecord]:
        """The block as one record per row."""
        return list(map(StaffRecord._make, zip(self.rows, *self.columns, strict=True)))


class CaseloadRecord(NamedTuple):
    """Cases of one type held by a worker as at a date (``row``: the first row counted).

    A named tuple, cheap to build, since a file makes one or more per row.
    """

    row: int
    worker_ref: str
    as_at: str
    case_type: str
    cases: int


#: Caseload records a store writer takes at a time; a reader hands over blocks that never cross a
#: multiple of it, so that problems are found in the same order however the rows were read.
CASELOAD_BATCH = 5_000


class CaseloadBlock(NamedTuple):
    """Consecutive caseload records as columns (one entry per record, in file order): what a
    reader hands over for a run of rows it read by column, with no problem in any of them."""

    rows: list[int]
    worker_refs: list[str]
    as_at: list[str]
    case_types: list[str]
    cases: list[int]

    def records(self) -> list[CaseloadRecord]:
        """The block as one record per row."""
        return list(map(CaseloadRecord._make, zip(*self, strict=True)))


@dataclass(frozen=True, slots=True)
class StagedColumns:
    """A CSV file's rows handed to the store raw, to be read by column in SQL (the staged path).

    The store writes ``rows`` (the cells after the header, every row ``width`` cells of text) into
    a temporary table, asks ``parse`` for each field's distinct values, and writes the records with
    one ``INSERT ... SELECT``. Whenever anything might be wrong with a row (a row of another width,
    a blank or 'Total' row, a value that does not parse, an unknown worker, a repeat) it writes
    nothing that way and takes the records from ``careful``, which reads the file again row by row
    (so every problem is reported as before).
    """

    rows: Iterable[Sequence[str]]
    width: int
    #: The position of each field the file has.
    positions: dict[str, int]
    #: The parsed value of each of a field's distinct raw values, or ``None`` if any of them has
    #: a problem (or is blank where a value is required).
    parse: Callable[[str, list[str]], dict[str, Any] | None]
    #: Whether every one of the distinct first cells makes its row a data row (not blank or
    #: 'Total').
    leads: Callable[[list[str]], bool]
    #: What reading ``rows`` may raise where the file is broken (the careful reader reports it).
    errors: tuple[type[Exception], ...]
    #: The file's records read again by the careful reader.
    careful: Callable[[], Iterator[Any]]
    #: Values for fields the file lacks, given by options (``as_at`` from ``--as-at``).
    constants: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EstablishmentRecord:
    """Funded FTE for a team and OrgRole from a date."""

    row: int
    team: str
    org_role: int
    funded_fte: float
    effective_from: date


@dataclass(frozen=True, slots=True)
class DemandRecord:
    """A monthly count of one demand measure."""

    row: int
    month: str
    measure: str
    value: float


@dataclass(frozen=True, slots=True)
class CohortRecord:
    """An academy intake, past or planned."""

    row: int
    name: str
    start: date
    planned_size: int | None


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    """One indicator's value for a month, with its definition, target and direction."""

    row: int
    code: str
    definition: str
    period: str
    value: float
    target: float | None
    direction: Direction
    unit: str | None


@dataclass(frozen=True, slots=True)
class CensusFile:
    """A readable return and the record number (``CSWWWorker N``) of each worker record in it."""

    census: CensusReturn
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CapRecord:
    """A regional agency price cap and the row it came from."""

    row: int
    cap: PriceCap


class AllocationRecord(NamedTuple):
    """One child's allocation to a worker, from an allocation history. ``child`` is a number given
    while the file is read (the same child, the same number), never the child's identifier."""

    row: int
    child: int
    worker_ref: str
    team: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class AbsenceRecord:
    """A worker's absence: working days lost over a period, a long-term absence from a date (to a
    date, or still absent), or both, with a reason category (never medical detail)."""

    row: int
    worker_ref: str
    period_start: date | None
    period_end: date | None
    days_lost: float | None
    absent_from: date | None
    absent_to: date | None
    reason: str | None
