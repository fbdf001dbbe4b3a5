"""Performance indicators and their values by period."""

from __future__ import annotations

from cswork.model.indicators import Direction, Indicator, IndicatorValue
from cswork.store._sqlite_utils import sqlite_utils


def load_indicators(db: sqlite_utils.Database) -> list[Indicator]:
    """Every indicator, in the order they were added."""
    return [
        Indicator(code=row[0], definition=row[1], direction=Direction(row[2]), unit=row[3])
        for row in db.execute(
            "SELECT code, definition, direction, unit FROM indicators ORDER BY id"
        )
    ]


def load_indicator_values(db: sqlite_utils.Database) -> dict[str, list[IndicatorValue]]:
    """Each indicator's values by code, oldest period first."""
    values: dict[str, list[IndicatorValue]] = {}
    for code, period, value, target in db.execute(
        "SELECT i.code, v.period, v.value, v.target FROM indicator_values v "
        "JOIN indicators i ON i.id = v.indicator_id ORDER BY i.code, v.period"
    ):
        values.setdefault(code, []).append(IndicatorValue(period, float(value), target))
    return values
