"""Caseload counts as columns: a date's records on demand, and totals by date and case type;
read a date at a time or all at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from cswork.model.count_table import CaseCountTable, DatedCounts, month_latest
from cswork.model.workforce import CaseCount

AUG_15, AUG_31, SEP_30 = date(2025, 8, 15), date(2025, 8, 31), date(2025, 9, 30)
COUNTS = [
    CaseCount("B", SEP_30, "CP", 2),
    CaseCount("A", AUG_15, "CIN", 4),
    CaseCount("A", SEP_30, "CIN", 5),
    CaseCount("A", SEP_30, "CL", 0),
    CaseCount("B", AUG_31, "CIN", 3),
]


def test_a_dates_records_come_back_in_their_order() -> None:
    table = CaseCountTable.of(COUNTS)
    assert table.dates == (AUG_15, AUG_31, SEP_30)
    assert table.on_or_before(SEP_30) == [COUNTS[0], COUNTS[2], COUNTS[3]]
    assert table.on_or_before(date(2025, 9, 29)) == [COUNTS[4]]
    assert table.on_or_before(AUG_15) == [COUNTS[1]]
    assert table.on_or_before(date(2025, 8, 14)) == []


def test_totals_by_date_list_types_by_name_with_zero_totals_kept() -> None:
    totals = CaseCountTable.of(COUNTS).totals_by_date()
    assert totals == {
        AUG_15: {"CIN": 4.0},
        AUG_31: {"CIN": 3.0},
        SEP_30: {"CIN": 5.0, "CL": 0.0, "CP": 2.0},
    }
    assert list(totals[SEP_30]) == ["CIN", "CL", "CP"]


def test_each_months_latest_date() -> None:
    assert month_latest([SEP_30, AUG_15, AUG_31]) == [AUG_31, SEP_30]
    assert month_latest([]) == []


def test_an_empty_table() -> None:
    table = CaseCountTable.of([])
    assert table.on_or_before(SEP_30) == []
    assert table.totals_by_date() == {}


class Store:
    """Counts as a store would give them, noting what was asked for."""

    def __init__(self, counts: Sequence[CaseCount]) -> None:
        self.counts = counts
        self.asked: list[tuple[date, ...]] = []

    def read(self, dates: Sequence[date]) -> CaseCountTable:
        self.asked.append(tuple(dates))
        table = CaseCountTable.of([c for c in self.counts if c.as_at in dates] + ALL_WORKERS)
        keep = np.isin(table.day, [table.dates.index(on) for on in dates])
        return CaseCountTable(
            tuple(dates),
            table.refs,
            table.worker[keep],
            table.day[keep] - 1,
            table.case_type[keep],
            table.cases[keep],
        )

    def totals(self) -> dict[date, dict[str, float]]:
        self.asked.append(())
        return CaseCountTable.of(self.counts).totals_by_date()


#: One count for every worker before any date, so that every table numbers the workers alike.
ALL_WORKERS = [
    CaseCount("A", date(2000, 1, 1), "CIN", 0),
    CaseCount("B", date(2000, 1, 1), "CIN", 0),
]


def test_counts_read_a_date_at_a_time_or_all_at_once_are_the_same() -> None:
    one, every = Store(COUNTS), Store(COUNTS)
    dated = DatedCounts((AUG_15, AUG_31, SEP_30), one.read, one.totals)
    whole = DatedCounts((AUG_15, AUG_31, SEP_30), every.read, every.totals)
    whole.read_all()
    table = CaseCountTable.of(COUNTS)
    for day in (date(2025, 8, 14), AUG_15, date(2025, 9, 29), SEP_30, date(2026, 1, 1)):
        assert dated.on_or_before(day) == whole.on_or_before(day) == table.on_or_before(day)
    assert dated.totals_by_date() == whole.totals_by_date() == table.totals_by_date()
    assert one.asked == [(AUG_15,), (AUG_31,), (SEP_30,), ()]  # each date once, when asked
    assert every.asked == [(AUG_15, AUG_31, SEP_30)]  # the totals from the counts read


def test_no_counts_before_the_first_date() -> None:
    store = Store(COUNTS)
    dated = DatedCounts((AUG_15,), store.read, store.totals)
    assert dated.latest(date(2025, 1, 1)).dates == ()
    assert store.asked == []
