"""Cell parsers: every date, FTE, contract, role, reason, case type and measure rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cswork.importers.values import (
    excel_serial,
    parse_case_type,
    parse_contract,
    parse_count,
    parse_date,
    parse_destination,
    parse_fte,
    parse_hours_fte,
    parse_leaving_reason,
    parse_measure,
    parse_money,
    parse_month,
    parse_number,
    parse_org_role,
    parse_yes_no,
    text,
)
from cswork.model.workforce import Contract, LeaverDestination, LeavingReason


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/01/2021", date(2021, 1, 31)),
        ("1/2/2021", date(2021, 2, 1)),
        ("31-01-2021", date(2021, 1, 31)),
        ("31.01.2021", date(2021, 1, 31)),
        ("31/01/21", date(2021, 1, 31)),
        ("31-Jan-21", date(2021, 1, 31)),
        ("31 January 2021", date(2021, 1, 31)),
        ("31 Sept 2021", None),
        ("2021-01-31", date(2021, 1, 31)),
        ("2021-01-31 00:00:00", date(2021, 1, 31)),
        ("2021-01-31T09:30", date(2021, 1, 31)),
        ("31/01/2021 09:15", date(2021, 1, 31)),
        ("20210131", date(2021, 1, 31)),
        ("44227", date(2021, 1, 31)),
        (44227, date(2021, 1, 31)),
        (44227.0, date(2021, 1, 31)),
        (date(2021, 1, 31), date(2021, 1, 31)),
        (datetime(2021, 1, 31, 12, 0), date(2021, 1, 31)),
        ("15/06/75", date(1975, 6, 15)),
    ],
)
def test_dates_in_the_forms_extracts_use(cell: object, expected: date | None) -> None:
    if expected is None:  # 'Sept' with day 31 is not a real date: September has 30 days
        with pytest.raises(ValueError, match="not a real date"):
            parse_date(cell)  # type: ignore[arg-type]
        return
    assert parse_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/2021", "not a real date"),
        ("2021-13-01", "not a real date"),
        ("01/31/2021", "not a real date"),
        ("31-Foo-21", "unknown month name"),
        ("yesterday", "not a date"),
        ("0", "out of range for an Excel date"),
        ("60", "29 February 1900"),
        (True, "not a date"),
    ],
)
def test_impossible_dates_are_errors(cell: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(cell)  # type: ignore[arg-type]


def test_excel_serials_either_side_of_the_1900_leap_bug() -> None:
    assert excel_serial(1) == date(1900, 1, 1)
    assert excel_serial(59) == date(1900, 2, 28)
    assert excel_serial(61) == date(1900, 3, 1)
    assert excel_serial(45565) == date(2024, 9, 30)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021-01", "2021-01"),
        ("01/2021", "2021-01"),
        ("Jan-21", "2021-01"),
        ("January 2021", "2021-01"),
        ("31/01/2021", "2021-01"),
        (44227, "2021-01"),
    ],
)
def test_months(cell: object, expected: str) -> None:
    assert parse_month(cell) == expected  # type: ignore[arg-type]


def test_impossible_months_are_errors() -> None:
    with pytest.raises(ValueError, match="month must be 1 to 12"):
        parse_month("2021-13")
    with pytest.raises(ValueError, match="unknown month name"):
        parse_month("Smarch 2021")
    with pytest.raises(ValueError, match="not a month"):
        parse_month("soon")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0.8", 0.8),
        (0.8, 0.8),
        ("1", 1.0),
        ("80%", 0.8),
        ("80 %", 0.8),
        ("29.6 hrs", 0.8),
        ("18.5 hours", 0.5),
        ("37h", 1.0),
        ("1.5", 1.5),
    ],
)
def test_fte_as_decimal_percentage_or_hours(cell: object, expected: float) -> None:
    assert parse_fte(cell, 37.0) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["0", "-0.5", "1.6", "160%", "80", "60 hrs"])
def test_fte_out_of_range_is_an_error(cell: str) -> None:
    with pytest.raises(ValueError, match=r"FTE must be more than 0 and at most 1\.5"):
        parse_fte(cell, 37.0)


def test_fte_that_is_not_a_number_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_fte("full time", 37.0)


def test_hours_columns_divide_by_standard_hours() -> None:
    assert parse_hours_fte("29.6", 37.0) == pytest.approx(0.8)
    assert parse_hours_fte("35", 35.0) == 1.0
    with pytest.raises(ValueError, match=r"hours must be more than 0 and at most 55\.5"):
        parse_hours_fte("60", 37.0)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Perm", Contract.PERMANENT),
        ("PERMANENT", Contract.PERMANENT),
        ("permanent", Contract.PERMANENT),
        ("Substantive", Contract.PERMANENT),
        ("FTC", Contract.FIXED_TERM),
        ("Fixed Term", Contract.FIXED_TERM),
        ("fixed-term", Contract.FIXED_TERM),
        ("Temporary", Contract.FIXED_TERM),
        ("Agency", Contract.AGENCY),
        ("LOCUM", Contract.AGENCY),
        ("Interim", Contract.AGENCY),
    ],
)
def test_contract_synonyms_in_any_case(cell: str, expected: Contract) -> None:
    assert parse_contract(cell) is expected


def test_unknown_contract_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown contract type"):
        parse_contract("Casual")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5", 5),
        (3, 3),
        ("Assistant Director", 1),
        ("Head of Service - Safeguarding", 1),
        ("Service Manager", 2),
        ("Team Manager", 3),
        ("Deputy Team Manager", 3),
        ("Practice Supervisor", 3),
        ("Senior Practitioner", 4),
        ("Advanced Practitioner", 4),
        ("Social Worker", 5),
        ("Social Worker (ASYE)", 5),
        ("NQSW", 5),
        ("Independent Reviewing Officer", 6),
        ("Case holder", 5),
        ("Qualified without cases", 6),
    ],
)
def test_org_role_from_code_or_job_title(cell: object, expected: int) -> None:
    assert parse_org_role(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["7", "0", "Business Support Officer"])
def test_unknown_role_is_an_error(cell: str) -> None:
    with pytest.raises(ValueError, match="unknown role"):
        parse_org_role(cell)


def test_leaving_reasons_from_slug_code_or_label() -> None:
    assert parse_leaving_reason("resignation") is LeavingReason.RESIGNATION
    assert parse_leaving_reason("Resigned") is LeavingReason.RESIGNATION
    assert parse_leaving_reason("1") is LeavingReason.RESIGNATION
    assert parse_leaving_reason("Retirement") is LeavingReason.RETIRED
    assert parse_leaving_reason("Voluntary Redundancy") is LeavingReason.VOLUNTARY_REDUNDANCY
    assert parse_leaving_reason("10") is LeavingReason.NOT_YET_COLLECTED
    with pytest.raises(ValueError, match="unknown leaving reason"):
        parse_leaving_reason("Went to the moon")


def test_destinations_from_slug_or_code() -> None:
    assert parse_destination("3") is LeaverDestination.AGENCY_ENGLAND
    assert parse_destination("Other LA England") is LeaverDestination.OTHER_LA_ENGLAND
    with pytest.raises(ValueError, match="unknown leaver destination"):
        parse_destination("12")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("CIN", "CIN"),
        ("Child in Need", "CIN"),
        ("cp", "CP"),
        ("Child Protection Plan", "CP"),
        ("LAC", "CLA"),
        ("Looked After", "CLA"),
        ("Care Leaver", "CL"),
        ("Single Assessment", "ASSESSMENT"),
        ("Early Help", "OTHER"),
    ],
)
def test_case_types(cell: str, expected: str) -> None:
    assert parse_case_type(cell) == expected


def test_unknown_case_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown case type"):
        parse_case_type("Adoption")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Contacts", "contacts"),
        ("Referral", "referrals"),
        ("Section 47 Enquiries", "s47"),
        ("strategy_meetings", "strategy_meetings"),
        ("Child Protection Plans", "cp_plans"),
        ("Care Leavers", "care_leavers"),
    ],
)
def test_demand_measures(cell: str, expected: str) -> None:
    assert parse_measure(cell) == expected


def test_unknown_measure_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown demand measure"):
        parse_measure("Complaints")


def test_counts_money_and_yes_no() -> None:
    assert parse_count("12") == 12
    assert parse_count(3.0) == 3
    with pytest.raises(ValueError, match="whole number of zero or more"):
        parse_count("2.5")
    with pytest.raises(ValueError, match="whole number of zero or more"):
        parse_count("-1")
    with pytest.raises(ValueError, match="must be at most 1,000,000"):
        parse_count("5000000")
    assert parse_money("£45.50") == 45.5
    assert parse_money("£1,000") == 1000.0
    with pytest.raises(ValueError, match="at most £1,000"):
        parse_money("1,250")
    with pytest.raises(ValueError, match="must not be negative"):
        parse_money("-3")
    with pytest.raises(ValueError, match="not a number"):
        parse_money("nan")
    assert parse_yes_no("Y") is True
    assert parse_yes_no("false") is False
    with pytest.raises(ValueError, match="must be yes or no"):
        parse_yes_no("maybe")


def test_text_of_cells() -> None:
    assert text(None) == ""
    assert text(" a ") == "a"
    assert text(12.0) == "12"
    assert text(True) == "TRUE"
    assert text(date(2021, 1, 31)) == "2021-01-31"


def test_commas_are_read_only_between_thousands() -> None:
    assert parse_number("£1,234,567.5") == 1234567.5
    assert parse_count("1,000") == 1000
    for value in ("45,50", "1,2", "1,,000", "1000,000", ",5", "5,"):
        with pytest.raises(ValueError, match="thousands"):
            parse_number(value)
