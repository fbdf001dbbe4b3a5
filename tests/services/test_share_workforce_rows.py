"""``share_workforce_by_month`` is what the record-by-record code made it, at any scale.

Since issue 18 the 60 month ends of the share table are worked out in columns from one load
(:mod:`cswork.model.month_ends`), as the Overview's are; the code it replaced (a workforce position
and a worker-by-worker pressure per month) stays here as the oracle, and every row must match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from cswork.model.position import workforce_position
from cswork.model.pressure import PressureCalculator
from cswork.services.monthly_history import load_monthly_history
from cswork.services.pressure import TOTAL
from cswork.services.share import history_days
from cswork.services.share_rows import Row, _workforce_row, workforce_rows
from cswork.services.summary import figures_json
from cswork.store import Database, open_db
from tests.conftest import DEMO_AS_AT


def reference_rows(db: Database, days: Sequence[date]) -> list[Row]:
    """The rows as the code before issue 18 made them."""
    history = load_monthly_history(db, days)
    calculator = PressureCalculator(
        history.spells, history.settings, history.team_targets, history.cohort_starts
    )
    rows = []
    for day in days:
        counts = history.counts.latest_on_or_before(day)
        position = workforce_position(history.spells, history.establishment, counts, day)
        over = Counter(p.team for p in calculator.at(day, counts) if p.over_capacity)
        rows.append(_workforce_row(day, TOTAL, figures_json(position.total), over.total()))
        for name, figures in position.teams.items():
            rows.append(_workforce_row(day, name, figures_json(figures), over[name]))
    return rows


@pytest.mark.parametrize("which", ["demo", "ten times the demo"])
def test_the_share_tables_workforce_rows_are_what_they_were(
    which: str, demo_path: Path, scaled_path: Path
) -> None:
    db = open_db(demo_path if which == "demo" else scaled_path, create=False)
    try:
        days = history_days(db, DEMO_AS_AT)
        assert len(days) == 60
        rows = workforce_rows(db, days)
        assert rows == reference_rows(db, days)
        assert {r["team"] for r in rows} > {TOTAL}
        assert any(r["workers_over_capacity"] for r in rows if r["team"] != TOTAL)
        assert workforce_rows(db, days[-3:]) == reference_rows(db, days[-3:])
        assert workforce_rows(db, []) == []
    finally:
        db.close()
