"""Reading more caseload counts for a longer run of month ends gives the table read whole."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from cswork.model.count_table import CaseCountTable
from cswork.services.monthly_history import count_table_for, month_ends, more_counts
from cswork.store import Database
from cswork.store.caseloads import count_workers
from tests.conftest import DEMO_AS_AT


def _same(one: CaseCountTable, other: CaseCountTable) -> None:
    assert one.dates == other.dates
    assert one.refs == other.refs
    for name in ("worker", "day", "case_type", "cases"):
        assert np.array_equal(getattr(one, name), getattr(other, name)), name
        assert getattr(one, name).dtype == getattr(other, name).dtype, name


@pytest.mark.parametrize(
    ("held_days", "as_at"),
    [
        (slice(-2, None), DEMO_AS_AT),  # the Overview's first stage, then its trends
        (slice(-1, None), DEMO_AS_AT),
        (slice(-24, None), DEMO_AS_AT),  # nothing more to read
        (slice(-5, -3), DEMO_AS_AT),  # not the latest dates: every date is read
        (slice(-2, None), date(2021, 3, 15)),  # the earlier months before the first count
    ],
)
def test_more_counts_is_the_whole_table(demo_db: Database, held_days: slice, as_at: date) -> None:
    days = month_ends(as_at, 24)
    workers = count_workers(demo_db)
    held = count_table_for(demo_db, days[held_days], workers)
    _same(more_counts(demo_db, held, days, workers), count_table_for(demo_db, days, workers))
