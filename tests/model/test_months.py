"""Months: parsing the ways people write them, shifting, and naming them for sentences."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.months import (
    MonthError,
    calendar_months_apart,
    month_key,
    month_name,
    parse_month,
    shift_months,
)


@pytest.mark.parametrize(
    "text",
    [
        "2020-04",
        "2020-4",
        "2020-04-30",
        "04/2020",
        "30/04/2020",
        "Apr 2020",
        "April 2020",
        "apr-20",
    ],
)
def test_the_ways_a_month_is_written(text: str) -> None:
    assert parse_month(text) == date(2020, 4, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-13", "month 13 is not 1 to 12"),
        ("31/02/2021", "not a real date"),
        ("last April", "write it as YYYY-MM"),
        ("Ap 2020", "write it as YYYY-MM"),
        ("", "write it as YYYY-MM"),
    ],
)
def test_what_is_not_a_month_is_rejected_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(MonthError, match=message):
        parse_month(text)


def test_shifting_crosses_year_ends() -> None:
    assert shift_months(date(2025, 9, 1), -12) == date(2024, 9, 1)
    assert shift_months(date(2025, 1, 1), -1) == date(2024, 12, 1)
    assert shift_months(date(2024, 12, 1), 1) == date(2025, 1, 1)
    assert calendar_months_apart(date(2020, 4, 1), date(2021, 1, 1)) == 9


def test_keys_and_names() -> None:
    assert month_key(date(2020, 4, 1)) == "2020-04"
    assert month_name(date(2020, 4, 1)) == "April 2020"
