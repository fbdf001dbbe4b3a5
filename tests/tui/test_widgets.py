"""Pure helpers behind the widgets: text sparklines, retention bars, tile formatting, filters."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.services.staff import IN_POST, LEFT, StaffRow
from cswork.tui.screens.staff import StaffFilters
from cswork.tui.widgets.retention import retention_rows
from cswork.tui.widgets.spark import spark_text
from cswork.tui.widgets.tile import format_change, format_value


def test_spark_text_scales_and_clamps() -> None:
    assert spark_text([0.5, 0.85, 1.2, 2.0, 0.0, None], 0.5, 1.2) == "▁▅██▁ "


def test_spark_text_needs_a_range() -> None:
    with pytest.raises(ValueError, match="high > low"):
        spark_text([1.0], 1.0, 1.0)


def test_retention_rows_fill_in_eighths() -> None:
    # 100 % fills both rows; 50 % fills the bottom row; 75 % fills the bottom and half the top
    assert retention_rows([100.0, 50.0, 75.0], width=3, height=2) == ["█ ▄", "███"]


def test_retention_rows_widen_few_months_and_sample_many() -> None:
    assert retention_rows([100.0, 0.0], width=10, height=1) == ["████    "]  # 4 columns a month
    sampled = retention_rows([100.0] * 50 + [0.0] * 50, width=10, height=1)
    assert sampled == ["█████     "]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(277.01, "fte", "277.0"), (15.05, "pct", "15.1%"), (86.0, "count", "86"), (None, "fte", "–")],
)
def test_format_value(value: float | None, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


@pytest.mark.parametrize(
    ("change", "unit", "text"),
    [
        (2.6, "fte", "▲2.6"),
        (-0.8, "pct", "▼0.8pt"),
        (7.0, "count", "▲7"),
        (0.0, "fte", "=0.0"),
        (-0.03, "cases", "=0.0"),  # shown as 0.0: no change, not "▼0.0 better"
        (0.4, "count", "=0"),
    ],
)
def test_format_change(change: float, unit: str, text: str) -> None:
    assert format_change(change, unit) == text


def _row(ref: str, team: str, status: str, cohort: str | None = None) -> StaffRow:
    return StaffRow(
        ref=ref,
        team=team,
        org_role=5,
        contract="permanent",
        fte=1.0,
        start=date(2020, 1, 1),
        end=None if status == IN_POST else date(2021, 1, 1),
        cohort=cohort,
        pqe_years=3.0,
        cases=10 if status == IN_POST else None,
        status=status,
    )


def test_staff_filters_narrow_and_search() -> None:
    rows = [
        _row("E1", "Care Leavers", IN_POST),
        _row("E2", "Care Leavers", LEFT),
        _row("E3", "Assessment 1", IN_POST, "Cohort 7"),
    ]
    default = StaffFilters()
    assert [r.ref for r in rows if default.admits(r)] == ["E1", "E3"]
    by_team = default.narrowed("team", "Care Leavers").narrowed("status", None)
    assert [r.ref for r in rows if by_team.admits(r)] == ["E1", "E2"]
    searching = StaffFilters(status=None, search="cohort 7")
    assert [r.ref for r in rows if searching.admits(r)] == ["E3"]


def test_unknown_staff_filter_is_refused() -> None:
    with pytest.raises(ValueError, match="no staff filter called 'grade'"):
        StaffFilters().narrowed("grade", "x")


def test_the_retention_axis_gives_months_and_dates_that_fit() -> None:
    from datetime import date

    from cswork.tui.widgets.retention import month_axis

    months, dates = month_axis(57, 70, date(2021, 1, 1))
    assert months.split()[:6] == ["0", "12", "24", "36", "48", "56"]
    assert dates.split("    ")[0] == "Jan 2021" and dates.endswith("Sep 2025")
    # each label stands under its month's first column
    assert months.index("24") == dates.index("Jan 2023") == 24
    for count, width in ((57, 30), (13, 60), (100, 75), (1, 10), (2, 3)):
        for line in month_axis(count, width, date(2021, 1, 1)):
            assert len(line) <= width, (count, width, line)
    assert month_axis(57, 30, None) == [month_axis(57, 30, date(2021, 1, 1))[0]]  # no dates
    assert month_axis(0, 30) == []
