"""The absence kind: days lost over periods, long-term absences with a reason category, medical
detail never kept, and every ugly case refused with its row, column and value."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.importers.values import parse_absence_reason
from cswork.model.absence import AbsenceReason, LongTermAbsence
from cswork.store import Database
from cswork.store.absence import load_absence_book, load_long_term_absences

STAFF = (
    "Employee Number,Team,Job Title,Contract Type,FTE,Start Date\n"
    "E1,North,Social Worker,Perm,1,2020-01-06\n"
    "E2,North,Social Worker,Perm,0.5,2020-01-06\n"
)


@pytest.fixture
def staffed(write, load) -> None:
    assert load("staff", write("staff.csv", STAFF)).outcome == "ok"


def test_days_lost_and_long_term_absence_import(write, load, db: Database, staffed: None) -> None:
    path = write(
        "absence.csv",
        "Emp Ref,Period Start,Period End,Working Days Lost,Absence Start,Return Date,Absence Type\n"
        "E1,01/10/2024,30/09/2025,12.5,,,Sick\n"
        "E2,2024-10-01,2025-09-30,40,2025-06-02,,Maternity Leave\n"
        "E1,,,,2023-02-01,2023-03-15,sickness\n",
    )
    result = load("absence", path)
    assert result.outcome == "ok", result.problems
    assert (result.counts.read, result.counts.added) == (3, 4)
    book = load_absence_book(db, 253)
    assert {(a.worker_ref, a.days) for a in book.periods} == {("E1", 12.5), ("E2", 40.0)}
    assert load_long_term_absences(db) == [
        LongTermAbsence("E1", date(2023, 2, 1), date(2023, 3, 15), AbsenceReason.SICKNESS),
        LongTermAbsence("E2", date(2025, 6, 2), None, AbsenceReason.MATERNITY),
    ]
    stored = db.execute("SELECT reason FROM absences ORDER BY worker_id").fetchall()
    assert stored == [("sickness",), ("maternity",)]
    # the same file again changes nothing
    assert load("absence", path).counts.added == 0


def test_medical_detail_columns_are_ignored_with_a_warning(
    write, load, db: Database, staffed: None
) -> None:
    path = write(
        "absence.csv",
        "Employee No,Absence Start,Reason,Diagnosis,Manager Notes\n"
        "E1,2025-08-04,Sickness,Fractured wrist,phone her fortnightly\n",
    )
    result = load("absence", path)
    assert result.outcome == "ok", result.problems
    warnings = " ".join(result.warnings)
    assert "column 'Diagnosis' looks like medical detail: it was not read or stored" in warnings
    assert "column 'Manager Notes' looks like medical detail" in warnings
    raw = "\n".join(str(row) for row in db.conn.iterdump())
    assert "wrist" not in raw.lower() and "fortnightly" not in raw.lower()


def test_ugly_rows_are_refused_naming_row_column_and_value(
    write, load, db: Database, staffed: None
) -> None:
    path = write(
        "absence.csv",
        "Employee Number,Period Start,Period End,Days Lost,Absence Start,Absence End,Reason\n"
        "E1,2024-10-01,2025-09-30,-3,,,sickness\n"
        "E1,2025-09-30,2024-10-01,5,,,sickness\n"
        "E1,,,5,,,sickness\n"
        "E1,,,,2025-05-01,,\n"
        "E1,,,,2025-05-01,2025-04-01,other\n"
        "E1,,,,2025-05-01,,Sickness - stress\n"
        "E9,2024-10-01,2025-09-30,2,,,\n"
        "E2,,,,,,other\n"
        "E1,2024-10-01,2025-09-30,400,,,\n",
    )
    result = load("absence", path)
    assert result.outcome != "ok"
    found = sorted((p.row, p.column, p.value) for p in result.problems)
    assert found == [
        (2, "Days Lost", "-3"),
        (3, "Period End", "2024-10-01"),
        (4, "Period Start", ""),
        (5, "Reason", ""),
        (6, "Absence End", "2025-04-01"),
        (7, "Reason", "Sickness - stress"),
        (8, "Employee Number", "E9"),
        (9, "Days Lost", ""),
        (10, "Days Lost", "400"),
    ]
    reasons = {p.row: p.reason for p in result.problems}
    assert reasons[7].startswith("unknown absence reason") and "medical detail" in reasons[7]
    assert reasons[8].startswith("unknown worker reference")
    assert db.execute("SELECT COUNT(*) FROM absences").fetchone()[0] == 0  # nothing written


def test_a_file_with_neither_days_nor_absences_is_refused(write, load, staffed: None) -> None:
    result = load("absence", write("a.csv", "Employee Number,Reason\nE1,sickness\n"))
    [problem] = result.problems
    assert "days lost (with the period) or long-term absence start dates" in problem.reason


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Sick", "sickness"),
        ("ILL HEALTH", "sickness"),
        ("SIC", "sickness"),
        ("Maternity/Parental", "maternity"),
        ("Shared Parental Leave", "maternity"),
        ("Adoption leave", "maternity"),
        ("MAT", "maternity"),
        ("Compassionate leave", "other"),
        ("jury service", "other"),
    ],
)
def test_reason_labels(label: str, reason: str) -> None:
    assert parse_absence_reason(label) == reason


@pytest.mark.parametrize("label", ["Back pain", "Stress", "Covid-19", "Depression"])
def test_medical_words_are_not_reasons(label: str) -> None:
    with pytest.raises(ValueError, match="medical detail is never kept"):
        parse_absence_reason(label)
