"""The staff kind: aliases, every field rule, and every row-level error with its message."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.importers.columns import normalise
from cswork.importers.staff import COLUMNS, parse_swe
from cswork.store import Database
from cswork.store.staff import load_role_spells

HEADER = "Employee Number,Team,Job Title,Contract Type,FTE,Start Date"


def _spells(db: Database) -> list[dict[str, object]]:
    return [dict(row) for row in db.query("SELECT * FROM role_spells ORDER BY id")]


def test_a_typical_hr_extract_imports(write, load, db: Database) -> None:
    path = write(
        "hr.csv",
        "Employee Number,Team Name,Job Title,Contract Type,FTE,Start Date,Leaving Date,"
        "Reason for Leaving,Qualified Date,Academy Cohort\n"
        "E1,North,Social Worker,Perm,0.8,31/01/2021,,,15/07/2020,Cohort 6\n"
        "E2,North,Team Manager,FTC,80%,2021-02-01,31-Jan-23,Resigned,,\n"
        "E3,South,Senior Practitioner,Locum,29.6 hrs,44227,,,,\n"
        ",,,,,,,,,\n"
        "Total,,,,,,,,,\n",
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert (result.counts.read, result.counts.added, result.counts.skipped) == (3, 3, 2)
    spells = {s.worker_ref: s for s in load_role_spells(db)}
    assert spells["E1"].org_role == 5 and spells["E1"].fte == 0.8
    assert spells["E1"].start == date(2021, 1, 31)
    assert spells["E1"].qualified == date(2020, 7, 15) and spells["E1"].cohort == "Cohort 6"
    assert spells["E2"].contract.value == "fixed_term" and spells["E2"].org_role == 3
    assert spells["E2"].end == date(2023, 1, 31) and spells["E2"].leaving_reason == "resignation"
    assert spells["E3"].contract.value == "agency" and spells["E3"].fte == 0.8
    assert spells["E3"].start == date(2021, 1, 31)
    cohort_start = db.execute("SELECT start_date FROM cohorts").fetchone()[0]
    assert cohort_start == "2021-01-31"  # a cohort first seen in a staff file starts with its row


@pytest.mark.parametrize(
    ("field", "header"),
    [(c.field, alias) for c in COLUMNS for alias in c.aliases],
)
def test_every_alias_names_its_field(field: str, header: str) -> None:
    claimed = [c.field for c in COLUMNS if normalise(header) in c.keys]
    assert claimed[0] == field


@pytest.mark.parametrize(
    "header",
    [
        "EMPLOYEE NUMBER,TEAM,POST TITLE,EMPLOYMENT TYPE,WTE,ROLE START DATE",
        "emp_ref,cost centre name,position,worker type,full-time equivalent,date started",
        "Assignment Number,Department,Job Role,Employment Status,FTE,Assignment Start Date",
        "Payroll ID,Team Name,Job Title,Contract,FTE,Start",
    ],
)
def test_headers_match_whatever_the_case_spacing_and_punctuation(write, load, header: str) -> None:
    path = write("hr.csv", f"{header}\nE1,North,Social Worker,Permanent,1,2021-01-31\n")
    result = load("staff", path)
    assert result.outcome == "ok", result.problems


def test_role_code_column_and_contracted_hours(write, load, db: Database) -> None:
    path = write(
        "hr.csv",
        "Staff No,Team,OrgRole,Worker Type,Contracted Hours,Start\nS1,East,4,Agency,18.5,1/3/2022\n",
    )
    assert load("staff", path).outcome == "ok"
    spell = load_role_spells(db)[0]
    assert (spell.org_role, spell.fte, spell.contract.value) == (4, 0.5, "agency")


def test_standard_hours_setting_turns_hours_into_fte(write, load, db: Database) -> None:
    from cswork.store.settings import set_setting

    set_setting(db, "standard_hours", "35")
    path = write("hr.csv", "Emp Ref,Team,Role,Contract,FTE,Start\nE1,T,5,Perm,28 hrs,2021-01-01\n")
    assert load("staff", path).outcome == "ok"
    assert load_role_spells(db)[0].fte == 0.8


def test_agency_fields(write, load, db: Database) -> None:
    path = write(
        "agency.csv",
        "Worker ID,Team,Role,Contract,FTE,Start,Agency,Hourly Rate,Covering Vacancy\n"
        "AG1,North,5,Agency,1,2024-04-01,Hays,£48.50,Yes\n",
    )
    assert load("staff", path).outcome == "ok"
    spell = _spells(db)[0]
    assert spell["agency_supplier"] == "Hays"
    assert spell["agency_hourly_charge"] == 48.5
    assert spell["covering_vacancy"] == 1


def test_personal_columns_are_not_stored_without_their_flags(write, load, db: Database) -> None:
    path = write(
        "hr.csv",
        f"{HEADER},Full Name,Date of Birth,Gender,Ethnicity,SWE Number\n"
        "E1,North,Social Worker,Perm,1,2021-01-01,Ann Example,01/02/1990,Female,White,SW 12345\n",
    )
    result = load("staff", path)
    assert result.outcome == "ok"
    assert any("--keep-names" in w for w in result.warnings)
    assert any("--keep-census" in w for w in result.warnings)
    worker = dict(next(iter(db.query("SELECT * FROM workers"))))
    assert worker["display_name"] is None and worker["date_of_birth"] is None
    assert worker["gender"] is None and worker["ethnicity"] is None
    assert worker["swe_number"].startswith("hmac-sha256:") and "12345" not in worker["swe_number"]


def test_personal_columns_are_stored_with_their_flags(write, load, db: Database) -> None:
    path = write(
        "hr.csv",
        f"{HEADER},Full Name,Date of Birth,Gender,Ethnicity,SWE Number\n"
        "E1,North,Social Worker,Perm,1,2021-01-01,Ann Example,01/02/1990,Female,White,SW 12345\n",
    )
    result = load("staff", path, keep_names=True, keep_census=True, keep_swe=True)
    assert result.outcome == "ok" and not result.warnings
    worker = dict(next(iter(db.query("SELECT * FROM workers"))))
    assert worker["display_name"] == "Ann Example"
    assert worker["date_of_birth"] == "1990-02-01"
    assert (worker["gender"], worker["ethnicity"], worker["swe_number"]) == (
        "Female",
        "White",
        "SW12345",
    )


def test_swe_numbers() -> None:
    assert parse_swe("sw 0012345") == "SW0012345"
    assert parse_swe("12345") == "SW12345"
    with pytest.raises(ValueError, match="not a Social Work England number"):
        parse_swe("HCPC123")


def test_quoted_text_formulas_are_read_as_their_text(write, load, db: Database) -> None:
    """Exports write ="00123" so that a spreadsheet keeps the leading zeros."""
    path = write(
        "hr.csv",
        f"{HEADER},End Date\n"
        '="00123",North,Social Worker,="PERM",="0.8",="31/01/2021",=""\n'
        '="00124",="North ""A""",Social Worker,Perm,1,2021-01-01,\n',
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    spells = {s.worker_ref: s for s in load_role_spells(db)}
    assert set(spells) == {"00123", "00124"}
    first = spells["00123"]
    assert (first.contract.value, first.fte, first.start, first.end) == (
        "permanent",
        0.8,
        date(2021, 1, 31),
        None,
    )
    assert spells["00124"].team == 'North "A"'


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        ("E1,North,Social Worker,Perm,2,2021-01-01", "FTE", "2", "FTE must be more than 0"),
        ("E1,North,Social Worker,Perm,0,2021-01-01", "FTE", "0", "FTE must be more than 0"),
        ("E1,North,Social Worker,Perm,1,31/02/2021", "Start Date", "31/02/2021", "not a real date"),
        (
            "E1,North,Social Worker,Casual,1,2021-01-01",
            "Contract Type",
            "Casual",
            "unknown contract",
        ),
        ("E1,North,Cook,Perm,1,2021-01-01", "Job Title", "Cook", "unknown role"),
        (",North,Social Worker,Perm,1,2021-01-01", "Employee Number", "", "a value is required"),
        ("E1,,Social Worker,Perm,1,2021-01-01", "Team", "", "a value is required"),
        ("E1,North,Social Worker,Perm,,2021-01-01", "FTE", "", "an FTE (or contracted hours)"),
        ("E1,North,,Perm,1,2021-01-01", "org_role", "", "a role is required"),
        ("E1,=SUM(A1),Social Worker,Perm,1,2021-01-01", "Team", "=SUM(A1)", "spreadsheet formula"),
        ('E1,"=""=A1""",Social Worker,Perm,1,2021-01-01', "Team", '="=A1"', "spreadsheet formula"),
        ('="",North,Social Worker,Perm,1,2021-01-01', "Employee Number", "", "a value is required"),
    ],
)
def test_row_errors_name_file_row_column_value_and_reason(
    write, load, db: Database, dump, row: str, column: str, value: str, reason: str
) -> None:
    before = dump(db)
    path = write("hr.csv", f"{HEADER}\nE0,North,Social Worker,Perm,1,2020-01-01\n{row}\n")
    result = load("staff", path)
    assert result.outcome == "failed"
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "hr.csv",
        3,
        column,
        value,
    )
    assert reason in problem.reason
    assert dump(db) == before


