"""The Staff view: one row per worker known by the as-at date, and one worker's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cswork.model.months import completed_months
from cswork.model.workforce import ORG_ROLES, RoleSpell
from cswork.store import Database
from cswork.store.caseloads import latest_case_totals, worker_case_totals
from cswork.store.staff import StaffSpell, load_staff_spells
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


def _in_post(spell: StaffSpell, as_at: date) -> bool:
    return spell[5] <= as_at and (spell[6] is None or spell[6] >= as_at)


def _row(spells: list[StaffSpell], as_at: date, cases: int, pqe: dict[date, float]) -> StaffRow:
    """A worker's row from their spells (oldest first): the main spell in post (largest FTE,
    then latest start, as :func:`cswork.model.position.primary_spells` chooses), else the last
    to end; ``pqe`` holds the PQE of each qualifying date met so far."""
    if len(spells) == 1:  # most workers: no choosing between spells
        shown = spells[0]
        in_post = _in_post(shown, as_at)
        start, end, qualified, cohort = shown[5], shown[6], shown[7], shown[8] or None
    else:
        current: StaffSpell | None = None
        for spell in spells:
            if _in_post(spell, as_at) and (
                current is None or (spell[4], spell[5]) > (current[4], current[5])
            ):
                current = spell
        in_post = current is not None
        shown = current or max(spells, key=lambda s: (s[6] or s[5], s[5]))
        qualified = next((s[7] for s in spells if s[7]), None)
        cohort = next((s[8] for s in spells if s[8]), None)
        start = min(s[5] for s in spells)
        end = None if in_post else max(s[6] for s in spells if s[6] is not None)
    years = None
    if qualified:
        years = pqe.get(qualified)
        if years is None:
            years = pqe[qualified] = round(completed_months(qualified, as_at) / 12, 1)
    return StaffRow(
        ref=shown[0],
        team=shown[1],
        org_role=shown[2],
        contract=shown[3].value,
        fte=shown[4],
        start=start,
        end=None if in_post else end,
        cohort=cohort,
        pqe_years=years,
        cases=cases if in_post else None,
        status=IN_POST if in_post else LEFT,
    )


def build_staff(db: Database, as_at: date) -> list[StaffRow]:
    """Every worker with a spell starting by ``as_at``, in post or left, by reference."""
    by_worker: dict[str, list[StaffSpell]] = {}
    for spell in load_staff_spells(db, started_by=as_at):
        held = by_worker.get(spell[0])
        if held is None:
            by_worker[spell[0]] = [spell]
        else:
            held.append(spell)
    cases = latest_case_totals(db, on_or_before=as_at)
    pqe: dict[date, float] = {}
    return [
        _row(spells, as_at, cases.get(ref, 0), pqe) for ref, spells in sorted(by_worker.items())
    ]


def worker_detail(db: Database, ref: str, as_at: date) -> WorkerDetail:
    """A worker's spells and total cases at each count date, up to ``as_at``."""
    spells = load_role_spells(db, started_by=as_at, worker_ref=ref)
    return WorkerDetail(
        ref=ref, spells=tuple(spells), caseloads=tuple(worker_case_totals(db, ref, as_at))
    )
