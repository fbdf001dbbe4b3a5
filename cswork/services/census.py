"""The census return from the store: building it for a year, and the pre-submission check."""

from __future__ import annotations

from datetime import date, timedelta

from cswork.model.absence import absent_on
from cswork.model.census import CensusReturn, census_date
from cswork.model.census_build import LaLevel, build_return, la_level
from cswork.model.census_check import Finding, Severity, check_return
from cswork.model.months import year_before
from cswork.model.position import funded_fte
from cswork.services.collector import building
from cswork.store import Database
from cswork.store.absence import load_long_term_absences
from cswork.store.caseloads import latest_case_totals
from cswork.store.census import (
    load_absences,
    load_spell_origins,
    load_worker_details,
    stored_return,
)
from cswork.store.settings import load_settings
from cswork.store.staff import load_establishment, load_role_spells

LA_CODE_MISSING = Finding(
    "la_code_missing",
    Severity.ERROR,
    None,
    "the authority's DfE LA code is not set",
    "pass --la-code NNN to 'cswork export csww', or set authority.la_code",
)


class CensusError(ValueError):
    """The return cannot be built as asked (a bad LA code)."""


class NoWorkersError(CensusError):
    """Nobody was in post in the census year."""


def default_la_code(db: Database) -> str:
    """The ``authority.la_code`` setting ('' if unset)."""
    return str(load_settings(db)["authority.la_code"])


def build_census(db: Database, year: int, la_code: str) -> CensusReturn:
    """The return for the census year ending 30 September ``year``.

    Vacancy FTE comes from the establishment in force on 30 September, and agency cover from the
    agency workers marked as covering a vacancy; a store with no establishment then (one built from
    an imported return) uses the vacancy FTE and agency cover recorded from that year's return.
    """
    if not (len(la_code) == 3 and la_code.isdigit()):
        raise CensusError(
            f"the LA code must be DfE's three digits, not {la_code!r}: pass --la-code NNN "
            "or set authority.la_code"
        )
    with building():  # tens of thousands of records, none in a cycle
        census = _build_census(db, year, la_code)
    if not census.workers:
        raise NoWorkersError(
            f"no social workers in post in the year to {census_date(year):%d %B %Y}"
        )
    return census


def _build_census(db: Database, year: int, la_code: str) -> CensusReturn:
    on = census_date(year)
    # the return and its LA-level figures are about the year to 30 September: no one who had left
    # before it counts (at fifty times the demo, three in five workers), as in ``summary``
    year_start = year_before(on)
    spells = load_role_spells(db, started_by=on, workers_in_post_since=year_start)
    establishment = load_establishment(db)
    previous = stored_return(db, year)
    if not funded_fte(establishment, on) and previous is not None:
        level = LaLevel(previous.vacancy_fte, previous.agency_fte, previous.agency_headcount)
    else:
        level = la_level(spells, establishment, on)
    return build_return(
        year,
        la_code,
        level,
        spells,
        load_spell_origins(db),
        load_worker_details(db, in_post_since=year_start),
        latest_case_totals(db, on_or_before=on),
        load_absences(db, year_before(on) + timedelta(days=1), on),
        absent_at_census(db, on),
    )


def absent_at_census(db: Database, on: date) -> dict[str, str] | None:
    """The census ReasonAbsence code of each worker on a long-term absence on ``on`` (the census
    Absat30Sept), or ``None`` when no long-term absence is recorded at all."""
    absences = load_long_term_absences(db)
    if not absences:
        return None
    return {ref: reason.census_code for ref, reason in absent_on(absences, on).items()}


def check_census(db: Database, year: int, la_code: str | None = None) -> list[Finding]:
    """The pre-submission findings for ``year``, with year-on-year checks against the stored return
    for the year before, if one was imported."""
    code = la_code or default_la_code(db)
    census = build_census(db, year, code or "000")
    findings = check_return(census, stored_return(db, year - 1))
    if not code:
        findings.insert(0, LA_CODE_MISSING)
    return findings
