"""The ``caps`` kind: the region's agency price caps, one row per core job type and start date.

A cap runs from its effective-from date until the next cap for the same job type starts (or to its
effective-to date, when the file gives one). A file with an unknown job type, a negative rate, or two
rows for the same job type whose dates overlap is rejected with the row named; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.importers.values import Cell, parse_date, parse_job_type, parse_number
from cswork.model.money import JobType, PriceCap, overlapping
from cswork.model.records import CapRecord

COLUMNS: tuple[Column, ...] = (
    Column(
        "job_type",
        ("Core Job Type", "Job Type", "Job Category", "Role", "Job Role", "Category"),
        required=True,
        description="the core job type the cap is set against",
    ),
    Column(
        "hourly_cap",
        (
            "Price Cap",
            "Cap",
            "Hourly Cap",
            "Cap Rate",
            "Maximum Charge Rate",
            "Max Charge Rate",
            "Maximum Hourly Rate",
            "Max Rate",
            "Rate",
        ),
        required=True,
        description="the most paid an hour (GBP)",
    ),
    Column(
        "effective_from",
        ("Effective From", "Effective Date", "From", "Start Date", "Valid From"),
    ),
    Column("effective_to", ("Effective To", "Until", "End Date", "Valid To", "To")),
)


def _rate(cell: Cell) -> float:
    value = parse_number(cell)
    if value < 0:
        raise ValueError("a price cap must not be negative")
    if value > 1000:
        raise ValueError("a price cap is an hourly rate: at most £1,000")
    return value


def parse(ctx: ImportContext) -> Iterator[CapRecord]:
    """Price caps, checked for unknown job types, negative rates and overlapping dates."""
    sheet = ctx.sheet(COLUMNS)
    if sheet is None:
        return
    if "effective_from" not in ctx.present and ctx.options.as_at is None:
        ctx.problems.add(
            ctx.header_row,
            "effective_from",
            "",
            "required column 'effective_from' is missing (or pass --as-at)",
        )
        return
    records: list[CapRecord] = []
    for row in sheet.rows():
        job_type = row.get("job_type", parse_job_type, required=True)
        rate = row.get("hourly_cap", _rate, required=True)
        since = row.get("effective_from", parse_date) or ctx.options.as_at
        until = row.get("effective_to", parse_date)
        if since is None and row.ok:
            row.problem("effective_from", "", "a value is required")
        if since is not None and until is not None and until < since:
            row.problem("effective_to", until.isoformat(), "is before the effective-from date")
        if not row.ok or job_type is None or rate is None or since is None:
            continue
        records.append(CapRecord(row.number, PriceCap(JobType(job_type), since, rate, until)))
    rows = {id(r.cap): r.row for r in records}
    while True:
        clash = overlapping([r.cap for r in records])
        if clash is None:
            break
        first, second = sorted(clash, key=lambda cap: rows[id(cap)])
        later = rows[id(second)]
        ctx.problems.add(
            later,
            ctx.header_of("effective_from"),
            second.effective_from.isoformat(),
            f"overlaps row {rows[id(first)]} ({first.job_type.label} from "
            f"{first.effective_from.isoformat()}"
            + (f" to {first.effective_to.isoformat()}" if first.effective_to else "")
            + ")",
        )
        records = [r for r in records if r.row != later]
    yield from sorted(records, key=lambda r: r.row)
