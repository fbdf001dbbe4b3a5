"""The small kinds: ``establishment`` (funded FTE), ``demand`` (monthly counts) and ``cohorts``.

Establishment rows for the same team, role and date are added together, so a list of one row per
funded post imports as it stands. Demand is long (month, measure, value) or wide (a month column and
one column per measure). A demand month or cohort name given twice is an error naming both rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cswork.importers.columns import Column, normalise
from cswork.importers.context import ImportContext
from cswork.importers.values import (
    DEMAND_MEASURES,
    MAX_COUNT,
    Cell,
    parse_count,
    parse_date,
    parse_measure,
    parse_month,
    parse_number,
    parse_org_role,
    text,
)
from cswork.model.records import CohortRecord, DemandRecord, EstablishmentRecord

ESTABLISHMENT_COLUMNS: tuple[Column, ...] = (
    Column("team", ("Team Name", "Cost Centre", "Cost Centre Name", "Department"), required=True),
    Column("org_role", ("OrgRole", "Role", "DfE Role", "Role Code", "Job Title", "Post Title")),
    Column(
        "funded_fte",
        ("Funded FTE", "Establishment", "Establishment FTE", "Budgeted FTE", "Funded Posts", "FTE"),
        required=True,
    ),
    Column("effective_from", ("Effective From", "Effective Date", "From", "Date")),
)


#: More funded FTE than a row of any authority's establishment could hold (a large one funds
#: about 1,500 in all): more is a typing error.
MAX_FUNDED = 10_000


def _funded(cell: Cell) -> float:
    value = parse_number(cell)
    if value < 0:
        raise ValueError("funded FTE must not be negative")
    if value > MAX_FUNDED:
        raise ValueError("funded FTE must be at most 10,000 (more than any authority funds)")
    return value


def parse_establishment(ctx: ImportContext) -> Iterator[EstablishmentRecord]:
    """Establishment lines, summed by team, role and date."""
    sheet = ctx.sheet(ESTABLISHMENT_COLUMNS)
    if sheet is None:
        return
    if "org_role" not in ctx.present:
        ctx.problems.add(ctx.header_row, "org_role", "", "required column 'org_role' is missing")
        return
    if "effective_from" not in ctx.present and ctx.options.as_at is None:
        ctx.problems.add(
            ctx.header_row,
            "effective_from",
            "",
            "required column 'effective_from' is missing (or pass --as-at)",
        )
        return
    totals: dict[tuple[str, int, date], EstablishmentRecord] = {}
    for row in sheet.rows():
        team = row.text("team", required=True)
        role = row.get("org_role", parse_org_role, required=True)
        funded = row.get("funded_fte", _funded, required=True)
        since = row.get("effective_from", parse_date) or ctx.options.as_at
        if since is None and row.ok:
            row.problem("effective_from", "", "a value is required")
        if not row.ok or team is None or role is None or funded is None or since is None:
            continue
        key = (team, role, since)
        before = totals.get(key)
        total = funded + (before.funded_fte if before else 0.0)
        totals[key] = EstablishmentRecord(
            before.row if before else row.number, team, role, round(total, 4), since
        )
    yield from totals.values()


DEMAND_COLUMNS: tuple[Column, ...] = (
    Column("month", ("Period", "Month Ending", "Reporting Month", "Date"), required=True),
    Column("measure", ("Indicator", "Metric", "Demand Measure")),
    Column("value", ("Count", "Number", "Value")),
)
#: Wide-layout columns: one per measure, named by its slug or a common label.
WIDE_DEMAND: tuple[Column, ...] = tuple(
    Column(
        f"measure:{slug}",
        tuple(label for label, target in DEMAND_MEASURES.items() if target == slug),
    )
    for slug in dict.fromkeys(DEMAND_MEASURES.values())
)


def _demand_value(cell: Cell) -> float:
    value = parse_number(cell)
    if value < 0:
        raise ValueError("must not be negative")
    if value > MAX_COUNT:  # a month's count, as a caseload or cohort size is bounded
        raise ValueError("must be at most 1,000,000")
    return value


def parse_demand(ctx: ImportContext) -> Iterator[DemandRecord]:
    """Demand counts from the long or the wide layout."""
    sheet = ctx.sheet(DEMAND_COLUMNS + WIDE_DEMAND)
    if sheet is None:
        return
    long_layout = "measure" in ctx.present and "value" in ctx.present
    wide = [c.field for c in WIDE_DEMAND if c.field in ctx.present]
    if not long_layout and not wide:
        ctx.problems.add(
            ctx.header_row,
            "measure",
            "",
            "needs 'measure' and 'value' columns, or one column per measure "
            "(Contacts, Referrals, Assessments, S47, ...)",
        )
        return
    first_row: dict[tuple[str, str], int] = {}
    for row in sheet.rows():
        month = row.get("month", parse_month, required=True)
        if long_layout:
            pairs = [(row.get("measure", parse_measure, required=True), "value")]
        else:
            pairs = [(name.split(":", 1)[1], name) for name in wide]
        for measure, column in pairs:
            value = row.get(column, _demand_value, required=long_layout)
            if month is None or measure is None or value is None:
                continue
            if (month, measure) in first_row:
                row.problem(
                    "month",
                    text(row.cell("month")),
                    f"duplicate of row {first_row[month, measure]} (same month and measure: "
                    f"{measure})",
                )
                break  # one problem a row
            first_row[month, measure] = row.number
            yield DemandRecord(row.number, month, measure, value)


COHORT_COLUMNS: tuple[Column, ...] = (
    Column("name", ("Cohort", "Cohort Name", "Academy Cohort", "Intake"), required=True),
    Column("start_date", ("Start Date", "Start", "Intake Date", "Starts"), required=True),
    Column("planned_size", ("Planned Size", "Size", "Planned", "Places", "Starters")),
)


def parse_cohorts(ctx: ImportContext) -> Iterator[CohortRecord]:
    """Academy cohorts, one per row; a name given twice is an error."""
    sheet = ctx.sheet(COHORT_COLUMNS)
    if sheet is None:
        return
    first_row: dict[str, int] = {}
    for row in sheet.rows():
        name = row.text("name", required=True)
        start = row.get("start_date", parse_date, required=True)
        size = row.get("planned_size", parse_count)
        if not row.ok or name is None or start is None:
            continue
        key = normalise(name)
        if key in first_row:
            row.problem("name", name, f"duplicate of row {first_row[key]} (same cohort name)")
            continue
        first_row[key] = row.number
        yield CohortRecord(row.number, name, start, size)
