"""Write a table exactly as shown to CSV or XLSX, neutralising cells a spreadsheet would run.

A text cell starting with ``=``, ``+``, ``-`` or ``@`` could be read as a formula by Excel or
LibreOffice (CSV injection); such cells get a leading apostrophe. Control characters (which XLSX
cannot hold and a terminal would obey) become U+FFFD. Numbers stay numbers, dates stay dates, and
``None`` becomes an empty cell.

``about`` lines (what the table is, its as-at date, the filters in force) go above the header, then
a blank row, so the file says what it holds. An XLSX file also gets a frozen header row, a filter
on every column, column widths fitted to what they hold, and the number formats given (``0.0%``,
``£#,##0``, dates).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from cswork.export.files import DestinationError, check_destination, write_private
from cswork.model.usertext import printable

Cell = str | int | float | date | None

FORMULA_LEADS = ("=", "+", "-", "@")
FORMATS = ("csv", "xlsx")


class ExportError(DestinationError):
    """The export cannot be written as asked (unknown format, bad path)."""


def neutralise(cell: Cell) -> Cell:
    """``cell`` with a leading apostrophe if it is text a spreadsheet would read as a formula, and
    its control characters replaced."""
    if isinstance(cell, str):
        cell = printable(cell)
        if cell.startswith(FORMULA_LEADS):
            return "'" + cell
    return cell


def export_format(path: Path) -> str:
    """The format named by the file's suffix (``csv`` or ``xlsx``)."""
    suffix = path.suffix.lower().lstrip(".")
    if not path.name:
        raise ExportError("give a file name ending .csv or .xlsx")
    if not path.suffix:
        raise ExportError(f"{path.name}: end the file name with .csv or .xlsx")
    if suffix not in FORMATS:
        raise ExportError(f"{path.name}: export to .csv or .xlsx, not {path.suffix}")
    return suffix


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    sheet: str = "cswork",
    about: Sequence[tuple[str, str]] = (),
    formats: Sequence[str | None] = (),
) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (CSV or XLSX by suffix); return the rows written.

    ``about`` is (label, text) pairs written above the table; ``formats`` the spreadsheet number
    format of each column (``None`` for none), used by XLSX.
    """
    kind = export_format(path)
    try:
        check_destination(path)
    except DestinationError as exc:
        raise ExportError(str(exc)) from None
    clean = [[neutralise(cell) for cell in row] for row in rows]
    header_row = [neutralise(h) for h in headers]
    preamble: list[list[Cell]] = [[neutralise(label), neutralise(text)] for label, text in about]

    def write(handle: BinaryIO) -> None:
        if kind == "csv":
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            writer = csv.writer(text)
            if preamble:
                writer.writerows([*preamble, []])
            writer.writerow(header_row)
            writer.writerows(["" if cell is None else cell for cell in row] for row in clean)
            text.flush()
            text.detach()
        else:
            _write_xlsx(handle, header_row, clean, sheet, preamble, formats)

    write_private(path, write)
    return len(clean)


def _write_xlsx(
    handle: BinaryIO,
    headers: list[Cell],
    rows: list[list[Cell]],
    sheet: str,
    preamble: list[list[Cell]],
    formats: Sequence[str | None],
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    worksheet = book.active
    assert worksheet is not None  # a new workbook always has its first sheet
    worksheet.title = sheet[:31]
    for line in preamble:
        worksheet.append(line)
    if preamble:
        worksheet["A1"].font = Font(bold=True)
        worksheet.append([])
    header_at = len(preamble) + 2 if preamble else 1
    worksheet.append(headers)
    for cell in worksheet[header_at]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(row)
    last_row = header_at + len(rows)
    for index, number_format in enumerate(formats, start=1):
        if number_format is None:
            continue
        for (cell,) in worksheet.iter_rows(
            min_row=header_at + 1, max_row=last_row, min_col=index, max_col=index
        ):
            cell.number_format = number_format
    for index in range(1, len(headers) + 1):
        worksheet.column_dimensions[get_column_letter(index)].width = _fitted_width(
            [headers[index - 1], *(row[index - 1] for row in rows if index - 1 < len(row))]
        )
    if headers:
        worksheet.freeze_panes = worksheet.cell(row=header_at + 1, column=1)
        worksheet.auto_filter.ref = f"A{header_at}:{get_column_letter(len(headers))}{last_row}"
    book.save(handle)


def _fitted_width(cells: Sequence[Cell]) -> float:
    """A column width that shows its longest cell (dates as 11 characters), within 6 to 60."""
    longest = max(
        (
            11
            if isinstance(cell, date)
            else len(f"{cell:,.2f}" if isinstance(cell, float) else str(cell))
            for cell in cells
            if cell is not None
        ),
        default=0,
    )
    return float(min(max(longest + 2, 6), 60))
