"""A field read by column gives what reading each cell on its own gives, or declines.

:meth:`FieldReader.column` parses a block's distinct values once and maps the column through them;
:meth:`FieldReader.read_any` is the careful per-cell reader that names every problem. For any
column of cells (dates in every accepted form, Excel serials, impossible dates, formulas, quoted
literals, blanks, spaces, counts, labels, numbers and dates from a workbook), the column reader
must either give exactly the per-cell values with no cell having a problem, or decline (``None``),
and it may decline only when a cell has a problem, is blank where a value is required, or is not
text (or, for a text field, is text the column-wide check leaves to the careful reader).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cswork.importers.columns import FieldReader, Mapping, Row, Sheet
from cswork.importers.readers import Table
from cswork.importers.values import (
    parse_case_type,
    parse_contract,
    parse_count,
    parse_date,
    parse_fte,
    parse_org_role,
    text,
)
from cswork.model.imports import ApplyCounts, Problems
from cswork.model.usertext import MAX_LABEL

PARSERS: dict[str, Any] = {
    "date": parse_date,
    "count": parse_count,
    "case type": parse_case_type,
    "contract": parse_contract,
    "fte": partial(parse_fte, standard_hours=37.0),
    "role": parse_org_role,
    "text": text,
}
CELLS = [
    "2021-01-31", "31/01/2021", "31-Jan-21", "1/2/2021", "20210131", "44000", "44000.0", "60",
    "31/02/2021", "2021-02-30", "0", "7", "-1", "1.5", "80%", "29.6 hrs", "2", "1,000", "£4",
    "CIN", "cp", "Child in Need", "Perm", "FTC", "Locum", "Social Worker", "5", "Clerk",
    "", " ", "  CIN", "CIN ", "=SUM(A1)", '="2021-01-31"', '="00123"', '=""', "==1", "a\tb",
    "Total", "E1", "x" * 300, None, 44000, 1.0, True, date(2021, 1, 31), datetime(2021, 1, 31, 9),
]  # fmt: skip


def _odd_text(cell: object) -> bool:
    """Text the column-wide check leaves to the row-by-row reader (it may be fine)."""
    if not isinstance(cell, str):
        return True
    return (
        cell != cell.strip()
        or cell[:1] in ("", "=")
        or len(cell) > MAX_LABEL
        or not cell.isprintable()
    )


def _sheet() -> Sheet:
    table = Table(["field"], 1, iter([]))
    return Sheet("f.csv", table, {"field": 0}, Mapping(), Problems("f.csv", 10**6), ApplyCounts())


def _one_by_one(
    reader: FieldReader[Any], sheet: Sheet, column: list[Any], required: bool
) -> tuple[list[Any], bool]:
    """Each cell read on its own, and whether any had a problem."""
    before = len(sheet.problems)
    values = [reader.read_any(Row(n, [cell], sheet), required) for n, cell in enumerate(column)]
    return values, len(sheet.problems) > before


@settings(max_examples=400, deadline=None)
@given(
    parser=st.sampled_from(sorted(PARSERS)),
    column=st.lists(st.sampled_from(CELLS) | st.text(max_size=12), min_size=1, max_size=12),
    blank=st.booleans(),
    warm=st.booleans(),
)
def test_by_column_is_cell_by_cell_or_declines(
    parser: str, column: list[Any], blank: bool, warm: bool
) -> None:
    sheet = _sheet()
    reader = FieldReader("field", PARSERS[parser], 0, {})
    if warm:  # some values remembered already, as in a later block
        _one_by_one(reader, sheet, column[::2], not blank)
    by_column = reader.column([[cell] for cell in column], blank=blank)
    expected, problem = _one_by_one(
        FieldReader("field", PARSERS[parser], 0, {}), sheet, column, not blank
    )
    if by_column is None:
        declinable = problem or any(
            not isinstance(cell, str) and not (cell is None and blank) for cell in column
        )
        if parser == "text":  # text is checked column-wide, conservatively: odd text declines
            declinable = declinable or any(map(_odd_text, column))
        assert declinable, column
    else:
        assert not problem
        assert by_column == expected
        assert [type(v) for v in by_column] == [type(v) for v in expected]


def test_a_block_of_new_dates_is_read_by_column_each_date_parsed_once() -> None:
    calls: list[Any] = []

    def counting(cell: Any) -> date:
        calls.append(cell)
        return parse_date(cell)

    reader = FieldReader("field", counting, 0, {})
    cells = [["31/01/2021"], ["2021-01-31"], ["31/01/2021"], [""], ["31-Jan-21"]]
    assert reader.column(cells, blank=True) == [date(2021, 1, 31)] * 3 + [None, date(2021, 1, 31)]
    assert sorted(calls) == ["2021-01-31", "31-Jan-21", "31/01/2021"]
    assert reader.column(cells) is None  # the blank is a problem where a value is required
    assert reader.column([["31/02/2021"], ["31/01/2021"]]) is None  # not a real date
