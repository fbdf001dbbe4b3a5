"""Caseload counts as columns: a date's records on demand, and totals by date and case type."""

from __future__ import annotations

from datetime import date

from cswork.model.count_table import CaseCountTable, month_latest
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
