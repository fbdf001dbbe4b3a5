"""Establishment, demand, cohorts and caseloads: layouts, aliases and errors."""

from __future__ import annotations

from datetime import date

from cswork.store import Database
from cswork.store.caseloads import load_case_counts
from cswork.store.staff import cohort_starts, load_establishment


def _staff(write, load) -> None:
    path = write(
        "staff.csv",
        "Emp Ref,Team,Role,Contract,FTE,Start\nE1,North,5,Perm,1,2021-01-01\n"
        "E2,North,5,Perm,1,2021-01-01\n",
    )
    assert load("staff", path).outcome == "ok"


def test_establishment_sums_posts_by_team_role_and_date(write, load, db: Database) -> None:
    path = write(
        "est.csv",
        "Cost Centre,Post Title,Funded FTE,Effective From\n"
        "North,Social Worker,1,01/04/2024\nNorth,Social Worker,0.5,01/04/2024\n"
        "North,Team Manager,1,01/04/2024\n",
    )
    result = load("establishment", path)
    assert (result.outcome, result.counts.added) == ("ok", 2)
    lines = {(e.team, e.org_role): e.funded_fte for e in load_establishment(db)}
    assert lines == {("North", 5): 1.5, ("North", 3): 1.0}


def test_establishment_date_from_as_at_and_errors(write, load, db: Database) -> None:
    path = write("est.csv", "Team,Role,FTE\nNorth,5,12\nNorth,5,-1\n")
    failed = load("establishment", path)
    assert [p.reason for p in failed.problems] == [
        "required column 'effective_from' is missing (or pass --as-at)"
    ]
    failed = load("establishment", path, as_at=date(2024, 4, 1))
    [problem] = failed.problems
    assert (problem.row, problem.column, problem.reason) == (
        3,
        "FTE",
        "funded FTE must not be negative",
    )


def test_demand_long_layout(write, load, db: Database) -> None:
    path = write(
        "demand.csv",
        "Period,Measure,Count\nApr-21,Referrals,613\n2021-04,Contacts,1200\nMay 2021,S47,90\n",
    )
    assert load("demand", path).outcome == "ok"
    rows = set(db.execute("SELECT month, measure, value FROM demand").fetchall())
    assert rows == {
        ("2021-04", "referrals", 613.0),
        ("2021-04", "contacts", 1200.0),
        ("2021-05", "s47", 90.0),
    }


def test_demand_wide_layout_and_duplicates(write, load, db: Database) -> None:
    path = write(
        "demand.csv",
        "Month,Contacts,Referrals,Children in Need\n2021-04,1200,613,2010\n2021-05,1100,,1990\n",
    )
    result = load("demand", path)
    assert (result.outcome, result.counts.added) == ("ok", 5)
    dup = write("dup.csv", "Month,Referrals\n2021-04,1\nApr-21,2\n")
    [problem] = load("demand", dup).problems
    assert (problem.row, problem.column, problem.value) == (3, "Month", "Apr-21")
    assert problem.reason == "duplicate of row 2 (same month and measure: referrals)"
    long = write("long.csv", "Month,Measure,Value\nJan-25,Referrals,300\n2025-01,referrals,310\n")
    [problem] = load("demand", long).problems
    assert (problem.row, problem.column, problem.value) == (3, "Month", "2025-01")
    assert problem.reason == "duplicate of row 2 (same month and measure: referrals)"


def test_demand_needs_measures(write, load) -> None:
    [problem] = load("demand", write("d.csv", "Month,Complaints\n2021-04,3\n")).problems
    assert problem.reason.startswith("needs 'measure' and 'value' columns")


def test_cohorts(write, load, db: Database) -> None:
    path = write(
        "cohorts.csv",
        "Cohort,Start Date,Planned Size\nCohort 7,25/01/2021,12\nCohort 8,05/07/2021,\n",
    )
    assert load("cohorts", path).outcome == "ok"
    assert cohort_starts(db) == {"Cohort 7": date(2021, 1, 25), "Cohort 8": date(2021, 7, 5)}
    dup = write("dup.csv", "Cohort,Start Date\nCohort 9,2022-01-24\ncohort 9,2022-01-24\n")
    [problem] = load("cohorts", dup).problems
    assert (problem.row, problem.reason) == (3, "duplicate of row 2 (same cohort name)")


def test_caseloads_long_counts(write, load, db: Database) -> None:
    _staff(write, load)
    path = write(
        "cases.csv",
        "Worker ID,As At,Case Type,Cases\nE1,30/09/2025,CIN,8\nE1,30/09/2025,Child Protection,4\n"
        "E2,30/09/2025,LAC,12\n",
    )
    assert load("caseloads", path).outcome == "ok"
    counts = {(c.worker_ref, c.case_type): c.cases for c in load_case_counts(db)}
    assert counts == {("E1", "CIN"): 8, ("E1", "CP"): 4, ("E2", "CLA"): 12}


def test_caseloads_wide_counts_with_as_at_option(write, load, db: Database) -> None:
    _staff(write, load)
    path = write("cases.csv", "Employee Ref,CIN,CP,LAC,Care Leavers\nE1,5,3,0,\nE2,1,,2,4\n")
    result = load("caseloads", path, as_at=date(2025, 9, 30))
    assert (result.outcome, result.counts.added) == ("ok", 6)
    assert sum(c.cases for c in load_case_counts(db)) == 15


