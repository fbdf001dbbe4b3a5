"""The pre-submission check: everything DfE's validation or a reviewer would query in a return.

Each finding names the worker (by employee reference, never by SWE number) and the fix. ``error``
findings would fail DfE's validation (or the schema); ``query`` findings are plausible but would be
queried and need a note or a correction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cswork.model.census import (
    AGENCY_MIN_PQE_YEARS,
    ETHNICITY_CODES,
    GENDER_CODES,
    QUAL_LEVELS,
    CensusReturn,
    CensusWorker,
)
from cswork.model.months import add_months

#: Cases per FTE above which a caseload is implausible enough to query.
MAX_CASES_PER_FTE = 50

#: A change in an LA-level figure from the previous return larger than this share is queried.
MAX_YEAR_ON_YEAR_SWING = 0.5


class Severity(StrEnum):
    """How a finding would be met at DfE."""

    ERROR = "error"
    QUERY = "query"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to put right (or explain) before submitting."""

    rule: str
    severity: Severity
    worker_ref: str | None
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class PreviousWorker:
    """A worker record of the previous year's stored return, as kept for year-on-year checks."""

    worker_ref: str
    agency: bool
    org_role: int | None
    role_start: date | None
    role_end: date | None
    fte30: float | None


@dataclass(frozen=True, slots=True)
class PreviousReturn:
    """The LA-level figures and reduced worker records of a stored return."""

    year: int
    vacancy_fte: float
    agency_fte: float
    agency_headcount: int
    workers: tuple[PreviousWorker, ...]


def _worker_findings(worker: CensusWorker, on: date) -> Iterator[Finding]:
    ref = worker.worker_ref

    def found(rule: str, severity: Severity, message: str, fix: str) -> Finding:
        return Finding(rule, severity, ref, message, fix)

    if worker.swe_hashed:
        yield found(
            "swe_missing",
            Severity.ERROR,
            "only a hash of the SWE number is held, so it cannot be sent",
            "re-import the file that held it with --keep-swe, or add the number to the staff record",
        )
    elif worker.swe_number is None:
        yield found(
            "swe_missing",
            Severity.ERROR,
            "no Social Work England number held",
            "add the worker's SWE number (two letters and ten digits) to their staff record",
        )
    if not worker.qual_inst:
        yield found(
            "qual_inst_missing",
            Severity.ERROR,
            "no qualifying institution (QualInst) held",
            "add the institution where the worker qualified as a social worker",
        )
    for field, value, allowed in (
        ("GenderCurrent", worker.gender, set(GENDER_CODES)),
        ("Ethnicity", worker.ethnicity, ETHNICITY_CODES),
        ("QualLevel", worker.qual_level, set(QUAL_LEVELS)),
    ):
        if value is not None and value not in allowed:
            yield found(
                "bad_code",
                Severity.ERROR,
                f"{field} {value!r} is not on the census code list",
                f"record one of: {', '.join(sorted(str(v) for v in allowed))}",
            )
    fte30, cases = worker.fte30, worker.cases30 or 0
    if fte30 is not None and fte30 <= 0 and cases > 0:
        yield found(
            "fte_zero_with_cases",
            Severity.QUERY,
            f"FTE on 30 September is 0 but {cases} cases are held",
            "correct the FTE of the worker's role spell, or move the cases to the worker holding them",
        )
    elif fte30 and cases / fte30 > MAX_CASES_PER_FTE:
        yield found(
            "caseload_over_50",
            Severity.QUERY,
            f"{cases} cases at {fte30:g} FTE is {cases / fte30:.1f} cases per FTE "
            f"(over {MAX_CASES_PER_FTE})",
            "check the caseload count and the FTE; if right, add a note for DfE",
        )
    largest = max(worker.fte or 0.0, fte30 or 0.0)
    if largest > 1:
        yield found(
            "fte_over_one",
            Severity.ERROR,
            f"FTE {largest:g} is above the census maximum of 1",
            "check for overlapping role spells; a worker's FTE across roles cannot exceed 1",
        )
    if not worker.agency and worker.role_end is not None:
        if worker.reason_leave is None:
            yield found(
                "leaver_no_reason",
                Severity.ERROR,
                f"left on {worker.role_end} with no reason for leaving",
                "add the leaving reason to the worker's last role spell",
            )
        if worker.leaver_destination is None:
            yield found(
                "leaver_no_destination",
                Severity.ERROR,
                f"left on {worker.role_end} with no destination",
                "add the leaver destination (use 'not_known' if it cannot be found out)",
            )
    if worker.role_start and worker.role_end and worker.role_end < worker.role_start:
        yield found(
            "end_before_start",
            Severity.ERROR,
            f"role ends {worker.role_end}, before it starts {worker.role_start}",
            "correct the start or end date of the role spell",
        )
    if worker.agency and worker.in_post:
        if worker.qualified is None:
            yield found(
                "agency_pqe_unknown",
                Severity.QUERY,
                "agency worker with no qualified date held",
                "add the qualified date to check the 3 years' post-qualifying experience rule",
            )
        elif add_months(worker.qualified, 12 * AGENCY_MIN_PQE_YEARS) > on:
            yield found(
                "agency_pqe_under_3_years",
                Severity.QUERY,
                f"agency worker qualified {worker.qualified}: under {AGENCY_MIN_PQE_YEARS} years' "
                f"post-qualifying experience on {on}",
                "confirm the qualified date; DfE rules need 3 years' PQE for agency social workers",
            )


