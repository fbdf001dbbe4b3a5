"""The demo authority's pipeline: agency workers who convert to permanent posts, academy places
offered but not taken up, and the recruitment route of every starter.

Everything here draws from a stream of its own and runs after the workforce, caseloads and demand
are generated, so those are as they were: conversions give some recent hires the agency assignment
they held before, and routes are read off the finished workforce. The story: most experienced starters come from
other authorities; international recruits, a small recent stream, leave sooner; Step Up and
Frontline graduates join the academy cohorts; nobody has yet come through an apprenticeship (a
scenario can plan one, with its three-year lead time).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import numpy as np

from cswork.demo.authority import AGENCY_SUPPLIERS, FIXED_COHORTS
from cswork.demo.workforce import DEMO_CHARGES, DemoCohort, DemoSpell, Workforce
from cswork.model.months import add_months
from cswork.model.routes import CONVERSION_DAYS
from cswork.model.workforce import Contract

#: Share of the last three years' experienced hires who had been agency workers in the team.
CONVERSION_SHARE = 0.2
#: Chance that an offered academy place is not taken up.
NO_SHOW_CHANCE = 0.08
#: Routes of academy cohort members.
COHORT_ROUTES = (("academy", 0.75), ("step_up", 0.15), ("frontline", 0.10))


def convert_some_hires(workforce: Workforce, as_at: date, rng: np.random.Generator) -> int:
    """Some of the last three years' experienced hires were agency workers in the same team
    before they took the post: each gets the agency assignment that ended a few days before their
    permanent start. The workforce in post is unchanged (they were hired either way); only where
    they came from. Returns how many converted."""
    since, until = add_months(as_at, -36), add_months(as_at, -1)
    first_spell: dict[int, DemoSpell] = {}
    for spell in sorted(workforce.spells, key=lambda s: (s.start, s.worker)):
        first_spell.setdefault(spell.worker, spell)
    converted = 0
    for worker, spell in sorted(first_spell.items()):
        if (
            spell.contract is Contract.AGENCY
            or workforce.workers[worker].cohort is not None
            or not since <= spell.start <= until
            or rng.random() >= CONVERSION_SHARE
        ):
            continue
        ended = spell.start - timedelta(days=int(rng.integers(1, 15)))
        began = ended - timedelta(days=int(rng.integers(120, 540)))
        job_type = "senior_social_worker" if spell.org_role == 4 else "social_worker"
        low, cap = DEMO_CHARGES[job_type]
        workforce.spells.append(
            DemoSpell(
                worker,
                spell.team,
                spell.org_role,
                Contract.AGENCY,
                1.0,
                began,
                ended,
                supplier=str(AGENCY_SUPPLIERS[int(rng.integers(len(AGENCY_SUPPLIERS)))]),
                hourly_charge=round(float(rng.uniform(low, cap - 0.5)), 2),
                covering=True,
                job_type=job_type,
                weekly_hours=37.0,
            )
        )
        converted += 1
    return converted


def planned_sizes(
    cohorts: list[DemoCohort], as_at: date, rng: np.random.Generator
) -> dict[str, int]:
    """Places offered per cohort: those who started plus those who did not take up their place
    (planned cohorts, and the cohorts the council's papers fix, are as planned)."""
    fixed = {f"Cohort {number}" for number in FIXED_COHORTS}
    sizes = {}
    for cohort in cohorts:
        if cohort.start > as_at or cohort.name in fixed:
            sizes[cohort.name] = cohort.size
            continue
        no_shows = int(rng.binomial(cohort.size, NO_SHOW_CHANCE / (1 - NO_SHOW_CHANCE)))
        sizes[cohort.name] = cohort.size + no_shows
    return sizes


def _experienced_route(left_soon: bool, rng: np.random.Generator) -> str:
    international = 0.22 if left_soon else 0.05
    choices = ("international", "return_to_practice", "other", "experienced")
    chances = np.array([international, 0.05, 0.05, 0.0])
    chances[-1] = 1.0 - chances.sum()
    return choices[int(rng.choice(len(choices), p=chances))]


def demo_routes(
    workforce: Workforce, as_at: date, rng: np.random.Generator
) -> list[tuple[int, date, str]]:
    """(worker, start, route) for every LA-employed starting spell: academy cohort members by the
    academy, Step Up or Frontline; agency workers who converted by agency conversion; the rest
    mostly experienced from other authorities, with international recruits (more of them among
    those who left within two years), returners and a few others."""
    by_worker: dict[int, list[DemoSpell]] = defaultdict(list)
    for spell in workforce.spells:
        by_worker[spell.worker].append(spell)
    routes = []
    for worker in sorted(by_worker):
        spells = sorted(by_worker[worker], key=lambda s: s.start)
        first = next((s for s in spells if s.contract is not Contract.AGENCY), None)
        if first is None:
            continue
        window = first.start - timedelta(days=CONVERSION_DAYS)
        if workforce.workers[worker].cohort is not None:
            chances = np.array([chance for _, chance in COHORT_ROUTES])
            route = COHORT_ROUTES[int(rng.choice(len(COHORT_ROUTES), p=chances))][0]
        elif any(
            s.contract is Contract.AGENCY and s.end is not None and window <= s.end < first.start
            for s in spells
        ):
            route = "agency_conversion"
        else:
            last = spells[-1]
            left_soon = last.end is not None and last.end <= add_months(first.start, 24)
            route = _experienced_route(left_soon and last.end is not None, rng)
        routes.append((worker, first.start, route))
    return routes


#: A working day is lost for this many calendar days of a long absence (five days in seven).
WORKING_SHARE = 5 / 7
WORKING_DAYS = 253
#: Mean share of working days lost to short absences, a year (England's rate is about 3 %).
SHORT_ABSENCE_RATE = 0.025
#: Chances a year of a long sickness absence and of maternity or parental leave.
LONG_SICKNESS_CHANCE = 0.03
PARENTAL_CHANCE = 0.025

AbsenceRow = tuple[int, date, date, float, str]
LongAbsenceRow = tuple[int, date, date | None, str]


def _census_years(as_at: date, years: int) -> list[tuple[date, date]]:
    """The last ``years`` census years (1 October to 30 September) up to ``as_at``, the latest cut
    at ``as_at``."""
    last = as_at.year if (as_at.month, as_at.day) >= (9, 30) else as_at.year - 1
    periods = [(date(y - 1, 10, 1), date(y, 9, 30)) for y in range(last - years + 1, last + 1)]
    if periods[-1][1] < as_at:
        periods.append((date(last, 10, 1), as_at))
    return periods


def demo_absence(
    workforce: Workforce, as_at: date, rng: np.random.Generator, years: int = 3
) -> tuple[list[AbsenceRow], list[LongAbsenceRow]]:
    """Working days lost by each LA-employed worker in each of the last census years (short
    absences at about 2.5 % of their working days, plus any long absence), and long absences:
    sickness of four to sixteen weeks and maternity or parental leave of six to twelve months,
    some still running at ``as_at``."""
    employed: dict[int, list[DemoSpell]] = defaultdict(list)
    for spell in workforce.spells:
        if spell.contract is not Contract.AGENCY:
            employed[spell.worker].append(spell)
    periods: list[AbsenceRow] = []
    long_term: list[LongAbsenceRow] = []
    for first, last in _census_years(as_at, years):
        for worker in sorted(employed):
            spells = employed[worker]
            start = max(first, min(s.start for s in spells))
            ends = [s.end for s in spells]
            end = min(last, max(e for e in ends if e is not None)) if None not in ends else last
            if end < start:
                continue
            fte = max(s.fte for s in spells)
            span = (end - start).days + 1
            lost = float(rng.gamma(1.5, SHORT_ABSENCE_RATE / 1.5)) * WORKING_DAYS * fte * span / 365
            share = span / 365
            for reason, chance, low, high in (
                ("sickness", LONG_SICKNESS_CHANCE, 28, 112),
                ("maternity", PARENTAL_CHANCE, 182, 365),
            ):
                if rng.random() >= chance * share:
                    continue
                began = start + timedelta(days=int(rng.integers(0, span)))
                until = began + timedelta(days=int(rng.integers(low, high)))
                long_term.append((worker, began, until if until <= as_at else None, reason))
                counted = (min(until, end) - began).days + 1
                lost += counted * WORKING_SHARE * fte
            periods.append((worker, start, end, round(lost, 1), "sickness"))
    return periods, _without_overlaps(long_term)


def _without_overlaps(rows: list[LongAbsenceRow]) -> list[LongAbsenceRow]:
    """One long absence at a time per worker: a later one starting inside another is dropped."""
    kept: list[LongAbsenceRow] = []
    last_end: dict[int, date | None] = {}
    for row in sorted(rows, key=lambda r: (r[0], r[1])):
        worker, began, until, _ = row
        if worker in last_end:
            previous = last_end[worker]
            if previous is None or began <= previous:
                continue
        kept.append(row)
        last_end[worker] = until
    return kept
