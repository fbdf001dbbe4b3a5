"""Academy cohorts from the store: starters, still with us, through ASYE, left, and retention curves.

A starter is a worker recorded in the cohort whose first spell began by the as-at date. A worker is
*retained* on a day if any of their spells covers it; *through ASYE* if they were still in post
``asye_months`` after the cohort started (and that day has come). Retention is measured at each whole
month since the cohort began, up to the as-at date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cswork.model.workforce import RoleSpell, add_months, months_between
from cswork.store import Database
from cswork.store.settings import load_settings
from cswork.store.staff import load_role_spells


@dataclass(frozen=True, slots=True)
class CohortRow:
    """One academy intake as at a date."""

    name: str
    start: date
    planned: int | None
    starters: int
    retained: int
    through_asye: int | None  # None while the ASYE is not over for the cohort
    left: int
    retention: tuple[float, ...]  # share (%) of starters in post at month 0, 1, 2 ...

    @property
    def retention_rate(self) -> float | None:
        """Share (%) of starters still in post at the as-at date."""
        return 100 * self.retained / self.starters if self.starters else None


def _in_post(spells: list[RoleSpell], day: date) -> bool:
    return any(s.in_post(day) for s in spells)


def build_cohorts_view(db: Database, as_at: date) -> list[CohortRow]:
    """Every cohort that has started by ``as_at``, oldest first."""
    asye_months = load_settings(db).asye_months
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in load_role_spells(db, started_by=as_at):
        if spell.cohort:
            by_worker[spell.worker_ref].append(spell)
    members: dict[str, list[list[RoleSpell]]] = defaultdict(list)
    for worker_spells in by_worker.values():
        members[worker_spells[0].cohort or ""].append(worker_spells)
    rows = []
    for name, start_text, planned in db.execute(
        "SELECT name, start_date, planned_size FROM cohorts WHERE start_date <= ? "
        "ORDER BY start_date, name",
        (as_at.isoformat(),),
    ).fetchall():
        start = date.fromisoformat(start_text)
        cohort = members.get(name, [])
        retained = sum(1 for spells in cohort if _in_post(spells, as_at))
        asye_end = add_months(start, asye_months)
        through = (
            sum(1 for spells in cohort if _in_post(spells, asye_end)) if asye_end <= as_at else None
        )
        months = max(months_between(start, as_at), 0)
        curve = (
            tuple(
                100 * sum(1 for s in cohort if _in_post(s, add_months(start, m))) / len(cohort)
                for m in range(months + 1)
            )
            if cohort
            else ()
        )
        rows.append(
            CohortRow(
                name=name,
                start=start,
                planned=planned,
                starters=len(cohort),
                retained=retained,
                through_asye=through,
                left=len(cohort) - retained,
                retention=curve,
            )
        )
    return rows
