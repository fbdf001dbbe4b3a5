"""The ``indicators`` kind: performance indicators as rows of id, definition, period, value, target
and direction.

One row per indicator and period. The direction may be left out when the target carries it (``<19%``
means lower is better, ``>=80`` higher); when both are given they must agree. Later rows for an
indicator may leave out the target and direction: the indicator's earlier rows give its direction.
An indicator given two directions, or a period given twice, is an error naming both rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from cswork.importers.columns import Column, Row, normalise
from cswork.importers.context import ImportContext
from cswork.importers.values import Cell, parse_month, parse_number, text
from cswork.model.indicators import (
    Direction,
    Target,
    TargetError,
    parse_direction,
    parse_target,
    resolve_direction,
)
from cswork.model.records import IndicatorRecord

COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        ("id", "Indicator ID", "Indicator Code", "Code", "Ref", "PI", "PI Ref", "KPI", "KPI Ref"),
        required=True,
        description="the indicator's short code",
    ),
    Column(
        "definition",
        ("Indicator", "Indicator Name", "Description", "Name", "Title", "Measure", "KPI Name"),
        required=True,
        description="what the indicator measures",
    ),
    Column(
        "period",
        ("Month", "Reporting Month", "Month Ending", "Period Ending", "Date"),
        required=True,
        description="the month the value is for",
    ),
    Column(
        "value",
        ("Actual", "Result", "Outturn", "Performance", "Figure"),
        required=True,
        description="the indicator's value (19.5 or 19.5%)",
    ),
    Column("target", ("Goal", "Threshold", "Target Value"), description="e.g. <19%, >=80, 90"),
    Column(
        "direction",
        ("Polarity", "Better", "Good Is", "Higher or Lower", "Higher Is Better"),
        description="higher or lower (which is better)",
    ),
    Column("unit", ("Units", "Unit of Measure"), description="e.g. % or cases"),
)


def _value(cell: Cell) -> float:
    """A number, optionally followed by %."""
    return parse_number(text(cell).removesuffix("%").strip())


def _target(cell: Cell) -> Target:
    return parse_target(text(cell))


def _direction(cell: Cell) -> Direction:
    return parse_direction(text(cell))


def _direction_of(
    row: Row, target: Target | None, stated: Direction | None, earlier: tuple[int, Direction] | None
) -> Direction | None:
    """The row's direction from its target and direction columns, else from the indicator's
    earlier rows; a problem (and ``None``) if there is none or they disagree."""
    if stated is None and (target is None or target.direction is None) and earlier is not None:
        return earlier[1]
    try:
        direction = resolve_direction(target, stated)
    except TargetError as exc:
        column = "direction" if stated is not None else "target"
        row.problem(column, text(row.cell(column)), str(exc))
        return None
    if earlier is not None and earlier[1] is not direction:
        row.problem(
            "direction" if stated is not None else "target",
            direction.value,
            f"row {earlier[0]} says {earlier[1]} is better for this indicator",
        )
        return None
    return direction


def parse(ctx: ImportContext) -> Iterator[IndicatorRecord]:
    """Indicator values, one per row; a code and period given twice is an error."""
    sheet = ctx.sheet(COLUMNS)
    if sheet is None:
        return
    directions: dict[str, tuple[int, Direction]] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row in sheet.rows():
        code = row.text("code", required=True)
        definition = row.text("definition", required=True)
        period = row.get("period", parse_month, required=True)
        value = row.get("value", _value, required=True)
        target = row.get("target", _target)
        stated = row.get("direction", _direction)
        unit = row.text("unit") or (target.unit if target else None)
        if not row.ok or code is None or definition is None or period is None or value is None:
            continue
        key = normalise(code)
        direction = _direction_of(row, target, stated, directions.get(key))
        if direction is None:
            continue
        if (key, period) in first_row:
            row.problem(
                "period",
                period,
                f"duplicate of row {first_row[key, period]} (same indicator and period)",
            )
            continue
        first_row[key, period] = row.number
        directions.setdefault(key, (row.number, direction))
        yield IndicatorRecord(
            row.number,
            code.strip(),
            definition,
            period,
            value,
            target.value if target else None,
            direction,
            unit,
        )
