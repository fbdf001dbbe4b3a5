"""Monthly demand counts by measure."""

from __future__ import annotations

from datetime import date

from cswork.model.months import month_key, parse_month
from cswork.store._sqlite_utils import sqlite_utils


def load_demand(db: sqlite_utils.Database) -> list[tuple[str, date, float]]:
    """Every demand figure as (measure, month, value), oldest month first."""
    return [
        (row[0], parse_month(row[1]), float(row[2]))
        for row in db.execute("SELECT measure, month, value FROM demand ORDER BY month, measure")
    ]


def demand_months(db: sqlite_utils.Database) -> list[date]:
    """The months any demand figure is held for, oldest first."""
    return [parse_month(r[0]) for r in db.execute("SELECT DISTINCT month FROM demand ORDER BY 1")]


def has_demand_for(db: sqlite_utils.Database, month: date) -> bool:
    """Whether any measure has a figure for ``month``."""
    row = db.execute("SELECT 1 FROM demand WHERE month = ? LIMIT 1", (month_key(month),))
    return row.fetchone() is not None
