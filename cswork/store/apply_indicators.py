"""Applying an ``indicators`` import: indicators by code, and their values by period (journalled)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cswork.model.imports import ApplyContext
from cswork.model.records import IndicatorRecord
from cswork.store._sqlite_utils import sqlite_utils
from cswork.store.apply_common import upsert
from cswork.store.imports import Journal


def _code_key(code: str) -> str:
    """Codes match as the file's headers do: ignoring case, spaces and punctuation."""
    return re.sub(r"[^a-z0-9]", "", code.lower())


def apply_indicators(
    db: sqlite_utils.Database,
    records: Iterator[IndicatorRecord],
    ctx: ApplyContext,
    journal: Journal,
) -> None:
    """Create or update each indicator once (from its first row), then add or update its values.

    A stored value for the same indicator and period is replaced. Counts are of values.
    """
    ids = {
        _code_key(code): int(row_id)
        for row_id, code in db.execute("SELECT id, code FROM indicators").fetchall()
    }
    settled: set[int] = set()
    new_indicators = 0
    for record in records:
        key = _code_key(record.code)
        described: dict[str, Any] = {
            "definition": record.definition,
            "direction": record.direction.value,
        }
        if record.unit is not None:
            described["unit"] = record.unit
        indicator_id = ids.get(key)
        if indicator_id is None:
            _, indicator_id = upsert(db, journal, "indicators", {"code": record.code}, described)
            ids[key] = indicator_id
            new_indicators += 1
        elif indicator_id not in settled:
            upsert(db, journal, "indicators", {"id": indicator_id}, described)
        settled.add(indicator_id)
        outcome, _ = upsert(
            db,
            journal,
            "indicator_values",
            {"indicator_id": indicator_id, "period": record.period},
            {"value": record.value, "target": record.target},
        )
        if outcome == "added":
            ctx.counts.added += 1
        elif outcome == "changed":
            ctx.counts.changed += 1
    if new_indicators:
        ctx.counts.details.append(
            f"{new_indicators} new indicator{'s' * (new_indicators != 1)} defined"
        )
