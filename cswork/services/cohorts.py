"""Academy cohorts as at a date: each cohort's starters, retention and ASYE completion, the pooled
retention curve, the planned intakes and the headline total. Shared by ``cswork cohorts`` and the
Academy screen (which calls :func:`build_cohorts` from a worker thread with its own connection)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.cohorts import (
    RETENTION_MONTHS,
    AcademyCohort,
    CohortOutcome,
    all_cohorts,
    cohort_outcomes,
    planned_cohorts,
)
from cswork.model.survival import SurvivalPoint
from cswork.services.pressure import percent
from cswork.store import Database
from cswork.store.cohorts import load_cohorts
from cswork.store.settings import load_settings
from cswork.store.staff import load_role_spells
from cswork.store.teams import list_teams

ALL_COHORTS = "All cohorts"


@dataclass(frozen=True, slots=True)
class CohortReport:
    """Everything the cohorts command and the Academy screen show, as at a date.

    ``cohorts`` are those started by ``as_at``, oldest first; ``pooled`` is every starter on their own
    time since starting (the curve where censoring of recent cohorts matters); ``planned`` are the
    intakes still to come.
    """

    as_at: date
    asye_months: int
    cohorts: tuple[CohortOutcome, ...]
    pooled: CohortOutcome
    planned: tuple[AcademyCohort, ...]

    @property
    def starters(self) -> int:
        """NQSWs who have started the academy."""
        return sum(c.starters for c in self.cohorts)

    @property
    def since(self) -> date | None:
        """When the first cohort started."""
        return self.cohorts[0].cohort.start if self.cohorts else None

    @property
    def headline(self) -> str:
        """The sentence a board report uses."""
        if self.since is None:
            return "No academy cohort has started yet."
        noun = "NQSW has" if self.starters == 1 else "NQSWs have"
        return f"{self.starters:,} {noun} started the academy since {self.since:%B %Y}."


def build_cohorts(db: Database, as_at: date) -> CohortReport:
    """Compute the cohort report from the store as at ``as_at``."""
    settings = load_settings(db)
    recorded = load_cohorts(db)
    spells = load_role_spells(db, started_by=as_at, cohort_members=True)
    academy = [t.name for t in list_teams(db) if t.is_academy]
    outcomes = cohort_outcomes(recorded, spells, as_at, settings.asye_months, academy)
    return CohortReport(
        as_at=as_at,
        asye_months=settings.asye_months,
        cohorts=tuple(outcomes),
        pooled=all_cohorts(outcomes, as_at, ALL_COHORTS),
        planned=tuple(planned_cohorts(recorded, as_at)),
    )


def _by_months(points: tuple[SurvivalPoint, ...]) -> dict[str, dict[str, Any]]:
    return {
        "retention": {str(p.months): percent(p.retention) for p in points},
        "at_risk": {str(p.months): p.at_risk for p in points},
    }


def outcome_json(outcome: CohortOutcome) -> dict[str, Any]:
    """One cohort with stable keys; retention in % keyed by months ("6", "12", ...)."""
    return {
        "cohort": outcome.cohort.name,
        "start_date": outcome.cohort.start.isoformat(),
        "planned_size": outcome.cohort.planned_size,
        "starters": outcome.starters,
        "in_post": outcome.in_post,
        "left": outcome.left,
        "completed_asye": outcome.completed_asye,
        "in_asye": outcome.in_asye,
        "progressed": outcome.progressed,
        **_by_months(outcome.retention),
        "leaving_reasons": outcome.leaving_reasons,
        "departures": [
            {
                "ref": d.worker_ref,
                "left_on": d.left_on.isoformat(),
                "reason": d.reason,
                "months_in_post": d.months_in_post,
            }
            for d in outcome.departures
        ],
    }


def cohorts_json(report: CohortReport) -> dict[str, Any]:
    """The report as JSON-ready data with stable keys."""
    pooled = report.pooled
    return {
        "as_at": report.as_at.isoformat(),
        "asye_months": report.asye_months,
        "retention_months": list(RETENTION_MONTHS),
        "headline": report.headline,
        "totals": {
            "since": report.since.isoformat() if report.since else None,
            "starters": pooled.starters,
            "in_post": pooled.in_post,
            "left": pooled.left,
            "completed_asye": pooled.completed_asye,
            "in_asye": pooled.in_asye,
            "progressed": pooled.progressed,
            **_by_months(pooled.retention),
        },
        "cohorts": [outcome_json(o) for o in report.cohorts],
        "planned": [
            {
                "cohort": c.name,
                "start_date": c.start.isoformat(),
                "planned_size": c.planned_size,
            }
            for c in report.planned
        ],
    }


def has_cohorts(db: Database) -> bool:
    """Whether any academy cohort is recorded (planned cohorts can come before any staff)."""
    return bool(load_cohorts(db))
