"""Recruitment routes on staff rows: aliases, labels in any case, census codes, and refusals."""

from __future__ import annotations

import pytest

from cswork.importers.values import parse_route
from cswork.store import Database
from cswork.store.staff import load_role_spells

HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date"


@pytest.mark.parametrize(
    "header", ["Recruitment Route", "Route", "Source", "Start Origin", "RECRUITMENT-ROUTE"]
)
def test_the_route_column_by_any_alias(write, load, db: Database, header: str) -> None:
    path = write("hr.csv", f"{HEADER},{header}\nE1,North,Social Worker,Perm,1,2024-01-08,Step Up\n")
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    [spell] = load_role_spells(db)
    assert spell.route == "step_up"


@pytest.mark.parametrize(
    ("label", "route"),
    [
        ("ASYE", "academy"),
        ("social work academy", "academy"),
        ("Grow Our Own", "academy"),
        ("STEP-UP", "step_up"),
        ("Step Up to Social Work", "step_up"),
        ("frontline", "frontline"),
        ("Social Work Degree Apprenticeship", "apprenticeship"),
        ("Apprentice", "apprenticeship"),
        ("Return to Practice", "return_to_practice"),
        ("returner", "return_to_practice"),
        ("Overseas", "international"),
        ("International Recruitment", "international"),
        ("Experienced Hire", "experienced"),
        ("another authority", "experienced"),
        ("Agency to Permanent", "agency_conversion"),
        ("agency_conversion", "agency_conversion"),
        ("Temp to Perm", "agency_conversion"),
        ("Refer a Friend", "other"),
        ("1", "academy"),  # census StartOrigin codes
        ("3", "international"),
        ("4", "agency_conversion"),
        ("9", None),
        ("Not known", None),
    ],
)
def test_route_labels(label: str, route: str | None) -> None:
    assert parse_route(label) == route


def test_an_unknown_route_is_refused_naming_row_column_and_value(write, load, db: Database) -> None:
    path = write(
        "hr.csv",
        f"{HEADER},Source\n"
        "E1,North,Social Worker,Perm,1,2024-01-08,Frontline\n"
        "E2,North,Social Worker,Perm,1,2024-01-08,Job fair in Leeds\n"
        "E3,North,Social Worker,Perm,1,2024-01-08,11\n",
    )
    result = load("staff", path)
    assert result.outcome != "ok"
    found = [(p.row, p.column, p.value) for p in result.problems]
    assert found == [(3, "Source", "Job fair in Leeds"), (4, "Source", "11")]
    assert all(p.reason.startswith("unknown recruitment route") for p in result.problems)
    assert load_role_spells(db) == []  # nothing written


def test_a_blank_route_is_no_route_and_the_route_survives_a_reimport(
    write, load, db: Database
) -> None:
    first = write("a.csv", f"{HEADER},Route\nE1,North,Social Worker,Perm,1,2024-01-08,Overseas\n")
    assert load("staff", first).outcome == "ok"
    second = write("b.csv", f"{HEADER}\nE1,North,Social Worker,Perm,0.8,2024-01-08\n")
    assert load("staff", second).outcome == "ok"
    [spell] = load_role_spells(db)
    assert (spell.fte, spell.route) == (0.8, "international")  # a file without the column keeps it
    third = write("c.csv", f"{HEADER},Route\nE2,North,Social Worker,Perm,1,2024-02-05,\n")
    assert load("staff", third).outcome == "ok"
    assert {s.worker_ref: s.route for s in load_role_spells(db)} == {
        "E1": "international",
        "E2": None,
    }
