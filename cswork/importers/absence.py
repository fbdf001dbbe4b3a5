"""The ``absence`` kind: per worker, working days lost over a period, and long-term absences from a
date (to a date, or still absent), each with a reason category.

Only the category is kept (sickness, maternity or parental leave, other). A reason that is not one
of the known labels is refused, so medical detail typed into it never reaches the database; a column
of medical detail (diagnosis, condition, notes ...) is not read or stored, with a warning naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.importers.staff import COLUMNS as STAFF_COLUMNS
from cswork.importers.synonyms import MEDICAL_HEADER_WORDS
from cswork.importers.values import Cell, parse_absence_reason, parse_date, parse_number, text
from cswork.model.records import AbsenceRecord

_REF = next(c for c in STAFF_COLUMNS if c.field == "employee_ref")

COLUMNS: tuple[Column, ...] = (
    Column("employee_ref", _REF.aliases, required=True, description=_REF.description),
    Column(
        "period_start",
        ("Period Start", "Period From", "From", "Start of Period", "Period Start Date"),
        description="first day of the period the days lost are counted over",
    ),
    Column(
        "period_end",
        ("Period End", "Period To", "To", "End of Period", "Period End Date"),
        description="last day of that period",
    ),
    Column(
        "days_lost",
        (
            "Days Lost",
            "Working Days Lost",
            "Days Absent",
            "Absence Days",
            "FTE Days Lost",
            "Sickness Days",
            "Days",
        ),
        description="working days lost in the period",
    ),
    Column(
        "absent_from",
        (
            "Absence Start",
            "Absent From",
            "Absence Start Date",
            "First Day of Absence",
            "Long Term Absence From",
            "LTA Start",
            "Leave Start",
        ),
        description="first day of a long-term absence",
    ),
    Column(
        "absent_to",
        (
            "Absence End",
            "Absent To",
            "Absence End Date",
            "Return Date",
            "Date Returned",
            "LTA End",
            "Leave End",
        ),
        description="last day of it (blank: still absent)",
    ),
    Column(
        "reason",
        (
            "Absence Reason",
            "Reason",
            "Absence Type",
            "Reason Category",
            "Absence Category",
            "Category",
            "Leave Type",
        ),
        description="sickness, maternity/parental or other (never medical detail)",
    ),
)

#: The most working days a year could lose (a setting caps nothing; this catches typing slips).
MAX_DAYS_LOST = 366


def _days(cell: Cell) -> float:
    value = parse_number(cell)
    if value < 0:
        raise ValueError("days lost must not be negative")
    if value > MAX_DAYS_LOST:
        raise ValueError(f"days lost must be at most {MAX_DAYS_LOST}")
    return value


def _medical_columns(ctx: ImportContext) -> list[str]:
    """Headers the file has that look like medical detail (and that no field claims)."""
    claimed = {ctx.header_of(name) for name in ctx.present}
    found = []
    for header in ctx.header:
        if header in claimed:
            continue
        words = " " + re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).strip() + " "
        if any(f" {word} " in words for word in MEDICAL_HEADER_WORDS):
            found.append(str(header))
    return found


def parse(ctx: ImportContext) -> Iterator[AbsenceRecord]:
    """Validated absence records, one per data row; problems go to ``ctx.problems``."""
    sheet = ctx.sheet(COLUMNS)
    if sheet is None:
        return
    if "days_lost" not in ctx.present and "absent_from" not in ctx.present:
        ctx.problems.add(
            ctx.header_row,
            "days_lost",
            "",
            "the file needs days lost (with the period) or long-term absence start dates "
            "(columns such as 'Days Lost' or 'Absence Start')",
        )
        return
    for header in _medical_columns(ctx):
        ctx.warnings.append(
            f"column {header!r} looks like medical detail: it was not read or stored (cswork "
            "keeps only the reason category: sickness, maternity/parental or other)"
        )
    for row in sheet.rows():
        ref = row.get("employee_ref", text, required=True)
        start = row.get("period_start", parse_date)
        end = row.get("period_end", parse_date)
        days = row.get("days_lost", _days)
        absent_from = row.get("absent_from", parse_date)
        absent_to = row.get("absent_to", parse_date)
        reason = row.get("reason", parse_absence_reason)
        if days is not None and (start is None or end is None) and row.ok:
            missing = "period_start" if start is None else "period_end"
            row.problem(missing, "", "days lost need the period they were lost in (start and end)")
        if start is not None and end is not None and end < start:
            row.problem("period_end", end.isoformat(), "the period ends before it starts")
        if absent_from is not None and absent_to is not None and absent_to < absent_from:
            row.problem("absent_to", absent_to.isoformat(), "the absence ends before it starts")
        if absent_to is not None and absent_from is None and row.ok:
            row.problem("absent_from", "", "an absence end needs the day the absence began")
        if absent_from is not None and reason is None and row.ok:
            row.problem("reason", "", "a long-term absence needs its reason category")
        if days is None and absent_from is None and row.ok:
            row.problem("days_lost", "", "give days lost (with the period) or an absence start")
        if not row.ok or ref is None:
            continue
        yield AbsenceRecord(
            row=row.number,
            worker_ref=ref,
            period_start=start if days is not None else None,
            period_end=end if days is not None else None,
            days_lost=days,
            absent_from=absent_from,
            absent_to=absent_to,
            reason=reason,
        )
