"""The ``staff`` kind: one row per worker role spell, from an HR or agency extract.

Names are read only with ``--keep-names``; date of birth, gender and ethnicity only with
``--keep-census``; the SWE number is read and stored as a keyed hash unless ``--keep-swe``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Any

from cswork.importers.columns import (
    Column,
    FieldReader,
    ReadField,
    Row,
    Sheet,
    missing_message,
    staged_columns,
)
from cswork.importers.context import ImportContext
from cswork.importers.labels import label_problem
from cswork.importers.values import (
    Cell,
    parse_contract,
    parse_date,
    parse_destination,
    parse_fte,
    parse_hours,
    parse_hours_fte,
    parse_job_type,
    parse_leaving_reason,
    parse_money,
    parse_org_role,
    parse_route,
    parse_yes_no,
    text,
)
from cswork.model.money import JOB_TYPE_ROLES, JobType
from cswork.model.records import StaffBlock, StaffRecord, StagedColumns
from cswork.model.workforce import Contract

COLUMNS: tuple[Column, ...] = (
    Column(
        "employee_ref",
        (
            "Employee Number",
            "Employee No",
            "Employee Ref",
            "Emp Ref",
            "Emp No",
            "Employee ID",
            "Staff Number",
            "Staff No",
            "Staff ID",
            "Assignment Number",
            "Payroll ID",
            "Payroll Number",
            "Person Number",
            "Worker ID",
            "Worker Ref",
            "Worker Reference",
            "Candidate ID",
            "Candidate Ref",
            "Candidate Reference",
            "Assignment ID",
            "Booking Reference",
            "Placement ID",
        ),
        required=True,
        description="the worker's reference in the HR or agency system",
    ),
    Column(
        "team",
        (
            "Team Name",
            "Cost Centre",
            "Cost Centre Name",
            "Department",
            "Org Unit",
            "Unit",
            "Hiring Team",
        ),
        required=True,
    ),
    Column("org_role", ("OrgRole", "Role", "DfE Role", "Role Code", "Role Type")),
    Column("job_title", ("Job Title", "Post Title", "Position", "Post", "Job Role", "Job")),
    Column(
        "contract",
        ("Contract Type", "Employment Type", "Worker Type", "Employment Status", "Contract"),
        description="permanent, fixed term or agency (an agency extract without it is all agency)",
    ),
    Column("fte", ("FTE", "Full Time Equivalent", "WTE", "Whole Time Equivalent")),
    Column(
        "hours",
        (
            "Contracted Hours",
            "Weekly Hours",
            "Hours per Week",
            "Working Hours",
            "Hours Booked",
            "Weekly Hours Booked",
        ),
    ),
    Column(
        "start_date",
        (
            "Start Date",
            "Role Start Date",
            "Assignment Start Date",
            "Date Started",
            "Placement Start",
            "Booking Start Date",
            "Assignment Start",
            "Start",
        ),
        required=True,
    ),
    Column(
        "end_date",
        (
            "End Date",
            "Leaving Date",
            "Termination Date",
            "Date Left",
            "Leave Date",
            "Placement End",
            "Assignment End Date",
            "Booking End Date",
            "Assignment End",
            "End",
        ),
    ),
    Column(
        "leaving_reason",
        ("Leaving Reason", "Reason for Leaving", "Termination Reason", "Reason Left"),
    ),
    Column("leaver_destination", ("Leaver Destination", "Destination")),
    Column(
        "qualified_date",
        ("Qualified Date", "Date Qualified", "Qualification Date", "Date of Qualification"),
    ),
    Column("cohort", ("Academy Cohort", "Cohort Name", "Intake")),
    Column(
        "recruitment_route",
        (
            "Recruitment Route",
            "Route",
            "Source",
            "Start Origin",
            "Recruitment Source",
            "Entry Route",
            "Route In",
            "Starter Route",
            "Hire Source",
        ),
        description="how the starter came (academy/ASYE, Step Up, Frontline, apprenticeship, "
        "return to practice, international, experienced, agency conversion, other, or a census "
        "StartOrigin code)",
    ),
    Column(
        "agency_supplier",
        ("Agency Supplier", "Supplier", "Agency Name", "Agency", "Supplier Name", "Vendor"),
    ),
    Column(
        "hourly_charge",
        ("Hourly Charge", "Hourly Rate", "Charge Rate", "Agency Rate", "Hourly Charge Rate"),
    ),
    Column(
        "pay_rate",
        ("Pay Rate", "Hourly Pay Rate", "Worker Pay Rate"),
        description="the worker's pay an hour; the charge when the file has no charge column",
    ),
    Column(
        "agency_job_type",
        ("Core Job Type", "Job Category", "Job Type", "Agency Job Type", "Worker Category"),
        description="the core job type price caps are set against",
    ),
    Column("project_team", ("Project Team", "Managed Team", "Managed Service", "Project")),
    Column("covering_vacancy", ("Covering Vacancy", "Covering a Vacancy", "Vacancy Cover")),
    Column("swe_number", ("SWE Number", "SWE No", "SWE Registration", "Registration Number")),
    Column("name", ("Full Name", "Employee Name", "Worker Name")),
    Column("date_of_birth", ("Date of Birth", "DOB", "Birth Date")),
    Column("gender", ("Sex",)),
    Column("ethnicity", ("Ethnic Origin", "Ethnic Group")),
)

_SWE = re.compile(r"^(?:SW)?(\d{1,8})$")


def parse_swe(cell: Cell) -> str:
    """A Social Work England number as 'SW' and digits."""
    match = _SWE.match(re.sub(r"\s+", "", text(cell)).upper())
    if not match:
        raise ValueError("not a Social Work England number (SW followed by digits)")
    return f"SW{match[1]}"


#: Words that answer yes or no: a supplier column holding them is a flag saying whether the
#: worker is agency (an HR extract's 'Agency: Y/N'), not the supplier's name.
_YES_NO = frozenset({"y", "yes", "n", "no", "true", "false"})


def parse_supplier(header: str, cell: Cell) -> str:
    """An agency supplier's name, a label as any other (:func:`label_problem`); refused if it says
    yes or no (``header`` is the column's own header, for the mapping the message suggests)."""
    name = text(cell)
    reason = label_problem(name)
    if reason is not None:
        raise ValueError(reason)
    if name.lower() in _YES_NO:
        raise ValueError(
            "says yes or no, not which agency supplies the worker: if the column says whether "
            "the worker is agency, name it as the contract column in a mapping file "
            f'([columns] contract = "{header}", and under [values.contract] Yes = "Agency", '
            'No = "Permanent")'
        )
    return name


#: Columns only an agency extract has: a file with one of them and no contract column is all agency.
AGENCY_FIELDS = ("agency_supplier", "hourly_charge", "pay_rate", "agency_job_type")


def _either(ctx: ImportContext, first: str, second: str, *others: str) -> bool:
    if first in ctx.present or second in ctx.present or any(o in ctx.present for o in others):
        return True
    by_name = {c.field: c for c in COLUMNS}
    other = by_name[second]  # closest headers to either column are suggested
    either = Column(first, (*by_name[first].aliases, other.field, *other.aliases))
    reason, _, close = missing_message(either, ctx.header).partition("; closest")
    reason += f"; or give {second!r} instead" + (f"; closest{close}" if close else "")
    ctx.problems.add(ctx.header_row, first, "", reason)
    return False


def _contract_or_agency(ctx: ImportContext) -> bool:
    """Whether the file gives contracts, or is an agency extract (every row agency, said so)."""
    if "contract" in ctx.present:
        return True
    if any(name in ctx.present for name in AGENCY_FIELDS):
        ctx.warnings.append(
            "no contract column: every row is read as an agency assignment (the file has "
            "agency columns)"
        )
        return True
    column = next(c for c in COLUMNS if c.field == "contract")
    reason, _, close = missing_message(column, ctx.header).partition("; closest")
    reason += "; or, for an agency extract, agency columns such as 'Supplier' or 'Charge Rate'"
    ctx.problems.add(
        ctx.header_row, "contract", "", reason + (f"; closest{close}" if close else "")
    )
    return False


def _withheld(ctx: ImportContext) -> None:
    flags = {"name": "--keep-names", "date_of_birth": "--keep-census"}
    flags |= {"gender": "--keep-census", "ethnicity": "--keep-census"}
    for name, flag in flags.items():
        kept = ctx.options.keep_names if flag == "--keep-names" else ctx.options.keep_census
        if name in ctx.present and not kept:
            ctx.warnings.append(f"column {name!r} was not read or stored (pass {flag} to keep it)")


class _Readers:
    """A reader per field, fetched once per file so the row loop does no lookups."""

    def __init__(self, sheet: Sheet, ctx: ImportContext) -> None:
        hours = ctx.settings.standard_hours
        #: The readers themselves, by the attribute holding their ``read``.
        self.by: dict[str, FieldReader[Any]] = {}

        def read(name: str, parser: Callable[[Cell], Any]) -> FieldReader[Any]:
            return sheet.reader(name, parser)

        self.ref = self._keep("ref", read("employee_ref", text))
        self.team = self._keep("team", read("team", text))
        self.role = self._keep("role", read("org_role", parse_org_role))
        self.title = self._keep("title", read("job_title", text))
        self.title_role = self._keep("title_role", read("job_title", parse_org_role))
        self.contract = self._keep("contract", read("contract", parse_contract))
        self.fte = self._keep("fte", read("fte", partial(parse_fte, standard_hours=hours)))
        self.hours = self._keep(
            "hours", read("hours", partial(parse_hours_fte, standard_hours=hours))
        )
        self.start = self._keep("start", read("start_date", parse_date))
        self.end = self._keep("end", read("end_date", parse_date))
        self.reason = self._keep("reason", read("leaving_reason", parse_leaving_reason))
        self.destination = self._keep("destination", read("leaver_destination", parse_destination))
        self.qualified = self._keep("qualified", read("qualified_date", parse_date))
        self.cohort = self._keep("cohort", read("cohort", text))
        self.route = self._keep("route", read("recruitment_route", parse_route))
        self.supplier = self._keep(
            "supplier",
            read("agency_supplier", partial(parse_supplier, sheet.header_of("agency_supplier"))),
        )
        self.charge_field = "hourly_charge" if "hourly_charge" in ctx.present else "pay_rate"
        self.charge = self._keep("charge", read(self.charge_field, parse_money))
        self.job_type = self._keep("job_type", read("agency_job_type", parse_job_type))
        self.weekly_hours = self._keep("weekly_hours", read("hours", parse_hours))
        self.project_team = self._keep("project_team", read("project_team", parse_yes_no))
        self.all_agency = "contract" not in ctx.present
        self.covering = self._keep("covering", read("covering_vacancy", parse_yes_no))
        self.swe = self._keep("swe", read("swe_number", parse_swe))
        self.name = self._keep("name", read("name", text))
        self.born = self._keep("born", read("date_of_birth", parse_date))
        self.gender = self._keep("gender", read("gender", text))
        self.ethnicity = self._keep("ethnicity", read("ethnicity", text))
        self.has_hours = "hours" in ctx.present
        self.keep_names = ctx.options.keep_names
        self.keep_census = ctx.options.keep_census

    def _keep(self, name: str, reader: FieldReader[Any]) -> ReadField[Any]:
        self.by[name] = reader
        return reader.read


def parse(ctx: ImportContext) -> Iterator[StaffRecord | StaffBlock | StagedColumns]:
    """Validated staff records, one per data row, or a block of them as columns (rows read by
    column, not yet counted as read: see :class:`StaffBlock`); problems go to ``ctx.problems``."""
    sheet = ctx.sheet(COLUMNS)
    role = _either(ctx, "org_role", "job_title", "agency_job_type")
    fte = _either(ctx, "fte", "hours")  # report both, and with any other missing columns
    contract = _contract_or_agency(ctx)
    if sheet is None or not (role and fte and contract):
        return
    _withheld(ctx)
    if "pay_rate" in ctx.present and "hourly_charge" not in ctx.present:
        ctx.warnings.append(
            "no charge-rate column: the pay rate is taken as the hourly charge, so agency spend "
            "leaves out the agency's margin"
        )
    readers = _Readers(sheet, ctx)
    staged = _staged(sheet, ctx, readers)
    if staged is not None:
        yield staged
    else:
        yield from _rows(sheet, readers)


def _staged(sheet: Sheet, ctx: ImportContext, read: _Readers) -> StagedColumns | None:
    """The file's rows as :class:`StagedColumns` (see :mod:`cswork.store.apply_staged`) whose
    values are named as :class:`_Readers` names its readers, and whose careful reader is
    :func:`_rows` over the file opened again; ``None`` when the rows must be read here (a
    workbook, a mapping file that relabels values, ``--snapshot``, dates of birth kept for the
    census, which are checked against each row's start date). Each row's role comes from its
    OrgRole, else its job title, else its agency job type, as :func:`_columns` takes it."""
    present = ctx.present
    if ctx.options.snapshot is not None or (read.keep_census and "date_of_birth" in present):
        return None
    role = next(
        name
        for field, name in (("org_role", "role"), ("job_title", "title_role"), ("", "job_type"))
        if field in present or not field
    )
    required = ["ref", "team", "start", role, "fte" if "fte" in present else "hours"]
    constants: dict[str, Any] = {}
    if read.all_agency:
        constants["contract"] = Contract.AGENCY
    else:
        required.append("contract")
    optional = [n for n, field in _OPTIONAL.items() if field in present and n not in required]
    if "pay_rate" in present and "hourly_charge" not in present:
        optional.append("charge")
    if "hours" in present:
        optional.append("weekly_hours")
    if read.keep_names and "name" in present:
        optional.append("name")
    if read.keep_census:
        optional += [name for name in ("born", "gender", "ethnicity") if _CENSUS[name] in present]
    readers = {name: read.by[name] for name in (*required, *optional)}

    def careful() -> Iterator[StaffRecord | StaffBlock]:
        kept = list(ctx.warnings)
        again = ctx.sheet(COLUMNS)  # the same file: the same header and columns
        ctx.warnings[:] = kept
        assert again is not None
        yield from _rows(again, _Readers(again, ctx))

    blanks = dict.fromkeys(optional)
    return staged_columns(sheet, ctx.facts.spreadsheet, readers, blanks, careful, constants)


#: Optional values a staged file may give, by reader, and the field each is read from.
_OPTIONAL = {
    "title": "job_title",
    "end": "end_date",
    "reason": "leaving_reason",
    "destination": "leaver_destination",
    "qualified": "qualified_date",
    "cohort": "cohort",
    "route": "recruitment_route",
    "supplier": "agency_supplier",
    "charge": "hourly_charge",
    "job_type": "agency_job_type",
    "project_team": "project_team",
    "covering": "covering_vacancy",
    "swe": "swe_number",
}
_CENSUS = {"born": "date_of_birth", "gender": "gender", "ethnicity": "ethnicity"}


def _rows(sheet: Sheet, readers: _Readers) -> Iterator[StaffRecord | StaffBlock]:
    """The records of the rest of ``sheet``, a block of rows at a time: by column where every
    cell reads without a problem, else row by row."""
    first_row: dict[tuple[str, date], int] = {}
    present = set(sheet.positions)
    while True:
        numbered, error = sheet.take(BLOCK_ROWS)
        cells = sheet.block(numbered, count=False) if numbered else None
        columns = _columns(cells, readers, present) if cells is not None else None
        block = _block(numbered, columns, first_row) if columns is not None else None
        if block is not None:
            yield block
            rows: Iterator[StaffRecord | Row] = iter(())
        elif columns is None:
            rows = sheet.rows_of(numbered)
        else:
            rows = _by_column(sheet, numbered, columns, first_row)
        for row in rows:
            if not isinstance(row, Row):
                yield row  # a record read by column
                continue
            record = _record(row, readers)
            if record is None:
                continue
            key = (record.employee_ref, record.start)
            if key in first_row:
                row.problem(
                    "start_date",
                    record.start.isoformat(),
                    f"duplicate of row {first_row[key]} (same employee ref and start date)",
                )
                continue
            first_row[key] = row.number
            yield record
        if error is not None:
            raise error
        if not numbered:
            return


#: Rows read at a time (by column, when every cell is text already seen).
BLOCK_ROWS = 2_000
_Column = list[Any]


def _columns(cells: list[list[Cell]], read: _Readers, present: set[str]) -> list[_Column] | None:
    """A block's fields in :class:`StaffRecord` order (after ``row``), each read by column, when
    every cell reads as :func:`_record` would read it without a problem, a fresh parse or a
    choice between fields that differs from row to row; else ``None``."""
    size = len(cells)
    nothing: _Column = [None] * size

    by = read.by

    def required(name: str) -> _Column | None:
        return by[name].column(cells)

    def optional(field: str, name: str) -> _Column | None:
        return by[name].column(cells, blank=True) if field in present else nothing

    ref, team, start = required("ref"), required("team"), required("start")
    if ref is None or team is None or start is None:
        return None
    title = optional("job_title", "title")
    job_type = optional("agency_job_type", "job_type")
    if "org_role" in present:
        role = required("role")
    elif "job_title" in present:
        role = required("title_role") if required("title") is not None else None
    elif "agency_job_type" in present and required("job_type") is not None:
        role = [JOB_TYPE_ROLES[JobType(value)] for value in job_type or ()]
    else:
        role = None
    contract = [Contract.AGENCY] * size if read.all_agency else required("contract")
    fte = required("fte") if "fte" in present else required("hours")
    if role is None or contract is None or fte is None or title is None or job_type is None:
        return None
    census, names = read.keep_census, read.keep_names
    rest = [
        optional("end_date", "end"),
        _values(optional("leaving_reason", "reason")),
        _values(optional("leaver_destination", "destination")),
        optional("qualified_date", "qualified"),
        optional("cohort", "cohort"),
        optional("agency_supplier", "supplier"),
        optional(read.charge_field, "charge"),
        optional("covering_vacancy", "covering"),
        job_type,
        optional("hours", "weekly_hours"),
        optional("project_team", "project_team"),
        optional("swe_number", "swe"),
        optional("name", "name") if names else nothing,
        optional("date_of_birth", "born") if census else nothing,
        optional("gender", "gender") if census else nothing,
        optional("ethnicity", "ethnicity") if census else nothing,
        optional("recruitment_route", "route"),
    ]
    if any(column is None for column in rest):
        return None
    return [ref, team, role, title, contract, fte, start, *rest]  # type: ignore[list-item]


def _values(column: _Column | None) -> _Column | None:
    """Enum members as their values (``None`` kept)."""
    if column is None:
        return None
    return [member.value if member is not None else None for member in column]


def _block(
    numbered: list[tuple[int, list[Cell]]],
    columns: list[_Column],
    first_row: dict[tuple[str, date], int],
) -> StaffBlock | None:
    """The block's rows as a :class:`StaffBlock`, when no row ends before it starts and no
    employee ref and start date comes twice (in the block, or before it in the file); else
    ``None``, and the rows are handed on one at a time by :func:`_by_column`."""
    refs, starts, ends, born = columns[0], columns[6], columns[7], columns[_BORN]
    if ends.count(None) != len(ends) and any(
        end is not None and end < start for start, end in zip(starts, ends, strict=True)
    ):
        return None
    if born.count(None) != len(born) and not all(
        day is None or _born_before(day, start) for start, day in zip(starts, born, strict=True)
    ):
        return None
    keys = list(zip(refs, starts, strict=True))
    if len(set(keys)) != len(keys) or not first_row.keys().isdisjoint(keys):
        return None
    numbers = list(map(itemgetter(0), numbered))
    first_row.update(zip(keys, numbers, strict=True))
    return StaffBlock(numbers, columns)


def _by_column(
    sheet: Sheet,
    numbered: list[tuple[int, list[Cell]]],
    columns: list[_Column],
    first_row: dict[tuple[str, date], int],
) -> Iterator[StaffRecord | Row]:
    """The block's rows as records, counted as read as each is handed on; a row whose end date is
    before its start, or that repeats an employee ref and start date, as a :class:`Row`, to be
    read one at a time (and so reported as before)."""
    counts = sheet.counts
    make = StaffRecord._make
    for (number, cells), values in zip(numbered, zip(*columns, strict=True), strict=True):
        counts.read += 1
        ref, start, end, born = values[0], values[6], values[7], values[_BORN]
        if (
            (end is not None and end < start)
            or (ref, start) in first_row
            or (born is not None and not _born_before(born, start))
        ):
            yield Row(number, cells, sheet)
            continue
        first_row[ref, start] = number
        yield make((number, *values))


#: The youngest a worker can be at the start of a spell: a later date of birth is a mistake
#: (most often a two-digit year, which reads as 2000-2068).
YOUNGEST_AT_START = 14
BORN_TOO_LATE = (
    f"the date of birth is less than {YOUNGEST_AT_START} years before the start date (a "
    "two-digit year read as 20xx? write the year in full)"
)


#: Where the date of birth is among a block's columns (which are a record's fields after its row).
_BORN = StaffRecord._fields.index("date_of_birth") - 1


def _born_before(born: date, start: date) -> bool:
    """Whether ``born`` is at least :data:`YOUNGEST_AT_START` years before ``start``."""
    return (start.year - born.year, start.month, start.day) >= (
        YOUNGEST_AT_START,
        born.month,
        born.day,
    )


def _record(row: Row, read: _Readers) -> StaffRecord | None:
    ref = read.ref(row, True)
    team = read.team(row, True)
    role = read.role(row)
    title = read.title(row)
    job_type = read.job_type(row)
    if role is None and title is not None and row.ok:
        role = read.title_role(row)
    elif role is None and job_type is not None:
        role = JOB_TYPE_ROLES[JobType(job_type)]
    elif role is None and row.ok:
        row.problem("org_role", "", "a role is required (an OrgRole code or a job title)")
    contract = Contract.AGENCY if read.all_agency else read.contract(row, True)
    fte = read.fte(row)
    if fte is None and read.has_hours:
        fte = read.hours(row)
    if fte is None and row.ok:
        row.problem("fte", "", "an FTE (or contracted hours) is required")
    start = read.start(row, True)
    end = read.end(row)
    if start and end and end < start:
        row.problem("end_date", end.isoformat(), "the end date is before the start date")
    born = read.born(row) if read.keep_census else None
    if start and born and not _born_before(born, start):
        row.problem("date_of_birth", born.isoformat(), BORN_TOO_LATE)
    reason = read.reason(row)
    destination = read.destination(row)
    census = read.keep_census
    record = StaffRecord(
        row=row.number,
        employee_ref=ref or "",
        team=team or "",
        org_role=role or 0,
        job_title=title,
        contract=contract or Contract.PERMANENT,
        fte=fte or 0.0,
        start=start or date.min,
        end=end,
        leaving_reason=reason.value if reason else None,
        leaver_destination=destination.value if destination else None,
        qualified=read.qualified(row),
        cohort=read.cohort(row),
        agency_supplier=read.supplier(row),
        hourly_charge=read.charge(row),
        covering_vacancy=read.covering(row),
        agency_job_type=job_type,
        weekly_hours=read.weekly_hours(row) if read.has_hours and row.ok else None,
        project_team=read.project_team(row),
        swe_number=read.swe(row),
        name=read.name(row) if read.keep_names else None,
        date_of_birth=born,
        gender=read.gender(row) if census else None,
        ethnicity=read.ethnicity(row) if census else None,
        route=read.route(row),
    )
    return record if row.ok else None
