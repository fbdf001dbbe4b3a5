"""The ``staff`` kind: one row per worker role spell, from an HR or agency extract.

Names are read only with ``--keep-names``; date of birth, gender and ethnicity only with
``--keep-census``; the SWE number is read and stored as a salted hash unless ``--keep-swe``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

from cswork.importers.columns import Column, Row, missing_message
from cswork.importers.registry import ImportContext
from cswork.importers.values import (
    Cell,
    parse_contract,
    parse_date,
    parse_destination,
    parse_fte,
    parse_hours_fte,
    parse_leaving_reason,
    parse_money,
    parse_org_role,
    parse_yes_no,
    text,
)
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
        ),
        required=True,
        description="the worker's reference in the HR or agency system",
    ),
    Column(
        "team",
        ("Team Name", "Cost Centre", "Cost Centre Name", "Department", "Org Unit", "Unit"),
        required=True,
    ),
    Column("org_role", ("OrgRole", "Role", "DfE Role", "Role Code", "Role Type")),
    Column("job_title", ("Job Title", "Post Title", "Position", "Post", "Job Role", "Job")),
    Column(
        "contract",
        ("Contract Type", "Employment Type", "Worker Type", "Employment Status", "Contract"),
        required=True,
    ),
    Column("fte", ("FTE", "Full Time Equivalent", "WTE", "Whole Time Equivalent")),
    Column("hours", ("Contracted Hours", "Weekly Hours", "Hours per Week", "Working Hours")),
    Column(
        "start_date",
        (
            "Start Date",
            "Role Start Date",
            "Assignment Start Date",
            "Date Started",
            "Placement Start",
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
            "End",
        ),
    ),
    Column(
        "leaving_reason",
        ("Leaving Reason", "Reason for Leaving", "Termination Reason", "Reason Left"),
    ),
    Column("leaver_destination", ("Leaver Destination", "Destination")),
    Column("qualified_date", ("Qualified Date", "Date Qualified", "Qualification Date")),
    Column("cohort", ("Academy Cohort", "Cohort Name", "Intake")),
    Column("agency_supplier", ("Agency Supplier", "Supplier", "Agency Name", "Agency")),
    Column("hourly_charge", ("Hourly Charge", "Hourly Rate", "Charge Rate", "Agency Rate")),
    Column("covering_vacancy", ("Covering Vacancy", "Covering a Vacancy", "Vacancy Cover")),
    Column("swe_number", ("SWE Number", "SWE No", "SWE Registration", "Registration Number")),
    Column("name", ("Full Name", "Employee Name", "Worker Name")),
    Column("date_of_birth", ("Date of Birth", "DOB", "Birth Date")),
    Column("gender", ("Sex",)),
    Column("ethnicity", ("Ethnic Origin", "Ethnic Group")),
)

_SWE = re.compile(r"^(?:SW)?(\d{1,8})$")


@dataclass(frozen=True, slots=True)
class StaffRecord:
    """A validated role spell and what it says about its worker."""

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
    swe_number: str | None
    name: str | None
    date_of_birth: date | None
    gender: str | None
    ethnicity: str | None


def parse_swe(cell: Cell) -> str:
    """A Social Work England number as 'SW' and digits."""
    match = _SWE.match(re.sub(r"\s+", "", text(cell)).upper())
    if not match:
        raise ValueError("not a Social Work England number (SW followed by digits)")
    return f"SW{match[1]}"


def _either(ctx: ImportContext, first: str, second: str) -> bool:
    if first in ctx.present or second in ctx.present:
        return True
    by_name = {c.field: c for c in COLUMNS}
    reason = missing_message(by_name[first], ctx.header)
    ctx.problems.add(ctx.header_row, first, "", f"{reason}; or give {second!r} instead")
    return False


def _withheld(ctx: ImportContext) -> None:
    flags = {"name": "--keep-names", "date_of_birth": "--keep-census"}
    flags |= {"gender": "--keep-census", "ethnicity": "--keep-census"}
    for name, flag in flags.items():
        kept = ctx.options.keep_names if flag == "--keep-names" else ctx.options.keep_census
        if name in ctx.present and not kept:
            ctx.warnings.append(f"column {name!r} was not read or stored (pass {flag} to keep it)")


def parse(ctx: ImportContext) -> Iterator[StaffRecord]:
    """Validated staff records, one per data row; problems go to ``ctx.problems``."""
    sheet = ctx.sheet(COLUMNS)
    if sheet is None:
        return
    if not (_either(ctx, "org_role", "job_title") and _either(ctx, "fte", "hours")):
        return
    _withheld(ctx)
    hours = ctx.settings.standard_hours
    parsers = (
        partial(parse_fte, standard_hours=hours),
        partial(parse_hours_fte, standard_hours=hours),
    )
    first_row: dict[tuple[str, date], int] = {}
    for row in sheet.rows():
        record = _record(row, ctx, parsers)
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


def _record(
    row: Row, ctx: ImportContext, parsers: tuple[Callable[[Cell], float], Callable[[Cell], float]]
) -> StaffRecord | None:
    options = ctx.options
    ref = row.text("employee_ref", required=True)
    team = row.text("team", required=True)
    role = row.get("org_role", parse_org_role)
    title = row.text("job_title")
    if role is None and title is not None and row.ok:
        role = row.get("job_title", parse_org_role)
    elif role is None and row.ok:
        row.problem("org_role", "", "a role is required (an OrgRole code or a job title)")
    contract = row.get("contract", parse_contract, required=True)
    fte = row.get("fte", parsers[0])
    if fte is None and "hours" in ctx.present:
        fte = row.get("hours", parsers[1])
    if fte is None and row.ok:
        row.problem("fte", "", "an FTE (or contracted hours) is required")
    start = row.get("start_date", parse_date, required=True)
    end = row.get("end_date", parse_date)
    if start and end and end < start:
        row.problem("end_date", end.isoformat(), "the end date is before the start date")
    reason = row.get("leaving_reason", parse_leaving_reason)
    destination = row.get("leaver_destination", parse_destination)
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
        qualified=row.get("qualified_date", parse_date),
        cohort=row.text("cohort"),
        agency_supplier=row.text("agency_supplier"),
        hourly_charge=row.get("hourly_charge", parse_money),
        covering_vacancy=row.get("covering_vacancy", parse_yes_no),
        swe_number=row.get("swe_number", parse_swe),
        name=row.text("name") if options.keep_names else None,
        date_of_birth=row.get("date_of_birth", parse_date) if options.keep_census else None,
        gender=row.text("gender") if options.keep_census else None,
        ethnicity=row.text("ethnicity") if options.keep_census else None,
    )
    return record if row.ok else None
