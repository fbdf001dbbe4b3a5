"""One date reader for the app, the command line and imports: UK and ISO, real days only."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.dates import NotADateError, NotARealDateError, parse_user_date, read_day


@pytest.mark.parametrize(
    "text",
    ["30/09/2024", "30.09.24", "30-Sep-24", "30 September 2024", "2024-09-30", "20240930"],
)
def test_uk_and_iso_forms_name_the_same_day(text: str) -> None:
    assert read_day(text) == date(2024, 9, 30)


@pytest.mark.parametrize("text", ["30/02/2025", "2025-02-30", "31-Apr-25", "20250230"])
def test_a_day_that_does_not_exist_is_not_a_real_date(text: str) -> None:
    with pytest.raises(NotARealDateError, match="not a real date"):
        read_day(text)
    with pytest.raises(
        ValueError, match=f"^{text} is not a real date: check the day and the month$"
    ):
        parse_user_date(text)


def test_text_that_is_no_date_says_how_to_write_one() -> None:
    with pytest.raises(NotADateError):
        read_day("end of June")
    with pytest.raises(ValueError, match="give the date as 30/09/2024 or 2024-09-30, not 'June'"):
        parse_user_date(" June ")
