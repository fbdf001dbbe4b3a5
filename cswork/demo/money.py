"""The demo authority's money and agency rules: its region's price caps, one managed project team,
a few agency workers under three years' PQE, agency workers who convert to permanent posts, and academy places that were offered but not taken.

Everything here draws from a stream of its own. Conversions are added before caseloads are generated
(converted workers hold cases like anyone else); the rest runs after.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cswork.demo.authority import ACADEMY, FIXED_COHORTS
from cswork.demo.workforce import DEMO_CHARGES, DemoCohort, DemoSpell, Workforce
from cswork.model.money import JobType, PriceCap
from cswork.model.months import add_months
from cswork.model.workforce import Contract

#: The demo region's caps an hour (the social worker and senior caps are those charges aim under).
DEMO_CAPS: dict[JobType, float] = {
    JobType.SOCIAL_WORKER: DEMO_CHARGES["social_worker"][1],
    JobType.SENIOR_SOCIAL_WORKER: DEMO_CHARGES["senior_social_worker"][1],
    JobType.ADVANCED_PRACTITIONER: 55.0,
    JobType.TEAM_MANAGER: 60.0,
    JobType.IRO_CP_CHAIR: 55.0,
}
#: Workers in the demo's one managed project team.
PROJECT_TEAM_SIZE = 4
#: Share of ended agency placements that end because the worker took a permanent post.
CONVERSION_SHARE = 0.04
#: Chance that an offered academy place is not taken up.
NO_SHOW_CHANCE = 0.1
PROJECT_SUPPLIER = "Sanctuary Personnel"
#: Agency workers in post with under three years' PQE.
UNDER_PQE = 3


def demo_caps(as_at: date) -> list[PriceCap]:
    """Caps from the April two years before ``as_at``'s financial year, raised 2 % from the last
    April on or before ``as_at``; the later caps are the ones the demo's charges are set against."""
    year = as_at.year if as_at.month >= 4 else as_at.year - 1
    first, latest = date(year - 1, 4, 1), date(year, 4, 1)
    caps = []
    for job_type, cap in DEMO_CAPS.items():
        caps.append(PriceCap(job_type, first, round(cap / 1.02, 2)))
        caps.append(PriceCap(job_type, latest, cap))
    return caps


def mark_project_team(workforce: Workforce, as_at: date) -> None:
    """The frontline team with most agency workers in post gets a project team: its most recently
    started agency workers, from one supplier."""
    in_post = [
        s
        for s in workforce.spells
        if s.contract is Contract.AGENCY and s.end is None and s.team != ACADEMY
    ]
    if not in_post:
        return
    teams = sorted({s.team for s in in_post})
    team = max(teams, key=lambda t: (sum(1 for s in in_post if s.team == t), t))
    chosen = sorted((s for s in in_post if s.team == team), key=lambda s: s.start)[
        -PROJECT_TEAM_SIZE:
    ]
    for spell in chosen:
        spell.project_team = True
        spell.supplier = PROJECT_SUPPLIER
        spell.covering = True


def some_under_three_years(workforce: Workforce, as_at: date, rng: np.random.Generator) -> None:
    """A few agency workers in post qualified under three years ago (real lists have some)."""
    in_post = sorted(
        {
            s.worker
            for s in workforce.spells
            if s.contract is Contract.AGENCY and s.end is None and not s.project_team
        }
    )
    if not in_post:
        return
    chosen = rng.choice(in_post, size=min(UNDER_PQE, len(in_post)), replace=False)
    for index in sorted(int(i) for i in chosen):
        years = float(rng.uniform(1.3, 2.8))
        workforce.workers[index].qualified = as_at - timedelta(days=int(years * 365.25))


def convert_some_agency(workforce: Workforce, as_at: date, rng: np.random.Generator) -> int:
    """Some agency placements that ended in the last two years end because the worker joined
    the authority: a permanent spell starts the next day in the same team and role. Returns how
    many converted."""
    since = add_months(as_at, -24)
    ended: list[DemoSpell] = []
    for spell in workforce.spells:
        if spell.contract is Contract.AGENCY and spell.end is not None and spell.end >= since:
            ended.append(spell)
    counts: dict[int, int] = {}
    for spell in workforce.spells:
        counts[spell.worker] = counts.get(spell.worker, 0) + 1
    later = {worker for worker, n in counts.items() if n > 1}
    converted = 0
    for spell in sorted(ended, key=lambda s: (s.start, s.worker)):
        if spell.worker in later or spell.end is None or spell.end >= as_at:
            continue
        if rng.random() < CONVERSION_SHARE:
            workforce.spells.append(
                DemoSpell(
                    spell.worker,
                    spell.team,
                    spell.org_role,
                    Contract.PERMANENT,
                    spell.fte,
                    spell.end + timedelta(days=1),
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


__all__ = [
    "DEMO_CAPS",
    "convert_some_agency",
    "demo_caps",
    "mark_project_team",
    "planned_sizes",
    "some_under_three_years",
]
