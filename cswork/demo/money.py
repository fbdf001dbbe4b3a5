"""The demo authority's money and agency rules: its region's price caps, one managed project team
and a few agency workers under three years' PQE. Everything here draws from a stream of its own.
Agency-to-permanent conversions and academy no-shows are the pipeline's (:mod:`cswork.demo.pipeline`).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cswork.demo.authority import ACADEMY
from cswork.demo.workforce import DEMO_CHARGES, Workforce
from cswork.model.money import JobType, PriceCap
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


__all__ = [
    "DEMO_CAPS",
    "demo_caps",
    "mark_project_team",
    "some_under_three_years",
]
