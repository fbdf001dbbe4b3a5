"""The ``allocations`` kind: an allocation history, one row per child and worker allocation.

Each row names a child, the worker allocated, the team and the allocation's start and end dates
(blank while open). The child's identifier is used only to tell one child's rows from another's
while the file is read: each child becomes a number in order of first appearance, the identifiers
are dropped with the file, and nothing derived from them (not even a hash) goes further. The store
turns the records into continuity counts (:mod:`cswork.model.continuity`) and keeps only those.

An end date before the start, or the same child, worker and start date twice (an error naming both
rows, without repeating the child's identifier) are problems; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from cswork.importers.columns import Column
from cswork.importers.context import ImportContext
from cswork.importers.values import parse_date, text
from cswork.model.records import AllocationRecord

COLUMNS: tuple[Column, ...] = (
    Column(
        "child_id",
        (
            "Child ID",
            "Child Ref",
            "Child Number",
            "Person ID",
            "Client ID",
            "LCS ID",
            "Mosaic ID",
            "Eclipse ID",
            "Case ID",
        ),
        required=True,
        description="used only while the file is read; never stored",
    ),
    Column(
        "worker_ref",
        (
            "Worker",
            "Worker ID",
            "Worker Ref",
            "Worker Reference",
            "Allocated Worker",
            "Allocated Worker ID",
            "Social Worker",
            "Caseworker ID",
            "Key Worker",
            "Employee Ref",
            "Employee Number",
            "Staff ID",
        ),
        required=True,
        description="the employee reference of the staff data",
    ),
    Column(
        "team",
        ("Team Name", "Allocated Team", "Worker Team", "Allocation Team", "Cost Centre"),
        required=True,
        description="the team holding the child under this allocation",
    ),
    Column(
        "start_date",
        (
            "Start Date",
            "Allocation Start",
            "Allocation Start Date",
            "Allocated From",
            "Date Allocated",
            "Start",
        ),
        required=True,
        description="the first day of the allocation",
    ),
    Column(
        "end_date",
        (
            "End Date",
            "Allocation End",
            "Allocation End Date",
            "Allocated To",
            "Date Ended",
            "Date Deallocated",
            "End",
        ),
        description="the last day of the allocation; blank while open",
    ),
)


def parse(ctx: ImportContext) -> Iterator[AllocationRecord]:
    """Allocation records, each child given a number in order of first appearance."""
    sheet = ctx.sheet(COLUMNS)
    if sheet is None:
        return
    child_of = sheet.reader("child_id", text).read
    worker_of = sheet.reader("worker_ref", text).read
    team_of = sheet.reader("team", text).read
    start_of = sheet.reader("start_date", parse_date).read
    end_of = sheet.reader("end_date", parse_date).read
    #: Each child's number by identifier: held only while the file is read.
    children: dict[str, int] = {}
    #: The first row of each (child number, worker, start date).
    first_row: dict[tuple[int, str, object], int] = {}
    for row in sheet.rows():
        child_id = child_of(row, True)
        worker = worker_of(row, True)
        team = team_of(row, True)
        start = start_of(row, True)
        end = end_of(row)
        if start is not None and end is not None and end < start:
            row.problem("end_date", end.isoformat(), "the end date is before the start date")
        if not row.ok or not child_id or not worker or not team or start is None:
            continue
        child = children.setdefault(child_id, len(children))
        key = (child, worker, start)
        first = first_row.setdefault(key, row.number)
        if first != row.number:
            # the child's identifier is not repeated in the message
            row.problem(
                "child_id", "", f"duplicate of row {first} (same child, worker and start date)"
            )
            continue
        yield AllocationRecord(row.number, child, worker, team, start, end)
