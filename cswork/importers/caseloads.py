"""The ``caseloads`` kind: cases held per worker as at a date, in one of three layouts.

- long counts: worker, as-at date, case type, cases;
- wide counts: worker, as-at date, and one column per case type (CIN, CP, CLA, CL, ...);
- allocations: worker, as-at date, case type and a child identifier, one row per child; rows are
  counted per worker, date and case type on import, and the child identifiers are never stored.

The as-at date may come from ``--as-at`` instead of a column. Duplicate counts and unknown worker
references are found by the store when it applies the file (so memory stays flat for big files).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter

from cswork.importers.columns import Column, FieldReader, Row, Sheet, staged_columns
from cswork.importers.context import ImportContext
from cswork.importers.values import (
    CASE_TYPE_SYNONYMS,
    Cell,
    parse_case_type,
    parse_count,
    parse_date,
    text,
)
from cswork.model.records import CASELOAD_BATCH, CaseloadBlock, CaseloadRecord, StagedColumns
from cswork.model.settings import CASE_TYPES

COLUMNS: tuple[Column, ...] = (
    Column(
        "worker_ref",
        (
            "Worker",
            "Worker ID",
            "Employee Ref",
            "Employee Number",
            "Employee ID",
            "Staff ID",
            "Allocated Worker ID",
            "Allocated Worker",
            "Caseworker ID",
            "Key Worker",
        ),
        required=True,
    ),
    Column("as_at", ("As At", "As At Date", "Snapshot Date", "Report Date", "Count Date", "Date")),
    Column("case_type", ("Case Type", "Category", "Legal Status", "Case Status", "Plan Type")),
    Column("cases", ("Cases", "Count", "Number of Cases", "Caseload", "Number")),
    Column(
        "child_id",
        ("Child ID", "Child Ref", "Person ID", "Client ID", "LCS ID", "Mosaic ID", "Case ID"),
    ),
)
#: Wide-layout columns, one per case type.
WIDE_COLUMNS: tuple[Column, ...] = tuple(
    Column(
        f"type:{case_type}",
        tuple(label for label, target in CASE_TYPE_SYNONYMS.items() if target == case_type),
    )
    for case_type in CASE_TYPES
)


def parse(ctx: ImportContext) -> Iterator[CaseloadRecord | CaseloadBlock | StagedColumns]:
    """Caseload counts from any of the three layouts; a long CSV file as :class:`StagedColumns`
    (read by column in SQL, or again by :func:`_long` if anything in it might be wrong)."""
    sheet = ctx.sheet(COLUMNS + WIDE_COLUMNS)
    if sheet is None:
        return
    present = ctx.present
    if "as_at" not in present and ctx.options.as_at is None:
        ctx.problems.add(
            ctx.header_row, "as_at", "", "required column 'as_at' is missing (or pass --as-at)"
        )
        return
    wide = [c.field for c in WIDE_COLUMNS if c.field in present]
    if "case_type" in present and "cases" in present:
        staged = _staged(sheet, ctx)
        if staged is not None:
            yield staged
        else:
            yield from _long(sheet, ctx)
    elif "case_type" in present and "child_id" in present:
        yield from _allocations(sheet, ctx)
    elif wide:
        yield from _wide(sheet, ctx, wide)
    else:
        ctx.problems.add(
            ctx.header_row,
            "case_type",
            "",
            "needs 'case_type' with 'cases' (counts), 'case_type' with 'child_id' "
            "(allocations), or one column per case type (CIN, CP, CLA, CL, Assessment, Other)",
        )


def _iso_date(cell: Cell) -> str:
    return parse_date(cell).isoformat()


def _as_at(sheet: Sheet, ctx: ImportContext) -> Callable[[Row], str | None]:
    """A reader of the as-at date as ISO text, falling back to ``--as-at``."""
    reader = sheet.reader("as_at", _iso_date)
    fallback = ctx.options.as_at.isoformat() if ctx.options.as_at else None
    required = fallback is None

    def read(row: Row) -> str | None:
        return reader.read(row, required) or fallback

    return read


#: The fields of long counts, each with its parser.
LONG_FIELDS: dict[str, Callable[[Cell], object]] = {
    "worker_ref": text,
    "as_at": _iso_date,
    "case_type": parse_case_type,
    "cases": parse_count,
}


def _staged(sheet: Sheet, ctx: ImportContext) -> StagedColumns | None:
    """Long counts from a CSV file as :class:`StagedColumns`, whose careful reader is
    :func:`_long` over the file opened again; ``None`` if the file must be read row by row
    anyway (a workbook, or a mapping file that relabels values)."""
    fields = {
        name: sheet.reader(name, parser)
        for name, parser in LONG_FIELDS.items()
        if name in ctx.present
    }
    fallback = ctx.options.as_at.isoformat() if ctx.options.as_at else None
    blanks = {"as_at": fallback} if fallback is not None else {}

    def careful() -> Iterator[CaseloadRecord | CaseloadBlock]:
        kept = list(ctx.warnings)
        again = ctx.sheet(COLUMNS + WIDE_COLUMNS)  # the same file: the same header and columns
        ctx.warnings[:] = kept
        assert again is not None
        yield from _long(again, ctx)

    constants = {} if "as_at" in fields or fallback is None else {"as_at": fallback}
    return staged_columns(sheet, ctx.facts.spreadsheet, fields, blanks, careful, constants)


def _long(sheet: Sheet, ctx: ImportContext) -> Iterator[CaseloadRecord | CaseloadBlock]:
    """Long counts, read a block of rows at a time by column where every cell is text already
    seen (most of a big file), and row by row where any is not (so every problem is found, in
    order, as before). Blocks end at multiples of :data:`CASELOAD_BATCH` records, so the writer
    meets its batches, and any problems in them, at the same rows either way."""
    ref_of = sheet.reader("worker_ref", text)
    when_of = _as_at(sheet, ctx)
    when_column = sheet.reader("as_at", _iso_date) if "as_at" in ctx.present else None
    fallback = ctx.options.as_at.isoformat() if ctx.options.as_at else None
    type_of = sheet.reader("case_type", parse_case_type)
    cases_of = sheet.reader("cases", parse_count)
    records = 0
    while True:
        numbered, error = sheet.take(CASELOAD_BATCH - records % CASELOAD_BATCH)
        cells = sheet.block(numbered) if numbered else None
        columns = None
        if cells is not None:
            columns = _long_columns(cells, ref_of, when_column, fallback, type_of, cases_of)
            if columns is None:
                sheet.counts.read -= len(cells)  # read again below, row by row
        if columns is not None:
            refs, whens, types, counts = columns
            records += len(refs)
            yield CaseloadBlock(list(map(itemgetter(0), numbered)), refs, whens, types, counts)
        else:
            for row in sheet.rows_of(numbered):
                ref = ref_of.read(row, True)
                when = when_of(row)
                case_type = type_of.read(row, True)
                cases = cases_of.read(row, True)
                if row.ok and ref and when and case_type and cases is not None:
                    records += 1
                    yield CaseloadRecord(row.number, ref, when, case_type, cases)
        if error is not None:
            raise error
        if not numbered:
            return


def _long_columns(
    cells: list[list[Cell]],
    ref_of: FieldReader[str],
    when_of: FieldReader[str] | None,
    fallback: str | None,
    type_of: FieldReader[str],
    cases_of: FieldReader[int],
) -> tuple[list[str], list[str], list[str], list[int]] | None:
    """The block's four columns, if every cell reads without a problem or a fresh parse."""
    refs = ref_of.column(cells)
    if refs is None:
        return None
    if when_of is None:
        whens: list[str] | None = [fallback] * len(cells) if fallback else None
    else:
        whens = when_of.column(cells)
    if whens is None:
        return None
    types = type_of.column(cells)
    counts = cases_of.column(cells) if types is not None else None
    if types is None or counts is None:
        return None
    return refs, whens, types, counts


