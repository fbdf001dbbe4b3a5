"""Agency money and the agency rules as at a date: one door for the CLI, the app and the report.

:func:`agency_costs` returns everything (spend for the month, quarter, year to date and a year at the
run rate; premium over permanent cost; cost of vacancies; spend by team; and the compliance lists,
by worker reference, never names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.money import (
    AgencyWorker,
    CapCheck,
    JobType,
    Periods,
    PriceCap,
    TeamSpend,
    annualised_premium,
    annualised_spend,
    cap_in_force,
    in_post_agency,
    long_assignments,
    over_cap,
    period_total,
    periods,
    pqe_unknown,
    project_team_assignments,
    spend,
    spend_by_team,
    under_three_years_pqe,
    vacancy_cost,
    weekly_premium,
)
from cswork.store import Database
from cswork.store.money import load_price_caps
from cswork.store.settings import load_settings
from cswork.store.staff import load_role_spells


@dataclass(frozen=True, slots=True)
class AgencyCompliance:
    """The agency rules checked on a date: charges over the price caps, workers under three years'
    PQE (and those whose PQE is unknown), project-team assignments, assignments over 12 months."""

    as_at: date
    agency_workers: int
    caps: CapCheck
    caps_in_force: tuple[PriceCap, ...]
    under_pqe: tuple[AgencyWorker, ...]
    pqe_unknown: tuple[AgencyWorker, ...]
    project_teams: tuple[AgencyWorker, ...]
    long_assignments: tuple[AgencyWorker, ...]


@dataclass(frozen=True, slots=True)
class AgencyCosts:
    """What agency staff cost as at ``as_at`` (GBP), and the agency rules checked then."""

    as_at: date
    periods: Periods
    agency_fte: float
    assignments: int
    uncharged: int  # assignments in post with no hourly charge recorded (costed at nothing)
    spend_month: float
    spend_quarter: float
    spend_year_to_date: float
    spend_year: float  # a year at the run rate on as_at
    premium_year: float
    premium_year_to_date: float
    vacancy_cost_year: float
    permanent_costs: dict[int, float]
    standard_hours: float
    by_team: tuple[TeamSpend, ...]
    compliance: AgencyCompliance


def agency_costs(db: Database, as_at: date) -> AgencyCosts:
    """Agency spend, premium, cost of vacancies and the compliance lists as at ``as_at``."""
    settings = load_settings(db)
    hours = settings.standard_hours
    costs = settings.permanent_costs
    # Every figure here is of agency spells (each function keeps only those): read only those.
    spells = load_role_spells(db, started_by=as_at, agency_only=True)
    caps = load_price_caps(db)
    when = periods(as_at)
    in_post = in_post_agency(spells, as_at)
    workers = {s.worker_ref for s in in_post}
    in_force = tuple(
        cap for job_type in JobType if (cap := cap_in_force(caps, job_type, as_at)) is not None
    )
    compliance = AgencyCompliance(
        as_at=as_at,
        agency_workers=len(workers),
        caps=over_cap(spells, caps, as_at, hours),
        caps_in_force=in_force,
        under_pqe=tuple(under_three_years_pqe(spells, as_at)),
        pqe_unknown=tuple(pqe_unknown(spells, as_at)),
        project_teams=tuple(project_team_assignments(spells, as_at)),
        long_assignments=tuple(long_assignments(spells, as_at)),
    )
    return AgencyCosts(
        as_at=as_at,
        periods=when,
        agency_fte=sum(s.fte for s in in_post),
        assignments=len(in_post),
        uncharged=sum(1 for s in in_post if s.hourly_charge is None),
        spend_month=spend(spells, when.month_start, as_at, hours),
        spend_quarter=spend(spells, when.quarter_start, as_at, hours),
        spend_year_to_date=spend(spells, when.year_start, as_at, hours),
        spend_year=annualised_spend(spells, as_at, hours),
        premium_year=annualised_premium(spells, as_at, costs, hours),
        premium_year_to_date=period_total(
            spells, when.year_start, as_at, lambda s: weekly_premium(s, costs, hours)
        ),
        vacancy_cost_year=vacancy_cost(spells, as_at, costs, hours),
        permanent_costs=costs,
        standard_hours=hours,
        by_team=tuple(spend_by_team(spells, as_at, when.year_start, costs, hours)),
        compliance=compliance,
    )


def _pounds(value: float) -> float:
    return float(round(value))


def _worker(worker: AgencyWorker, as_at: date) -> dict[str, Any]:
    return {
        "worker_ref": worker.worker_ref,
        "team": worker.team,
        "supplier": worker.supplier,
        "since": worker.since.isoformat(),
        "months": worker.months_on(as_at),
        "pqe_months": worker.pqe_months,
    }


def costs_json(costs: AgencyCosts) -> dict[str, Any]:
    """Agency costs with stable keys; money in whole pounds."""
    return {
        "as_at": costs.as_at.isoformat(),
        "periods": {
            "month_from": costs.periods.month_start.isoformat(),
            "quarter_from": costs.periods.quarter_start.isoformat(),
            "year_from": costs.periods.year_start.isoformat(),
        },
        "agency_fte": round(costs.agency_fte, 2),
        "assignments": costs.assignments,
        "assignments_without_charge": costs.uncharged,
        "spend": {
            "month": _pounds(costs.spend_month),
            "quarter": _pounds(costs.spend_quarter),
            "year_to_date": _pounds(costs.spend_year_to_date),
            "annualised": _pounds(costs.spend_year),
        },
        "premium": {
            "annualised": _pounds(costs.premium_year),
            "year_to_date": _pounds(costs.premium_year_to_date),
        },
        "cost_of_vacancies": {"annualised": _pounds(costs.vacancy_cost_year)},
        "over_cap": {
            "count": costs.compliance.caps.count,
            "fte": round(costs.compliance.caps.fte, 2),
            "excess_week": _pounds(costs.compliance.caps.excess_week),
            "excess_year": _pounds(costs.compliance.caps.excess_year),
        },
        "permanent_cost_per_fte": {str(k): v for k, v in costs.permanent_costs.items()},
        "by_team": [
            {
                "team": line.team,
                "agency_fte": round(line.agency_fte, 2),
                "spend_annualised": _pounds(line.spend_year),
                "premium_annualised": _pounds(line.premium_year),
                "spend_year_to_date": _pounds(line.spend_to_date),
                "premium_year_to_date": _pounds(line.premium_to_date),
            }
            for line in costs.by_team
        ],
    }


def compliance_json(compliance: AgencyCompliance) -> dict[str, Any]:
    """The agency rules with stable keys, workers by reference only."""
    on = compliance.as_at
    return {
        "as_at": on.isoformat(),
        "agency_workers": compliance.agency_workers,
        "price_caps": [
            {
                "job_type": cap.job_type.value,
                "hourly_cap": cap.hourly_cap,
                "effective_from": cap.effective_from.isoformat(),
                "effective_to": cap.effective_to.isoformat() if cap.effective_to else None,
            }
            for cap in compliance.caps_in_force
        ],
        "over_cap": {
            "count": compliance.caps.count,
            "fte": round(compliance.caps.fte, 2),
            "excess_week": _pounds(compliance.caps.excess_week),
            "excess_year": _pounds(compliance.caps.excess_year),
            "checked": compliance.caps.checked,
            "unchecked": compliance.caps.unchecked,
            "assignments": [
                {
                    "worker_ref": b.worker_ref,
                    "team": b.team,
                    "job_type": b.job_type.value,
                    "hourly_charge": b.hourly_charge,
                    "hourly_cap": b.hourly_cap,
                    "fte": b.fte,
                    "excess_week": round(b.excess_week, 2),
                    "excess_year": _pounds(b.excess_year),
                }
                for b in compliance.caps.breaches
            ],
        },
        "under_three_years_pqe": [_worker(w, on) for w in compliance.under_pqe],
        "pqe_unknown": [_worker(w, on) for w in compliance.pqe_unknown],
        "project_teams": [_worker(w, on) for w in compliance.project_teams],
        "over_12_months": [_worker(w, on) for w in compliance.long_assignments],
    }
