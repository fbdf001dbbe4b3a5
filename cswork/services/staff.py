"""The Staff view: one row per worker known by the as-at date, and one worker's detail."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cswork.model.months import completed_months
from cswork.model.position import primary_spells
from cswork.model.workforce import ORG_ROLES, RoleSpell
from cswork.store import Database
from cswork.store.caseloads import latest_case_totals, worker_case_totals
from cswork.store.staff import load_role_spells as load_role_spells

IN_POST = "in post"
LEFT = "left"


@dataclass(frozen=True, slots=True)
class StaffRow:
    """A worker as the Staff table shows them: their current (or last) role."""

    ref: str
    team: str
    org_role: int
    contract: str
    fte: float
    start: date
    end: date | None
    cohort: str | None
    pqe_years: float | None
    cases: int | None
    status: str

    @property
    def role(self) -> str:
        """The DfE OrgRole name."""
        return ORG_ROLES.get(self.org_role, str(self.org_role))


@dataclass(frozen=True, slots=True)
class WorkerDetail:
    """One worker's role spells and caseload history up to the as-at date."""

    ref: str
    spells: tuple[RoleSpell, ...]
    caseloads: tuple[tuple[date, int], ...]


def _row(
    spells: list[RoleSpell], in_post: RoleSpell | None, cases: int, pqe: dict[date, float]
) -> StaffRow:
    """A worker's row; ``pqe`` gives the PQE of each qualifying date (worked out once per date)."""
    if len(spells) == 1:  # most workers: no choosing between spells
        shown = only = spells[0]
        qualified, cohort, start = only.qualified, only.cohort or None, only.start
        end = only.end
    else:
        shown = in_post or max(spells, key=lambda s: (s.end or s.start, s.start))
        qualified = next((s.qualified for s in spells if s.qualified), None)
        cohort = next((s.cohort for s in spells if s.cohort), None)
        start = min(s.start for s in spells)
        end = None if in_post else max(s.end for s in spells if s.end is not None)
    return StaffRow(
        ref=shown.worker_ref,
        team=shown.team,
        org_role=shown.org_role,
        contract=shown.contract.value,
        fte=shown.fte,
        start=start,
        end=None if in_post else end,
        cohort=cohort,
        pqe_years=pqe[qualified] if qualified else None,
        cases=cases if in_post else None,
        status=IN_POST if in_post else LEFT,
    )


def build_staff(db: Database, as_at: date) -> list[StaffRow]:
    """Every worker with a spell starting by ``as_at``, in post or left, by reference."""
    spells = load_role_spells(db, started_by=as_at)
    by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        by_worker[spell.worker_ref].append(spell)
    current = primary_spells(s for s in spells if s.in_post(as_at))
    cases = latest_case_totals(db, on_or_before=as_at)
    pqe = {
        qualified: round(completed_months(qualified, as_at) / 12, 1)
        for qualified in {s.qualified for s in spells if s.qualified}
    }
    return [
        _row(worker_spells, current.get(ref), cases.get(ref, 0), pqe)
        for ref, worker_spells in sorted(by_worker.items())
    ]


def worker_detail(db: Database, ref: str, as_at: date) -> WorkerDetail:
    """A worker's spells and total cases at each count date, up to ``as_at``."""
    spells = [s for s in load_role_spells(db, started_by=as_at) if s.worker_ref == ref]
    return WorkerDetail(
        ref=ref, spells=tuple(spells), caseloads=tuple(worker_case_totals(db, ref, as_at))
    )