def _year_on_year(census: CensusReturn, previous: PreviousReturn) -> Iterator[Finding]:
    current = {w.worker_ref: w for w in census.workers if not w.agency}
    last = f"30 September {previous.year}"
    for old in previous.workers:
        if old.agency or old.fte30 is None:
            continue
        new = current.get(old.worker_ref)
        if new is None:
            yield Finding(
                "yoy_missing",
                Severity.QUERY,
                old.worker_ref,
                f"in post on {last} (previous return) but not in this return",
                "add the worker's role spells for the year, with the leaving date and reason "
                "if they left",
            )
        elif old.role_start and new.role_start and old.role_start != new.role_start:
            yield Finding(
                "yoy_start_changed",
                Severity.QUERY,
                old.worker_ref,
                f"role start {new.role_start} differs from {old.role_start} in the previous return",
                "correct the start date, or note why the worker's service start changed",
            )
    for label, was, now in (
        ("vacancy FTE", previous.vacancy_fte, census.vacancy_fte),
        ("agency cover FTE", previous.agency_fte, census.agency_fte),
    ):
        if was > 0 and abs(now - was) / was > MAX_YEAR_ON_YEAR_SWING:
            yield Finding(
                "yoy_swing",
                Severity.QUERY,
                None,
                f"{label} {now:g} against {was:g} on {last}: a change of more than "
                f"{MAX_YEAR_ON_YEAR_SWING:.0%}",
                "check the establishment and agency records, or add a note explaining the change",
            )


def _la_level(census: CensusReturn) -> Iterator[Finding]:
    if census.agency_fte > census.vacancy_fte:
        yield Finding(
            "agency_cover_over_vacancies",
            Severity.QUERY,
            None,
            f"agency workers covering vacancies {census.agency_fte:g} FTE "
            f"({census.agency_headcount}) exceed the vacancies, {census.vacancy_fte:g} FTE",
            "count only agency workers covering vacant funded posts, and check the establishment "
            "(agency workers covering absence or extra demand are not cover of vacancies)",
        )


def check_return(census: CensusReturn, previous: PreviousReturn | None = None) -> list[Finding]:
    """Every finding for ``census``: errors first, then queries, each by worker reference."""
    findings = [f for w in census.workers for f in _worker_findings(w, census.reference_date)]
    findings.extend(_la_level(census))
    if previous is not None:
        findings.extend(_year_on_year(census, previous))
    order = list(Severity)
    return sorted(findings, key=lambda f: (order.index(f.severity), f.worker_ref or "", f.rule))