def test_caseloads_allocations_are_counted_and_child_ids_not_stored(
    write, load, db: Database, dump
) -> None:
    _staff(write, load)
    path = write(
        "alloc.csv",
        "Allocated Worker ID,Child ID,Legal Status,Date\n"
        "E1,C9001,CP,2025-09-30\nE1,C9002,CP,2025-09-30\nE1,C9003,CIN,2025-09-30\n"
        "E2,C9004,Looked After,2025-09-30\n",
    )
    result = load("caseloads", path)
    assert (result.outcome, result.counts.read, result.counts.added) == ("ok", 4, 3)
    counts = {(c.worker_ref, c.case_type): c.cases for c in load_case_counts(db)}
    assert counts == {("E1", "CP"): 2, ("E1", "CIN"): 1, ("E2", "CLA"): 1}
    assert "C900" not in repr(dump(db))


def test_caseloads_unknown_worker_refs_are_reported(write, load, db: Database, dump) -> None:
    _staff(write, load)
    before = dump(db)
    path = write(
        "cases.csv", "Worker,As At,Case Type,Cases\nE1,2025-09-30,CIN,1\nE404,2025-09-30,CP,2\n"
    )
    [problem] = load("caseloads", path).problems
    assert (problem.row, problem.column, problem.value) == (3, "Worker", "E404")
    assert problem.reason.startswith("unknown worker reference")
    assert dump(db) == before


def test_caseloads_duplicate_rows_name_both(write, load, db: Database) -> None:
    _staff(write, load)
    path = write(
        "cases.csv",
        "Worker,As At,Case Type,Cases\nE1,2025-09-30,CIN,1\nE2,2025-09-30,CIN,1\n"
        "E1,30/09/2025,Child in Need,2\n",
    )
    [problem] = load("caseloads", path).problems
    assert (problem.row, problem.column, problem.value, problem.reason) == (
        4,
        "Case Type",
        "CIN",  # 'Child in Need' is the case type CIN
        "duplicate of row 2 (same worker, date and case type)",
    )


def test_caseloads_layout_and_date_errors(write, load) -> None:
    [problem] = load(
        "caseloads", write("a.csv", "Worker,As At,Case Type\nE1,2025-09-30,CIN\n")
    ).problems
    assert problem.reason.startswith("needs 'case_type' with 'cases'")
    [problem] = load("caseloads", write("b.csv", "Worker,CIN\nE1,3\n")).problems
    assert problem.reason == "required column 'as_at' is missing (or pass --as-at)"
    [problem] = load(
        "caseloads", write("c.csv", "Worker,As At,Case Type,Cases\nE1,2025-09-30,Adoption,1\n")
    ).problems
    assert (problem.column, problem.reason) == (
        "Case Type",
        "unknown case type (use CIN, CP, CLA, CL, Assessment or Other)",
    )


def test_reimporting_counts_for_the_same_date_replaces_them(write, load, db: Database) -> None:
    _staff(write, load)
    first = write("c1.csv", "Worker,As At,CIN,CP\nE1,2025-09-30,5,3\n")
    second = write("c2.csv", "Worker,As At,CIN,CP\nE1,2025-09-30,6,3\n")
    assert load("caseloads", first).counts.added == 2
    result = load("caseloads", second)
    assert (result.counts.added, result.counts.changed) == (0, 1)
    assert {c.case_type: c.cases for c in load_case_counts(db)} == {"CIN": 6, "CP": 3}


def test_establishment_unknown_team_is_an_error_in_strict_mode(write, load, db: Database) -> None:
    path = write("est.csv", "Team,Role,FTE,Effective From\nNowhere,5,3,2025-04-01\n")
    [problem] = load("establishment", path, strict=True).problems
    assert (problem.row, problem.column, problem.value) == (2, "Team", "Nowhere")
    assert problem.reason == "unknown team (strict mode: add it first, or import without --strict)"


def test_staff_unknown_cohort_is_an_error_in_strict_mode(write, load, db: Database) -> None:
    db.execute("INSERT INTO teams (name) VALUES ('North')")
    path = write(
        "hr.csv",
        "Emp Ref,Team,Role,Contract,FTE,Start,Cohort\nE1,North,5,Perm,1,2021-01-25,Cohort 7\n",
    )
    [problem] = load("staff", path, strict=True).problems
    assert (problem.column, problem.value) == ("Cohort", "Cohort 7")
    assert (
        problem.reason == "unknown cohort (strict mode: add it first, or import without --strict)"
    )


def test_demand_long_layout_errors(write, load) -> None:
    path = write(
        "demand.csv",
        "Month,Measure,Value\n2021-04,Complaints,3\n2021-04,Referrals,-2\n2021-04,Contacts,\n",
    )
    problems = [(p.row, p.column, p.reason) for p in load("demand", path).problems]
    assert problems == [
        (
            2,
            "Measure",
            "unknown demand measure (use contacts, referrals, assessments, s47, "
            "strategy_meetings, cp_plans, cin, cla or care_leavers)",
        ),
        (3, "Value", "must not be negative"),
        (4, "Value", "a value is required"),
    ]


def test_cohort_size_must_be_a_whole_number(write, load) -> None:
    path = write("c.csv", "Cohort,Start,Planned Size\nCohort 1,2018-07-02,twelve\n")
    [problem] = load("cohorts", path).problems
    assert (problem.column, problem.value, problem.reason) == (
        "Planned Size",
        "twelve",
        "not a number",
    )


def test_reimporting_cohorts_updates_them(write, load, db: Database) -> None:
    assert (
        load("cohorts", write("a.csv", "Cohort,Start,Size\nCohort 1,2018-07-02,10\n")).counts.added
        == 1
    )
    result = load("cohorts", write("b.csv", "Cohort,Start,Size\ncohort 1,2018-07-02,12\n"))
    assert (result.counts.added, result.counts.changed) == (0, 1)
    assert db.execute("SELECT name, planned_size FROM cohorts").fetchall() == [("Cohort 1", 12)]
