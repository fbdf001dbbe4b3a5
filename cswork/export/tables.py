"""Write a table exactly as shown to CSV or XLSX, neutralising cells a spreadsheet would run.

A text cell starting with ``=``, ``+``, ``-`` or ``@`` could be read as a formula by Excel or
LibreOffice (CSV injection); such cells get a leading apostrophe. Control characters (which XLSX
cannot hold and a terminal would obey) become U+FFFD. Numbers stay numbers, dates stay dates, and
``None`` becomes an empty cell.
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
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, sheet: str = "cswork"
) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (CSV or XLSX by suffix); return the rows written."""
    kind = export_format(path)
    try:
        check_destination(path)
    except DestinationError as exc:
        raise ExportError(str(exc)) from None
    clean = [[neutralise(cell) for cell in row] for row in rows]
    header_row = [neutralise(h) for h in headers]

    def write(handle: BinaryIO) -> None:
        if kind == "csv":
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(header_row)
            writer.writerows(["" if cell is None else cell for cell in row] for row in clean)
            text.flush()
            text.detach()
        else:
            _write_xlsx(handle, header_row, clean, sheet)

    write_private(path, write)
    return len(clean)


def _write_xlsx(handle: BinaryIO, headers: list[Cell], rows: list[list[Cell]], sheet: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(title=sheet[:31])
    worksheet.append(headers)
    for row in rows:
        worksheet.append(row)
    book.save(handle)