def test_end_before_start_is_an_error(write, load) -> None:
    path = write(
        "hr.csv",
        f"{HEADER},End Date\nE1,North,Social Worker,Perm,1,2021-01-01,2020-12-31\n",
    )
    [problem] = load("staff", path).problems
    assert (problem.row, problem.column) == (2, "End Date")
    assert problem.reason == "the end date is before the start date"


def test_duplicate_rows_in_one_file_name_both_rows(write, load) -> None:
    path = write(
        "hr.csv",
        f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01\n"
        "E2,North,Social Worker,Perm,1,2021-01-01\nE1,South,Social Worker,Perm,1,01/01/2021\n",
    )
    [problem] = load("staff", path).problems
    assert problem.row == 4
    assert problem.reason == "duplicate of row 2 (same employee ref and start date)"


def test_every_problem_is_reported_at_once(write, load) -> None:
    rows = "".join(f"E{i},North,Social Worker,Perm,9,2021-01-01\n" for i in range(5))
    result = load("staff", write("hr.csv", HEADER + "\n" + rows))
    assert [p.row for p in result.problems] == [2, 3, 4, 5, 6]


def test_problems_stop_at_the_limit(write, load) -> None:
    rows = "".join(f"E{i},North,Social Worker,Perm,9,2021-01-01\n" for i in range(50))
    result = load("staff", write("hr.csv", HEADER + "\n" + rows), problem_limit=10)
    assert len(result.problems) == 10 and result.truncated
    assert result.message == "10+ problems; nothing written"