def _wide(sheet: Sheet, ctx: ImportContext, wide: list[str]) -> Iterator[CaseloadRecord]:
    when_of = _as_at(sheet, ctx)
    for row in sheet.rows():
        ref = row.text("worker_ref", required=True)
        when = when_of(row)
        counts = [(name.split(":", 1)[1], row.get(name, parse_count)) for name in wide]
        if not (row.ok and ref and when):
            continue
        for case_type, cases in counts:
            if cases is not None:
                yield CaseloadRecord(row.number, ref, when, case_type, cases)


def _allocations(sheet: Sheet, ctx: ImportContext) -> Iterator[CaseloadRecord]:
    when_of = _as_at(sheet, ctx)
    totals: dict[tuple[str, str, str], list[int]] = {}
    #: The row of each allocation by a hash of worker, date, case type and child (not the id).
    seen: dict[int, int] = {}
    for row in sheet.rows():
        ref = row.text("worker_ref", required=True)
        when = when_of(row)
        case_type = row.get("case_type", parse_case_type, required=True)
        child = row.text("child_id", required=True)
        if not (row.ok and ref and when and case_type and child):
            continue
        first = seen.setdefault(hash((ref, when, case_type, child)), row.number)
        if first != row.number:
            reason = f"duplicate of row {first} (same worker, date, case type and child)"
            row.problem("child_id", "", reason)  # the child's id is not repeated
            continue
        entry = totals.setdefault((ref, when, case_type), [row.number, 0])
        entry[1] += 1
    for (ref, when, case_type), (first, cases) in totals.items():
        yield CaseloadRecord(first, ref, when, case_type, cases)
