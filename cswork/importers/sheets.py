"""Opening a table as a kind's sheet: its header matched to the kind's columns, with what the
match alone cannot see refused or named before any row is read.

- a required column missing (named, with the closest headers the file has);
- two columns with one header (refused: which one is meant?), and a second header that also
  names a field read from another column (a warning naming both, and the mapping that reads the
  other);
- cells of a column read that a reader would take as blank though they are not: a value merged
  down or across cells (only the first holds it), an Excel error (#N/A), a formula with no saved
  value. Each is a problem at its row and column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cswork.importers.columns import Column, Mapping, Sheet, match_header, normalise
from cswork.importers.readers import Table
from cswork.model.imports import ApplyCounts, Problems


def letter(index: int) -> str:
    """The spreadsheet letter of a column (0 is A, 26 is AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def rival_columns(
    header: list[str], columns: Sequence[Column], mapping: Mapping, positions: dict[str, int]
) -> Iterator[tuple[str, int, int]]:
    """``(field, column read, other column)`` for each column not read whose header also names a
    field that another column gives (two 'FTE' columns; 'Employee Number' and 'Assignment
    Number'), which would otherwise be passed over unsaid."""
    claimed = set(positions.values())
    unread: dict[str, list[int]] = {}  # by normalised header (one pass, however wide the file)
    for other, name in enumerate(header):
        if other not in claimed:
            unread.setdefault(normalise(name), []).append(other)
    for column in columns:
        index = positions.get(column.field)
        if index is None:
            continue
        mapped = mapping.columns.get(column.field)
        wanted = {normalise(mapped)} if mapped is not None else column.keys
        for other in sorted(i for key in wanted for i in unread.get(key, ())):
            yield column.field, index, other


def open_sheet(
    file: str,
    table: Table,
    columns: Sequence[Column],
    mapping: Mapping,
    problems: Problems,
    counts: ApplyCounts,
    warnings: list[str],
) -> Sheet | None:
    """Match the header; report missing columns, and two columns with one header, and return
    ``None`` if there are any; warn of other columns that could give a field read from one."""
    positions, missing = match_header(table.header, columns, mapping)
    for name, reason in missing.items():
        problems.add(table.header_row, name, "", reason)
    header = table.header
    refused = False
    for name, index, other in rival_columns(header, columns, mapping, positions):
        if normalise(header[other]) == normalise(header[index]):
            refused = True
            problems.add(
                table.header_row,
                header[index],
                "",
                f"two columns are headed {header[index]!r} ({letter(index)} and "
                f"{letter(other)}): rename or remove one, or name the one to read in a "
                "mapping file",
            )
        else:
            warnings.append(
                f"column {header[other]!r} ({letter(other)}) was not read: {header[index]!r} "
                f"({letter(index)}) gives the {name} (to read the other, name it in a mapping "
                f'file: [columns] {name} = "{header[other]}")'
            )
    refused = _merged_problems(table, positions, problems) or refused
    refused = _unread_problems(table, positions, problems) or refused
    if missing or refused:
        return None
    return Sheet(file, table, positions, mapping, problems, counts)


def _unread_problems(table: Table, positions: dict[str, int], problems: Problems) -> bool:
    """Report each cell of a field read, in a data row, that holds an Excel error or a formula
    with no saved value (read as blank, it would pass as an empty cell). Whether there was any."""
    read = set(positions.values())
    cells = sorted(
        (row, column, error)
        for (row, column), error in table.unread.items()
        if row > table.header_row and column in read
    )
    for row, column, error in cells:
        problems.add(row, table.header[column], error, _UNREAD_REASONS[bool(error)])
    return bool(cells)


_UNREAD_REASONS = (
    "the cell holds a formula with no saved value (the file was written by a program, not "
    "saved by Excel): open the file in Excel and save it, or paste values, then import it again",
    "the cell holds an Excel error, not a value (a lookup that found nothing, a broken "
    "reference?): fix it in the workbook, then import it again",
)


def _merged_problems(table: Table, positions: dict[str, int], problems: Problems) -> bool:
    """Report each range of merged cells that hides a value of a field read, in a data row
    (Excel shows the value across the range, but only its first cell holds it: the others
    would be read as blank). Whether there was any."""
    read = set(positions.values())
    found = False
    for top, left, bottom, right in table.merged:
        hidden = [
            (row, column)
            for row in range(max(top, table.header_row + 1), bottom + 1)
            for column in range(left, right + 1)
            if (row, column) != (top, left) and column in read
        ]
        if not hidden:
            continue
        found = True
        row, column = hidden[0]
        first, last = letter(left + table.first_column), letter(right + table.first_column)
        if left == right:
            only, each = f"row {top}", "row"
        elif top == bottom:
            only, each = f"column {first}", "column"
        else:
            only, each = f"cell {first}{top}", "cell"
        problems.add(
            row,
            table.header[column],
            "",
            f"cells {first}{top}:{last}{bottom} are merged, so only {only} has the value; "
            f"unmerge them and give each {each} its own",
        )
    return found