def test_missing_required_columns_are_listed_with_the_closest_headers(write, load) -> None:
    path = write("hr.csv", "Employe Numbr,Team,Job Title,Contract Typ,FTE,Start Date\n")
    result = load("staff", path)
    by_column = {p.column: p for p in result.problems}
    assert set(by_column) == {"employee_ref", "contract"}
    assert by_column["employee_ref"].row == 1
    assert "required column 'employee_ref' is missing" in by_column["employee_ref"].reason
    assert "closest headers present: 'Employe Numbr'" in by_column["employee_ref"].reason
    assert "closest headers present: 'Contract Typ'" in by_column["contract"].reason


def test_a_role_or_job_title_and_an_fte_or_hours_column_are_needed(write, load) -> None:
    result = load("staff", write("hr.csv", "Emp Ref,Team,Contract,Start\n"))
    assert [p.column for p in result.problems] == ["org_role", "fte"]
    assert "or give 'job_title' instead" in result.problems[0].reason
    assert "or give 'hours' instead" in result.problems[1].reason
    result = load("staff", write("hr2.csv", "Emp Ref,Team,Role,Contract,Start\n"))
    assert [p.column for p in result.problems] == ["fte"]


def test_every_missing_column_is_listed_at_once_with_the_closest_headers(write, load) -> None:
    """A badly exported file: four required columns misspelt, and no role or FTE column."""
    path = write("hr.csv", "Staff Num,Cost Centr,Titel,Contrct,Full-Time Eq,Strt Date\nS1,North\n")
    result = load("staff", path)
    assert [(p.row, p.column) for p in result.problems] == [
        (1, "employee_ref"),
        (1, "team"),
        (1, "start_date"),
        (1, "org_role"),
        (1, "fte"),
        (1, "contract"),
    ]
    closest = [p.reason.split("closest headers present: ")[-1] for p in result.problems]
    assert closest == [
        "'Staff Num'",
        "'Cost Centr'",
        "'Strt Date'",
        "'Titel'",
        "'Contrct', 'Full-Time Eq'",  # 'contrct' is near enough 'contractedhours' (hours)
        "'Contrct'",
    ]
    assert "is missing (headers accepted: org_role, OrgRole, Role, DfE Role, Role Code, " in (
        result.problems[3].reason
    )
    assert "Role Type); or give 'job_title' instead; closest headers present" in (
        result.problems[3].reason
    )
    assert "or, for an agency extract, agency columns such as 'Supplier'" in (
        result.problems[5].reason
    )


