"""Monthly demand counts by measure."""

from __future__ import annotations

from datetime import date

from cswork.model.months import parse_month
from cswork.store._sqlite_utils import sqlite_utils


def load_demand(db: sqlite_utils.Database) -> list[tuple[str, date, float]]:
    """Every demand figure as (measure, month, value), oldest month first."""
    return [
        (row[0], parse_month(row[1]), float(row[2]))
        for row in db.execute("SELECT measure, month, value FROM demand ORDER BY month, measure")
    ]
