"""Reading a return: the liia-tools sample reads with warnings (never a crash); what cannot be read
is a problem naming where; an exported return reads back to the same records."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from cswork.csww.read import read_return
from cswork.csww.write import return_xml
from cswork.services.census import build_census
from cswork.store import Database

SAMPLE = Path(__file__).with_name("data") / "sample_2022.xml"  # liia-tools, MIT (LICENSE beside)
LACKING_QUAL_INST = {4, 6, 8, 11, 12, 13, 18, 20, 21, 22, 25, 26}

HEADER = (
    "<Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2024</Year>"
    "<ReferenceDate>2024-09-30</ReferenceDate></CollectionDetails><Source><LEA>999</LEA></Source>"
    "</Header><LALevelVacancies><NumberOfVacancies>3.50</NumberOfVacancies>"
    "<NoAgencyFTE>1.00</NoAgencyFTE><NoAgencyHeadcount>1</NoAgencyHeadcount></LALevelVacancies>"
)


def _document(*workers: str) -> bytes:
    return (
        HEADER + "".join(f"<CSWWWorker>{w}</CSWWWorker>" for w in workers) + "</Message>"
    ).encode()


GOOD = (
    "<AgencyWorker>0</AgencyWorker><SWENo>ZZ0000000001</SWENo><FTE>0.800000</FTE>"
    "<QualInst>Westmoor University</QualInst><OrgRole>5</OrgRole>"
    "<RoleStartDate>2020-01-06</RoleStartDate><FTE30>0.800000</FTE30><Cases30>12</Cases30>"
)


def test_the_sample_reads_with_warnings_naming_the_12_workers_without_qual_inst() -> None:
    read = read_return(SAMPLE.read_bytes())
    assert read.problems == []
    assert read.census is not None
    assert (read.census.year, read.census.la_code, len(read.census.workers)) == (2022, "301", 30)
    assert (read.census.vacancy_fte, read.census.agency_fte, read.census.agency_headcount) == (
        79.68,
        59.82,
        71,
    )
    lacking = {
        int(m.group(1))
        for w in read.warnings
        if (m := re.match(r"CSWWWorker (\d+) \(SWENo \w+\): no qualifying institution", w))
    }
    assert lacking == LACKING_QUAL_INST
    assert (
        "CSWWWorker 15 (SWENo Aj9242652291): 85 cases at 0.320526 FTE is 265.2 cases per FTE "
        "(over 50)" in read.warnings
    )
    assert (
        "CSWWWorker 3 (SWENo iP8098309864): RoleEndDate 2023-03-28 is after the census date "
        "2022-09-30" in read.warnings
    )


def test_a_good_record_reads_every_field() -> None:
    read = read_return(_document(GOOD))
    assert read.warnings == []
    assert read.census is not None
    worker = read.census.workers[0]
    assert (worker.swe_number, worker.fte30, worker.cases30, worker.org_role) == (
        "ZZ0000000001",
        0.8,
        12,
        5,
    )
    assert worker.qual_inst == ("Westmoor University",)


def test_an_unreadable_value_is_dropped_with_a_warning() -> None:
    read = read_return(_document(GOOD.replace("<FTE>0.800000</FTE>", "<FTE>1.5</FTE>")))
    assert read.census is not None
    assert read.census.workers[0].fte is None
    assert "CSWWWorker 1 (SWENo ZZ0000000001): FTE '1.5' ignored: FTE must be from 0 to 1" in (
        read.warnings
    )


def test_a_code_off_the_list_is_dropped_with_a_warning() -> None:
    read = read_return(_document(GOOD.replace("<OrgRole>5</OrgRole>", "<OrgRole>7</OrgRole>")))
    assert read.census is not None and read.census.workers[0].org_role is None
    assert any("OrgRole '7' ignored: not on the census code list" in w for w in read.warnings)


def test_a_record_without_a_valid_swe_number_is_skipped() -> None:
    read = read_return(_document(GOOD, GOOD.replace("ZZ0000000001", "12345")))
    assert read.census is not None and len(read.census.workers) == 1
    assert read.rows == (1,)
    assert (
        "CSWWWorker 2 (SWENo 12345): skipped: AgencyWorker and a valid SWENo are needed to match "
        "the worker" in read.warnings
    )


def test_a_role_ending_before_it_starts_is_skipped() -> None:
    ended = GOOD + "<RoleEndDate>2019-01-01</RoleEndDate>"
    read = read_return(_document(ended.replace("<FTE30>0.800000</FTE30><Cases30>12</Cases30>", "")))
    assert read.census is not None and read.census.workers == ()
    assert any(
        "RoleEndDate 2019-01-01 is before RoleStartDate 2020-01-06" in w for w in read.warnings
    )


def test_xml_that_does_not_parse_is_a_problem() -> None:
    read = read_return(b"<Message><Header>")
    assert read.census is None
    assert read.problems[0].reason.startswith("not well-formed XML")


def test_a_file_that_is_not_a_return_is_a_problem() -> None:
    read = read_return(b"<Workbook/>")
    assert [(p.value, p.reason) for p in read.problems] == [
        ("Workbook", "the root element must be Message")
    ]


def test_a_return_without_year_or_la_figures_is_a_problem() -> None:
    read = read_return(b"<Message><CSWWWorker/></Message>")
    assert [(p.column, p.reason) for p in read.problems] == [
        ("ReferenceDate", "no census year (ReferenceDate or Year)"),
        ("LALevelVacancies", "the LA-level figures are missing"),
    ]


def test_an_exported_return_reads_back_to_the_same_records(demo_db: Database) -> None:
    census = build_census(demo_db, 2025, "999")
    read = read_return(return_xml(census))
    assert read.warnings == []
    assert read.census is not None
    strip = {"worker_ref": "", "qualified": None}
    assert [replace(w, **strip) for w in read.census.workers] == [
        replace(w, **strip) for w in census.workers
    ]
    assert read.census.vacancy_fte == census.vacancy_fte


def test_values_past_what_a_number_or_date_can_hold_are_refused_not_a_crash() -> None:
    """A 30-digit year, an infinite or 10³⁰⁰ headcount and a 26-digit case count once raised
    OverflowError (from the schema check, int(inf), or on storing); each is now a problem or a
    warning naming the field."""

    def spoilt(old: str, new: str) -> bytes:
        return _document(GOOD).replace(old.encode(), new.encode())

    year = read_return(spoilt("<Year>2024</Year>", "<Year>" + "9" * 30 + "</Year>"))
    assert any("out of range" in w for w in year.warnings)
    started = read_return(_document(GOOD.replace("2020-01-06", "9" * 30 + "-01-06")))
    assert any("RoleStartDate" in w for w in started.warnings)
    for huge in ("1e999", "1e300"):
        headcount = read_return(
            spoilt(
                "<NoAgencyHeadcount>1</NoAgencyHeadcount>",
                f"<NoAgencyHeadcount>{huge}</NoAgencyHeadcount>",
            )
        )
        assert [(p.column, p.value) for p in headcount.problems] == [("NoAgencyHeadcount", huge)]
    cases = read_return(_document(GOOD.replace("<Cases30>12<", "<Cases30>" + "9" * 26 + "<")))
    assert any("Cases30" in w and "too many cases" in w for w in cases.warnings)


def test_elements_nested_far_deeper_than_a_return_are_a_problem_not_a_crash() -> None:
    # 100,000 nested elements in a record were built, then checked against the schema
    # recursively: RecursionError and a traceback
    deep = "<a>" * 100_000 + "</a>" * 100_000
    read = read_return(_document(GOOD + deep))
    assert read.census is None
    assert [(p.row, p.reason) for p in read.problems] == [
        (0, "elements are nested more than 32 deep; a census return nests 4 deep")
    ]


def test_a_qualifying_institution_with_control_characters_is_dropped_with_a_warning() -> None:
    # a C1 CSI, a bidi override and a line break (as character references) were stored as the
    # institution's name, past the rule every other imported label keeps
    spoilt = GOOD.replace(
        "<QualInst>Westmoor University</QualInst>",
        "<QualInst>Evil&#x9b;2J&#x202e;U</QualInst><QualInst>Westmoor University</QualInst>",
    )
    read = read_return(_document(spoilt))
    assert read.census is not None
    assert read.census.workers[0].qual_inst == ("Westmoor University",)
    assert (
        "CSWWWorker 1 (SWENo ZZ0000000001): QualInst 'Evil\\x9b2J\\u202eU' ignored: contains a "
        "control character (U+009B); labels must be plain text on one line"
    ) in read.warnings