def test_mapping_file_names_headers_and_relabels_values(write, load, db: Database) -> None:
    mapping = write(
        "map.toml",
        '[columns]\nemployee_ref = "Staff No."\nteam = "Cost Centre Name"\n'
        '[values.contract]\n"PERM" = "permanent"\n"SESS" = "agency"\n'
        '[values.job_title]\n"SW2" = "Social Worker"\n',
    )
    path = write(
        "hr.csv",
        "Staff No.,Cost Centre Name,Job Title,Contract Type,FTE,Start Date\n"
        "X1,North,SW2,perm,1,2021-01-01\nX2,North,Team Manager,Sess,1,2021-01-01\n",
    )
    result = load("staff", path, mapping=mapping)
    assert result.outcome == "ok", result.problems
    spells = {s.worker_ref: s for s in load_role_spells(db)}
    assert spells["X1"].contract.value == "permanent" and spells["X1"].org_role == 5
    assert spells["X2"].contract.value == "agency"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[columns\n", "the mapping file is not valid TOML"),
        ('[columns]\nsalary = "Pay"\n', "unknown field 'salary' in [columns]"),
        ("[colours]\n", "unknown sections ['colours']"),
        ("[columns]\nteam = 3\n", "must map fields to header text"),
        ('[values]\nteam = "x"\n', "[values.team] in the mapping file must map labels to text"),
    ],
)
def test_bad_mapping_files_are_clear_errors(write, load, content: str, reason: str) -> None:
    mapping = write("map.toml", content)
    path = write("hr.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01\n")
    [problem] = load("staff", path, mapping=mapping).problems
    assert problem.file == "map.toml"
    assert reason in problem.reason


def test_a_mapped_header_the_file_lacks_is_reported(write, load) -> None:
    mapping = write("map.toml", '[columns]\nteam = "Cost Centre"\n')
    path = write("hr.csv", f"{HEADER}\nE1,North,Social Worker,Perm,1,2021-01-01\n")
    [problem] = load("staff", path, mapping=mapping).problems
    assert problem.column == "team"
    assert "names header 'Cost Centre', which the file does not have" in problem.reason


def test_unknown_team_is_an_error_in_strict_mode(write, load, db: Database, dump) -> None:
    db.execute("INSERT INTO teams (name) VALUES ('North')")
    before = dump(db)
    path = write(
        "hr.csv",
        f"{HEADER}\nE1,north,Social Worker,Perm,1,2021-01-01\nE2,Westt,Social Worker,Perm,1,2021-01-01\n",
    )
    [problem] = load("staff", path, strict=True).problems
    assert (problem.row, problem.column, problem.value) == (3, "Team", "Westt")
    assert problem.reason.startswith("unknown team (strict mode")
    assert dump(db) == before


def test_teams_match_case_insensitively_and_unknown_ones_are_created(
    write, load, db: Database
) -> None:
    db.execute("INSERT INTO teams (name) VALUES ('North')")
    path = write(
        "hr.csv",
        f"{HEADER}\nE1,NORTH ,Social Worker,Perm,1,2021-01-01\nE2,West,Social Worker,Perm,1,2021-01-01\n",
    )
    assert load("staff", path).outcome == "ok"
    assert [r[0] for r in db.execute("SELECT name FROM teams ORDER BY id")] == ["North", "West"]


def test_tab_and_semicolon_delimited_files(write, load) -> None:
    tab = HEADER.replace(",", "\t") + "\nE1\tNorth\tSocial Worker\tPerm\t1\t2021-01-01\n"
    semi = HEADER.replace(",", ";") + "\nE2;North;Social Worker;Perm;0,8;2021-01-01\n"
    assert load("staff", write("tab.txt", tab)).outcome == "ok"
    result = load("staff", write("semi.csv", semi))
    assert [p.reason for p in result.problems] == [
        "not a number (a comma may only separate thousands, as in 1,234.50)"
    ]  # '0,8' is a decimal comma, not a thousands separator: an error, not a guess


@pytest.mark.parametrize("label", ["Total", "  Grand Total:", "\u2003Subtotal", "\tTOTALS"])
def test_total_rows_are_skipped_however_they_are_indented(write, load, label: str) -> None:
    path = write(
        "hr.csv",
        "Employee Number,Team Name,Job Title,Contract Type,FTE,Start Date\n"
        "E1,North,Social Worker,Perm,1,2021-01-31\n"
        "Senior1,North,Social Worker,Perm,1,2021-01-31\n"  # starts like a total: still data
        f"{label},,,,,\n",
    )
    result = load("staff", path)
    assert result.outcome == "ok", result.problems
    assert (result.counts.read, result.counts.added, result.counts.skipped) == (2, 2, 1)
