"""The NQSW protected-caseload check: is each newly qualified worker in their ASYE protected?

An NQSW in their ASYE (see :func:`cswork.model.pressure.asye_start`) breaches protection when:

- ``over_case_limit``: they hold more cases than the ``nqsw_protected_cases`` setting (a count of
  cases, whatever their type);
- ``over_protected_capacity``: their weighted caseload is above their protected capacity, which is
  FTE × target × the NQSW factor for their month of the ASYE (utilisation over 100 %);
- ``child_protection_early``: they hold a child protection case in the first ``nqsw_cp_months``
  months of their ASYE (0 switches this rule off). Caseload extracts do not say whether a case is
  co-worked, so every CP case an NQSW holds counts as held alone: a manager confirms or dismisses it.

Every NQSW in their ASYE is checked, so the screen can show the protected as well as the breached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cswork.model.pressure import WorkerPressure
from cswork.model.settings import Settings


class Breach(StrEnum):
    """Ways an NQSW's protection can be breached."""

    OVER_CASE_LIMIT = "over_case_limit"
    OVER_PROTECTED_CAPACITY = "over_protected_capacity"
    CHILD_PROTECTION_EARLY = "child_protection_early"

    @property
    def label(self) -> str:
        """A short description for tables."""
        return _LABELS[self]


_LABELS = {
    Breach.OVER_CASE_LIMIT: "over case limit",
    Breach.OVER_PROTECTED_CAPACITY: "over capacity",
    Breach.CHILD_PROTECTION_EARLY: "CP case early",
}


@dataclass(frozen=True, slots=True)
class NqswCheck:
    """One NQSW in their ASYE, and any breaches of their protection."""

    worker: WorkerPressure
    case_limit: int
    breaches: tuple[Breach, ...]

    @property
    def breached(self) -> bool:
        """Whether any protection is breached."""
        return bool(self.breaches)


def nqsw_checks(pressures: Iterable[WorkerPressure], settings: Settings) -> list[NqswCheck]:
    """Check every NQSW in their ASYE; breached first, then by team and reference."""
    limit = settings.nqsw_protected_cases
    cp_months = settings.nqsw_cp_months
    checks = []
    for worker in pressures:
        if not worker.in_asye:
            continue
        breaches = []
        if worker.cases > limit:
            breaches.append(Breach.OVER_CASE_LIMIT)
        if worker.over_capacity:
            breaches.append(Breach.OVER_PROTECTED_CAPACITY)
        month = worker.asye_month or 0
        if worker.cp_cases > 0 and month < cp_months:
            breaches.append(Breach.CHILD_PROTECTION_EARLY)
        checks.append(NqswCheck(worker, limit, tuple(breaches)))
    return sorted(checks, key=lambda c: (not c.breached, c.worker.team, c.worker.worker_ref))
